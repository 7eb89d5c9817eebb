/**
 * `/v1/tasks` and `/v1/tasks/{id}`: list (paginated, filtered), create, read, change the fields
 * that may change, and cancel (DELETE → 204; the task is archived as cancelled, not erased).
 */
import type { FastifyInstance } from 'fastify';
import { TASK_STATUSES, type TaskStatus } from '../../tasks/schema.js';
import { actorOf, noteAuditTasks } from '../audit.js';
import { noContent, pageOf, pageQuery, paginate, responses, TaskIdParams, TaskInputSchema, TaskPatchSchema, taskRef, taskSummary } from '../schemas.js';
import { updateTaskFields } from '../task-update.js';
import type { RouteDeps } from './deps.js';

interface ListQuery {
  limit: number;
  offset: number;
  status?: TaskStatus;
  skill?: string;
  agent?: string;
  archived?: boolean;
}

export function taskRoutes({ orchestrator, listing, now }: RouteDeps) {
  const { engine } = orchestrator;
  return async function tasks(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: ListQuery }>(
      '/tasks',
      {
        schema: {
          summary: 'List tasks',
          description: 'Active tasks (and archived ones with archived=true), oldest first, as summaries.',
          tags: ['tasks'],
          querystring: pageQuery({
            status: { type: 'string', enum: [...TASK_STATUSES], description: 'Only tasks with this status' },
            skill: { type: 'string', minLength: 1, description: 'Only tasks of this skill (with or without the -skill suffix)' },
            agent: { type: 'string', minLength: 1, description: 'Only tasks claimed by this agent' },
            archived: { type: 'boolean', default: false, description: 'Include done and cancelled tasks' },
          }),
          response: responses({ 200: pageOf('TaskSummary') }, [400]),
        },
      },
      async (request) => {
        const { limit, offset, status, skill, agent, archived } = request.query;
        const page = paginate(await listing.list({ status, skill, agent, archived }), limit, offset);
        return { data: page.data.map(taskSummary), pagination: page.pagination };
      },
    );

    app.post<{ Body: Record<string, unknown> }>(
      '/tasks',
      {
        schema: {
          summary: 'Create a task',
          description: 'Routed to a skill by its skill, type or the words of its title; answers with the task and its Location.',
          tags: ['tasks'],
          body: TaskInputSchema,
          response: responses({ 201: taskRef }, [400, 415, 422]),
        },
      },
      async (request, reply) => {
        const [task] = await engine.add([request.body], actorOf(request));
        const created = task as NonNullable<typeof task>;
        noteAuditTasks(request, [created.id]);
        return reply.code(201).header('location', `/v1/tasks/${created.id}`).send(created);
      },
    );

    app.get<{ Params: { id: string } }>(
      '/tasks/:id',
      { schema: { summary: 'Read a task', description: 'The whole task: criteria, claim, progress and history.', tags: ['tasks'], params: TaskIdParams, response: responses({ 200: taskRef }, [400, 404]) } },
      async (request) => engine.show(request.params.id),
    );

    // bo-ignore sec/authz-checked: one bearer token per server, held by the team's agents and people, who may all change any task
    app.patch<{ Params: { id: string }; Body: Record<string, unknown> }>(
      '/tasks/:id',
      {
        schema: {
          summary: 'Change a task',
          description:
            'Title, description, priority, requirements (their gates follow) and targets (matched to the registry). Not while the task is being validated, not once it is done or cancelled (409).',
          tags: ['tasks'],
          params: TaskIdParams,
          body: TaskPatchSchema,
          response: responses({ 200: taskRef }, [400, 404, 409, 415, 422]),
        },
      },
      async (request) => updateTaskFields(engine, request.params.id, request.body, actorOf(request), now()),
    );

    // bo-ignore sec/authz-checked: one bearer token per server, held by the team's agents and people, who may all change any task
    app.delete<{ Params: { id: string }; Querystring: { reason?: string } }>(
      '/tasks/:id',
      {
        schema: {
          summary: 'Cancel a task',
          description: 'The task is cancelled and archived (its history is kept); dependents that wait on it are blocked.',
          tags: ['tasks'],
          params: TaskIdParams,
          querystring: { type: 'object', properties: { reason: { type: 'string', maxLength: 500, description: 'Why, for the history' } }, additionalProperties: false },
          response: responses({ 204: noContent }, [400, 404, 409]),
        },
      },
      async (request, reply) => {
        await engine.cancel(request.params.id, actorOf(request), request.query.reason);
        return reply.code(204).send();
      },
    );
  };
}
