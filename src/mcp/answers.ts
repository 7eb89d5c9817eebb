/**
 * The shapes of MCP answers: agents pay for every token, so each answer carries what the agent
 * acts on and nothing else, and every list in it is cut to a byte budget with a count of what
 * was left out. Pure: values in, values out.
 */
import type { Finding } from '../gates/types.js';
import type { Failure } from '../tasks/submit/scope.js';
import type { Task } from '../tasks/schema.js';

/** No single answer may be larger than this (bytes of its text). */
export const ANSWER_LIMIT_BYTES = 8 * 1024;

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

/** `file:line`, or just the file when the line is unknown (0), or undefined for no file (`-`). */
export function place(file: string, line: number): string | undefined {
  if (!file || file === '-') return undefined;
  return line > 0 ? `${file}:${line}` : file;
}

const shorten = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export interface TaskSummary {
  id: string;
  title: string;
  status: Task['status'];
  priority: Task['priority'];
  skill: string;
  targets?: string[];
  requirements?: string[];
  dependsOn?: string[];
  agent?: string;
  leaseUntil?: string;
  attempts?: number;
  blocked?: string;
}

/** What an agent needs to choose or track a task; empty lists and zero counts are left out. */
export function taskSummary(task: Task, options: { titleMax?: number } = {}): TaskSummary {
  return {
    id: task.id,
    title: options.titleMax ? shorten(task.title, options.titleMax) : task.title,
    status: task.status,
    priority: task.priority,
    skill: task.skill,
    ...(task.targets.length ? { targets: task.targets } : {}),
    ...(task.requirements.length ? { requirements: task.requirements } : {}),
    ...(task.dependencies.length ? { dependsOn: task.dependencies } : {}),
    ...(task.claim ? { agent: task.claim.agent, leaseUntil: task.claim.leaseUntil } : {}),
    ...(task.attempts > 0 ? { attempts: task.attempts } : {}),
    ...(task.blockedReason ? { blocked: task.blockedReason } : {}),
  };
}

/** One row of `list_tasks`: enough to pick a task by id, the title cut to one line. */
export function taskRow(task: Task): Pick<TaskSummary, 'id' | 'title' | 'status' | 'priority' | 'skill' | 'agent'> {
  return {
    id: task.id,
    title: shorten(task.title, 100),
    status: task.status,
    priority: task.priority,
    skill: task.skill,
    ...(task.claim ? { agent: task.claim.agent } : {}),
  };
}

export interface FailureItem {
  rule: string;
  at?: string;
  message: string;
  fix: string;
}

/** A failing item of a submit: the rule, where, what, and how to fix it. */
export function failureItem(failure: Failure): FailureItem {
  const at = place(failure.file, failure.line);
  return { rule: failure.rule, ...(at ? { at } : {}), message: failure.message, fix: failure.hint };
}

/** An error finding of a check run, without the hint (the saved report has it). */
export function findingItem(finding: Finding): { rule: string; at?: string; message: string } {
  const at = place(finding.file, finding.line);
  return { rule: finding.rule, ...(at ? { at } : {}), message: finding.message };
}

/**
 * The leading items whose JSON fits in `budget` bytes (at least `min` of them, whatever their
 * size, so an answer is never empty because one item is long), and how many were left out.
 */
export function fitWithin<T>(items: readonly T[], budget: number, min = 1): { items: T[]; more: number } {
  const kept: T[] = [];
  let used = 2;
  for (const item of items) {
    const size = bytes(item) + 1;
    if (kept.length >= min && used + size > budget) break;
    kept.push(item);
    used += size;
  }
  return { items: kept, more: items.length - kept.length };
}

/** Identical items (same rule, place and message) once: a rule reporting one line twice says nothing new. */
export function distinct<T extends { rule: string; at?: string; message: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.rule}\u0000${item.at ?? ''}\u0000${item.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
