/**
 * Tasks as rows of `bo_tasks` and back: the columns the store queries on (number, status, the
 * claim's agent and lease) are taken from the task, the task itself is the `doc`; a doc that does
 * not validate is reported like a damaged task file. Pure.
 */
import { check } from '../../core/validation.js';
import { Task, type HistoryEntry } from '../../tasks/schema.js';
import { taskNumber } from '../../tasks/task-number.js';
import type { StateProblem } from '../types.js';

/** What a write sends for one task (the shape of the statements' `jsonb_to_recordset`). */
export interface TaskRowInput {
  id: string;
  number: number;
  doc: Task;
  status: string;
  agent: string | null;
  lease_until: string | null;
  token: string;
  /** History entries this write adds (also inserted into bo_task_history). */
  history: HistoryEntry[];
}

/** The entries `after` adds to `before`'s history (none when it was rewritten rather than extended). */
export function addedHistory(before: Task | undefined, after: Task): HistoryEntry[] {
  const from = before?.history.length ?? 0;
  return after.history.length > from ? after.history.slice(from) : [];
}

export function taskRow(task: Task, token: string, before?: Task): TaskRowInput {
  return {
    id: task.id,
    number: taskNumber(task.id),
    doc: task,
    status: task.status,
    agent: task.claim?.agent ?? null,
    lease_until: task.claim?.leaseUntil ?? null,
    token,
    history: addedHistory(before, task),
  };
}

/** Where a task lives, for problems and messages (the store's label, the table, the id). */
export const taskPlace = (label: string, id: string) => `postgres://${label}/bo_tasks/${id}`;

/** A stored doc as a Task, or the problem with it (the row's id must be the task's id). */
export function parseTaskDoc(label: string, id: string, doc: unknown): { task: Task } | { problem: StateProblem } {
  const file = taskPlace(label, id);
  const result = check(Task, doc);
  if (!result.ok) return { problem: { file, message: result.errors.join('; ') } };
  if (result.value.id !== id) return { problem: { file, message: `id "${result.value.id}" does not match the row's id (${id})` } };
  return { task: result.value };
}

/** The order the file store lists tasks in: by number, then id. */
