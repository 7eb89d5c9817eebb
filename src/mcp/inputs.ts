/**
 * Input fields several tools share, built from the schemas the rest of the tool uses (task id
 * pattern, statuses, priorities), with the few words an agent needs to fill them in. Their
 * messages name what is expected, since the SDK turns a failed parse into the tool's error text.
 */
import * as z from 'zod/mini';
import { TASK_ID_PATTERN } from '../tasks/schema.js';

export const taskId = (what = 'the task id') =>
  z.string().check(z.regex(TASK_ID_PATTERN, { error: 'expected a task id like task-007-add-pagination (list_tasks shows them)' }), z.describe(what));

export const agent = z.optional(z.string().check(z.minLength(1), z.maxLength(100), z.describe('your agent name (default: the server\'s)')));

export const skill = z.optional(z.string().check(z.minLength(1), z.describe('only tasks of this skill, e.g. api-development')));

export const limit = (max: number, fallback = 20) => z._default(z.int().check(z.minimum(1), z.maximum(max)), fallback);

export const offset = z._default(z.int().check(z.minimum(0)), 0);
