/**
 * The agent's loop over HTTP: the next task (`/v1/tasks/next`, and claiming it), claim, heartbeat,
 * release, progress, the context package, and submit — whose verdict is an answer, not an error:
 * 200 for a pass and for a fail alike, with `verdict` and only the failing items.
 *
 * `/v1/tasks/next` is a static route and `/v1/tasks/{id}` a parametric one: Fastify's router
 * tries static segments first, so "next" is never taken for an id (ids look like task-001-x anyway).
 */
import type { FastifyInstance } from 'fastify';
import { noteAuditTasks } from '../audit.js';
import { AgentName, responses, TaskIdParams, taskRef, taskSummary, type JsonSchema } from '../schemas.js';
import { emptyBodyAsObject } from '../validation.js';
import { VerdictSchema, verdictOf } from '../verdict.js';
import type { RouteDeps } from './deps.js';

const MAX_LEASE_MINUTES = 24 * 60;
const leaseMinutes: JsonSchema = { type: 'number', exclusiveMinimum: 0, maximum: MAX_LEASE_MINUTES, description: 'Lease length in minutes (default: tasks.leaseMinutes of the config)' };
const leaseMs = (minutes: number | undefined) => (minutes === undefined ? undefined : Math.round(minutes * 60_000));
const skillFilter: JsonSchema = { type: 'string', minLength: 1, description: 'Only tasks of this skill' };
const batchSize: JsonSchema = { type: 'integer', minimum: 1, maximum: 50, description: 'Up to this many tasks whose targets do not overlap' };

const agentBody = (extra: Record<string, JsonSchema> = {}, required: string[] = ['agent']): JsonSchema => ({
  type: 'object',
  required,
  properties: { agent: AgentName, ...extra },
  additionalProperties: false,
});

export function taskWorkRoutes({ orchestrator }: RouteDeps) {
  const { engine } = orchestrator;
  return async function taskWork(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: { skill?: string; batch?: number } }>(
      '/tasks/next',
      {
        schema: {
          summary: 'The best ready task(s)',
          description: 'Ranked by priority and by how much work each unblocks; with batch, up to N with disjoint targets. An empty list when none is ready.',
          tags: ['agent loop'],
          querystring: { type: 'object', properties: { skill: skillFilter, batch: batchSize }, additionalProperties: false },
          response: responses({ 200: { type: 'object', required: ['data'], properties: { data: { type: 'array', items: { $ref: 'TaskSummary#' } } } } }, [400]),
        },
      },
      async (request) => ({ data: (await engine.next(request.query)).map(taskSummary) }),
    );

    app.post<{ Body: { agent: string; skill?: string; batch?: number; leaseMinutes?: number } }>(
      '/tasks/next/claim',
      {
        schema: {
          summary: 'Claim the best ready task(s)',
          description: 'Claims what GET /v1/tasks/next shows, for the agent; concurrent callers never get the same task. An empty list when none is ready.',
          tags: ['agent loop'],
          body: agentBody({ skill: skillFilter, batch: batchSize, leaseMinutes }),
          response: responses({ 200: { type: 'object', required: ['data'], properties: { data: { type: 'array', items: taskRef } } } }, [400, 415, 422]),
        },
      },
      async (request) => {
        const { agent, skill, batch, leaseMinutes: minutes } = request.body;
        const claimed = await engine.claimNext({ agent, skill, batch, leaseMs: leaseMs(minutes) });
        noteAuditTasks(request, claimed.map((task) => task.id));
        return { data: claimed };
      },
    );

    // bo-ignore sec/authz-checked: one bearer token per server, held by trusted agents; the engine checks that the agent holds the claim
    app.post<{ Params: { id: string }; Body: { agent: string; leaseMinutes?: number } }>(
      '/tasks/:id/claim',
      {
        schema: {
          summary: 'Claim a task',
          description: 'Takes the task under a lease (claiming again renews it). 409 with claimedBy when another agent holds it.',
          tags: ['agent loop'],
          params: TaskIdParams,
          body: agentBody({ leaseMinutes }),
          response: responses({ 200: taskRef }, [400, 404, 409, 415, 422]),
        },
      },
      async (request) => engine.claim(request.params.id, request.body.agent, leaseMs(request.body.leaseMinutes)),
    );

    // bo-ignore sec/authz-checked: one bearer token per server, held by trusted agents; the engine checks that the agent holds the claim
    app.post<{ Params: { id: string }; Body: { agent: string } }>(
      '/tasks/:id/heartbeat',
      {
        schema: { summary: 'Renew the lease', description: 'Only the holder can; the lease runs for its length again from now.', tags: ['agent loop'], params: TaskIdParams, body: agentBody(), response: responses({ 200: taskRef }, [400, 404, 409, 415, 422]) },
      },
      async (request) => engine.heartbeat(request.params.id, request.body.agent),
    );

    // bo-ignore sec/authz-checked: one bearer token per server, held by trusted agents; the engine checks that the agent holds the claim
    app.post<{ Params: { id: string }; Body: { agent?: string } }>(
      '/tasks/:id/release',
      {
        preValidation: emptyBodyAsObject,
        schema: {
          summary: 'Release a claim',
          description: 'The task is ready again. With agent, only if that agent holds it.',
          tags: ['agent loop'],
          params: TaskIdParams,
          body: agentBody({}, []),
          response: responses({ 200: taskRef }, [400, 404, 409, 415, 422]),
        },
      },
      async (request) => engine.release(request.params.id, request.body.agent),
    );

    // bo-ignore sec/authz-checked: one bearer token per server, held by trusted agents; the engine checks that the agent holds the claim
    app.post<{ Params: { id: string }; Body: { agent: string; message: string; percent?: number } }>(
      '/tasks/:id/progress',
      {
        schema: {
          summary: 'Report progress',
          description: 'A line (and a percent) in the task\'s progress, announced as backend.task.progress.',
          tags: ['agent loop'],
          params: TaskIdParams,
          body: agentBody({ message: { type: 'string', minLength: 1, maxLength: 2000 }, percent: { type: 'number', minimum: 0, maximum: 100 } }, ['agent', 'message']),
          response: responses({ 200: taskRef }, [400, 404, 409, 415, 422]),
        },
      },
      async (request) => engine.progress(request.params.id, request.body.message, request.body.percent, request.body.agent),
    );

    // bo-ignore sec/authz-checked: one bearer token per server, held by trusted agents; the engine checks that the agent holds the claim
    app.post<{ Params: { id: string }; Body: { agent: string; live?: boolean } }>(
      '/tasks/:id/submit',
      {
        schema: {
          summary: 'Submit the work: run the gates',
          description:
            'Runs the task\'s gates. 200 with verdict pass (the task is done) or fail (the failing items, each with file:line and a fix hint; the task is back in progress, or blocked after submit.maxAttempts). live overrides submit.live.',
          tags: ['agent loop'],
          params: TaskIdParams,
          body: agentBody({ live: { type: 'boolean', description: 'Run the live gates (default: submit.live of the config)' } }),
          response: responses({ 200: VerdictSchema }, [400, 404, 409, 415, 422]),
        },
      },
      async (request) => {
        const outcome = await orchestrator.submit(request.params.id, { actor: request.body.agent, ...(request.body.live !== undefined ? { live: request.body.live } : {}) });
        return verdictOf(outcome);
      },
    );

    app.get<{ Params: { id: string }; Querystring: { format: 'yaml' | 'json'; maxTokens?: number } }>(
      '/tasks/:id/context',
      {
        schema: {
          summary: 'The context package',
          description: 'What an agent needs to do the task (relevant endpoints, models, patterns, standards, test requirements), within a token budget.',
          tags: ['agent loop'],
          params: TaskIdParams,
          querystring: {
            type: 'object',
            properties: {
              format: { type: 'string', enum: ['yaml', 'json'], default: 'yaml', description: 'YAML (the smallest for agents) or JSON' },
              maxTokens: { type: 'integer', minimum: 200, maximum: 200_000, description: 'Token budget (default: context.maxTokens of the config)' },
            },
            additionalProperties: false,
          },
          response: responses(
            { 200: { description: 'The package, as YAML or JSON', content: { 'application/yaml': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object', additionalProperties: true } } } } },
            [400, 404],
          ),
        },
      },
      async (request, reply) => {
        const { format, maxTokens } = request.query;
        const { text } = await orchestrator.context(request.params.id, { format, ...(maxTokens !== undefined ? { maxTokens } : {}) });
        // Already rendered (and fitted to the budget): sent as it is.
        return reply.type(format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8').serializer((payload) => payload as string).send(text);
      },
    );
  };
}
