/**
 * Which ready task comes next (product spec section 5): priority, then how many tasks it
 * unblocks, then age. `selectBatch` picks tasks whose targets do not overlap, so agents working
 * in parallel do not edit the same endpoint or model. Pure.
 */
import { compareText } from '../core/compare.js';
import { PRIORITIES, type Task } from './schema.js';
import { taskNumber } from './task-number.js';

const priorityRank = (task: Task) => PRIORITIES.indexOf(task.priority);

export function rankTasks(tasks: readonly Task[], unblocks: ReadonlyMap<string, number>): Task[] {
  // Plain comparisons only: this runs on every `next` and claim, and locale-aware comparison
  // (Intl) was the single largest cost of a claim on a 1,000-task list.
  return [...tasks].sort(
    (a, b) =>
      priorityRank(a) - priorityRank(b) ||
      (unblocks.get(b.id) ?? 0) - (unblocks.get(a.id) ?? 0) ||
      compareText(a.createdAt, b.createdAt) ||
      taskNumber(a.id) - taskNumber(b.id) ||
      compareText(a.id, b.id),
  );
}

/** `GET /api/v1/products/{id}` and `/api/v1/products/:id` name the same thing. */
export function normalizeTarget(target: string): { method: string | undefined; name: string } {
  const match = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)$/i.exec(target.trim());
  const raw = match ? (match[2] as string) : target.trim();
  const name = raw
    .replace(/:([A-Za-z0-9_]+)/g, '{$1}')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\/+$/, '')
    .toLowerCase();
  return { method: match ? (match[1] as string).toUpperCase() : undefined, name };
}

export function targetsOverlap(a: string, b: string): boolean {
  const x = normalizeTarget(a);
  const y = normalizeTarget(b);
  if (x.name !== y.name) return false;
  return x.method === undefined || y.method === undefined || x.method === y.method;
}

export function selectBatch(ranked: readonly Task[], size: number, busyTargets: readonly string[] = []): Task[] {
  const taken = [...busyTargets];
  const batch: Task[] = [];
  for (const task of ranked) {
    if (batch.length >= size) break;
    if (task.targets.some((t) => taken.some((u) => targetsOverlap(t, u)))) continue;
    batch.push(task);
    taken.push(...task.targets);
  }
  return batch;
}
