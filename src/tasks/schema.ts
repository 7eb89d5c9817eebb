/**
 * The task: one unit of backend work, one JSON file in `tasks/` (product spec section 5).
 * The schema is the single definition; the type, the file validation and (later) the HTTP and
 * MCP input schemas derive from it.
 */
import * as z from 'zod/mini';

export const TASK_ID_PATTERN = /^task-\d{3,}-[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const TASK_STATUSES = ['pending', 'ready', 'in_progress', 'validating', 'done', 'blocked', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Statuses after which a task leaves the active directory for the archive. */
export const FINISHED_STATUSES: readonly TaskStatus[] = ['done', 'cancelled'];

export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const TaskId = z.string().check(z.regex(TASK_ID_PATTERN));

export const Claim = z.object({
  agent: z.string(),
  claimedAt: z.string(),
  leaseUntil: z.string(),
  leaseMs: z.int(),
});
export type Claim = z.infer<typeof Claim>;

export const HistoryEntry = z.object({
  at: z.string(),
  from: z.nullable(z.enum(TASK_STATUSES)),
  to: z.enum(TASK_STATUSES),
  by: z.string(),
  note: z.optional(z.string()),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const ProgressEntry = z.object({
  at: z.string(),
  message: z.string(),
  percent: z.optional(z.number().check(z.minimum(0), z.maximum(100))),
  by: z.optional(z.string()),
});
export type ProgressEntry = z.infer<typeof ProgressEntry>;

export const Criteria = z.object({
  gates: z._default(z.array(z.string()), []),
  thresholds: z._default(z.record(z.string(), z.number()), {}),
});
export type Criteria = z.infer<typeof Criteria>;

export const TaskSource = z.object({
  type: z.string(),
  id: z.string(),
  source: z.string(),
});

export const Task = z.object({
  id: TaskId,
  title: z.string().check(z.minLength(1)),
  description: z._default(z.string(), ''),
  type: z.string(),
  skill: z.string(),
  status: z.enum(TASK_STATUSES),
  priority: z._default(z.enum(PRIORITIES), 'medium'),
  requirements: z._default(z.array(z.string()), []),
  targets: z._default(z.array(z.string()), []),
  dependencies: z._default(z.array(TaskId), []),
  claim: z._default(z.nullable(Claim), null),
  blockedReason: z.optional(z.string()),
  attempts: z._default(z.int(), 0),
  history: z._default(z.array(HistoryEntry), []),
  progress: z._default(z.array(ProgressEntry), []),
  criteria: z._default(Criteria, { gates: [], thresholds: {} }),
  result: z._default(z.nullable(z.record(z.string(), z.unknown())), null),
  source: z._default(z.nullable(TaskSource), null),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Task = z.infer<typeof Task>;

/** What a caller gives to create a task; everything else is derived. */
export const TaskInput = z.strictObject({
  key: z.optional(z.string()),
  title: z.string().check(z.minLength(1), z.maxLength(300)),
  description: z.optional(z.string()),
  type: z.optional(z.string()),
  skill: z.optional(z.string()),
  priority: z.optional(z.enum(PRIORITIES)),
  requirements: z.optional(z.array(z.string())),
  targets: z.optional(z.array(z.string())),
  depends: z.optional(z.array(z.string())),
});
export type TaskInput = z.infer<typeof TaskInput>;
