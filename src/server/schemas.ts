/**
 * The JSON Schemas of the HTTP API: validation of what comes in, serialisation of what goes out,
 * and (through the route schemas) the OpenAPI document. Task, task input and registry entries are
 * derived from their zod definitions, never written twice; the shapes that exist only on the wire
 * (summaries, pages, problems) are defined here. Shared schemas carry an `$id` and are referred to
 * as `{ $ref: 'Task#' }`; the OpenAPI generator turns those into `#/components/schemas/Task`.
 */
import * as z from 'zod/mini';
import { Endpoint, Model, Service } from '../registry/schema.js';
import { PRIORITIES, TASK_ID_PATTERN, TASK_STATUSES, Task, TaskInput, type Task as TaskValue } from '../tasks/schema.js';
import { TaskPatch } from './task-update.js';

export type JsonSchema = Record<string, unknown>;

/** A zod schema as plain JSON Schema (no `$schema`: Fastify and OpenAPI embed it). */
export function fromZod(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return withTypeNullables(rest) as JsonSchema;
}

/**
 * `anyOf: [X, {type: 'null'}]` (how zod writes a nullable) as X with `null` added to its type
 * (and enum): the same values, but Fastify's serialiser writes it directly instead of running a
 * validator on each value to choose a branch (per history entry of every task it sends).
 */
export function withTypeNullables(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withTypeNullables);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = withTypeNullables(value);
  const branches = out.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2) return out;
  const nullAt = branches.findIndex((b) => isRecord(b) && b.type === 'null' && Object.keys(b).length === 1);
  const other = branches[1 - nullAt];
  if (nullAt < 0 || !isRecord(other) || typeof other.type !== 'string' || 'anyOf' in other || 'oneOf' in other) return out;
  const { anyOf: _anyOf, ...rest } = out;
  return {
    ...rest,
    ...other,
    type: [other.type, 'null'],
    ...(Array.isArray(other.enum) ? { enum: [...other.enum, null] } : {}),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

const ref = (id: string): JsonSchema => ({ $ref: `${id}#` });

export const TaskSummarySchema: JsonSchema = {
  $id: 'TaskSummary',
  type: 'object',
  description: 'A task in a listing: enough to choose one, not its history.',
  required: ['id', 'title', 'status', 'priority', 'type', 'skill', 'targets', 'claim', 'attempts', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'string', enum: [...TASK_STATUSES] },
    priority: { type: 'string', enum: [...PRIORITIES] },
    type: { type: 'string' },
    skill: { type: 'string' },
    targets: { type: 'array', items: { type: 'string' } },
    claim: {
      anyOf: [{ type: 'object', required: ['agent', 'leaseUntil'], properties: { agent: { type: 'string' }, leaseUntil: { type: 'string' } } }, { type: 'null' }],
    },
    attempts: { type: 'integer' },
    updatedAt: { type: 'string' },
  },
};

export function taskSummary(task: TaskValue) {
  return {
    id: task.id,
    title: task.title,
    status: task.status,
    priority: task.priority,
    type: task.type,
    skill: task.skill,
    targets: task.targets,
    claim: task.claim ? { agent: task.claim.agent, leaseUntil: task.claim.leaseUntil } : null,
    attempts: task.attempts,
    updatedAt: task.updatedAt,
  };
}

export const ProblemSchema: JsonSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'An RFC 9457 problem: what went wrong and, in `errors`, each field to fix.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { in: { type: 'string' }, path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
};

export const PaginationSchema: JsonSchema = {
  $id: 'Pagination',
  type: 'object',
  required: ['limit', 'offset', 'total'],
  properties: { limit: { type: 'integer' }, offset: { type: 'integer' }, total: { type: 'integer' } },
};

/** Every schema registered with `app.addSchema`, in the order they may refer to each other. */
export const SHARED_SCHEMAS: readonly JsonSchema[] = [
  ProblemSchema,
  PaginationSchema,
  { $id: 'Task', ...fromZod(Task, 'output') },
  TaskSummarySchema,
  { $id: 'Endpoint', ...fromZod(Endpoint, 'output') },
  { $id: 'Model', ...fromZod(Model, 'output') },
  { $id: 'Service', ...fromZod(Service, 'output') },
];

export const TaskInputSchema = fromZod(TaskInput, 'input');
export const TaskPatchSchema: JsonSchema = { ...fromZod(TaskPatch, 'input'), minProperties: 1 };

export const TaskIdParams: JsonSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: TASK_ID_PATTERN.source, description: 'A task id, e.g. task-001-add-pagination' } },
  additionalProperties: false,
};

export const AgentName: JsonSchema = { type: 'string', minLength: 1, maxLength: 100, description: 'Who acts: the agent holding (or taking) the claim' };

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

/** `limit` and `offset`, for every paginated listing. */
export const pageQuery = (extra: Record<string, JsonSchema> = {}): JsonSchema => ({
  type: 'object',
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE, description: `Items per page (at most ${MAX_PAGE})` },
    offset: { type: 'integer', minimum: 0, default: 0, description: 'Items to skip' },
    ...extra,
  },
  additionalProperties: false,
});

/** `{ data: [items], pagination }`. */
export const pageOf = (itemRef: string): JsonSchema => ({
  type: 'object',
  required: ['data', 'pagination'],
  properties: { data: { type: 'array', items: ref(itemRef) }, pagination: ref('Pagination') },
});

export function paginate<T>(items: readonly T[], limit: number, offset: number): { data: T[]; pagination: { limit: number; offset: number; total: number } } {
  return { data: items.slice(offset, offset + limit), pagination: { limit, offset, total: items.length } };
}

/**
 * A route's responses: its successes, then a Problem for each error status it can answer with.
 * 401 and 429 are added to every route that is not public (the token check and the rate limit
 * apply to all of them).
 */
export function responses(success: Record<number, JsonSchema>, errors: readonly number[], options: { public?: boolean } = {}): Record<string, JsonSchema> {
  const statuses = new Set([...errors, ...(options.public ? [] : [401]), 429]);
  const out: Record<string, JsonSchema> = {};
  for (const [status, schema] of Object.entries(success)) out[status] = schema;
  for (const status of [...statuses].sort((a, b) => a - b)) out[String(status)] = ref('Problem');
  return out;
}

export const taskRef = ref('Task');
export const noContent: JsonSchema = { type: 'null', description: 'No content' };
/** A body that is free-form JSON (reports): kept whole by the serialiser. */
export const anyObject: JsonSchema = { type: 'object', additionalProperties: true };
