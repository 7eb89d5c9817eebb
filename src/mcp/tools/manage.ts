/**
 * Tasks as a list: create_task (routed to a skill, its gates derived, as `bo task add`) and
 * list_tasks (one page of one-line summaries). Adapters over the task engine.
 */
import * as z from 'zod/mini';
import { FINISHED_STATUSES, PRIORITIES, TASK_STATUSES, TaskInput } from '../../tasks/schema.js';
import { ANSWER_LIMIT_BYTES, fitWithin, taskRow } from '../answers.js';
import { agent, limit, offset, skill } from '../inputs.js';
import { defineTool, json } from '../tool.js';

const fields = TaskInput.shape;

export const createTask = defineTool({
  name: 'create_task',
  description: 'Create a backend task. It is routed to a skill and gets that skill\'s gates; targets name endpoints ("GET /api/x") or models.',
  input: z.strictObject({
    title: fields.title,
    description: fields.description,
    type: z.optional(z.string().check(z.describe('api, database, security, … (default: from the title)'))),
    requirements: z.optional(z.array(z.string()).check(z.describe('e.g. pagination, auth, rate-limit'))),
    targets: fields.targets,
    depends: z.optional(z.array(z.string()).check(z.describe('ids of tasks that must be done first'))),
    priority: z.optional(z.enum(PRIORITIES)),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
  async run(input, { orchestrator, agent }) {
    const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
    const [task] = await orchestrator.engine.add([given], agent);
    if (!task) throw new Error('the engine created no task');
    return json({ id: task.id, skill: task.skill, status: task.status });
  },
});

export const listTasks = defineTool({
  name: 'list_tasks',
  description: 'Tasks, one line each, filtered by status, skill or agent (your own: agent=your name). Paginated: total, offset.',
  input: z.strictObject({ status: z.optional(z.enum(TASK_STATUSES)), skill, agent, limit: limit(100), offset }),
  annotations: { readOnlyHint: true, idempotentHint: true },
  async run({ status, skill, agent, limit, offset }, { orchestrator }) {
    // Finished tasks live in the archive: asking for them means reading it.
    const archived = status !== undefined && FINISHED_STATUSES.includes(status);
    const { tasks } = await orchestrator.engine.list({ status, skill, agent, archived });
    const page = fitWithin(tasks.slice(offset, offset + limit).map(taskRow), ANSWER_LIMIT_BYTES - 256);
    const shown = page.items.length;
    return json({ total: tasks.length, offset, tasks: page.items, ...(offset + shown < tasks.length ? { nextOffset: offset + shown } : {}) });
  },
});

export const MANAGE_TOOLS = [createTask, listTasks];
