/**
 * `/v1/checks`: the gates on the whole project, run in the background (202 + Location), polled at
 * `/v1/checks/{id}` or followed as Server-Sent Events at `/v1/checks/{id}/events` (`progress`
 * events, then `done` with the report id, or `failed` with the reason).
 */
import type { FastifyInstance } from 'fastify';
import { isBoError } from '../../core/errors.js';
import type { CheckRun } from '../check-runs.js';
import { ProblemError } from '../problem.js';
import { responses, type JsonSchema } from '../schemas.js';
import { openSse } from '../sse.js';
import { emptyBodyAsObject } from '../validation.js';
import type { RouteDeps } from './deps.js';

const AREAS = ['api', 'database', 'security', 'metrics', 'tests', 'contract'] as const;
type Area = (typeof AREAS)[number];

const CheckRunSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'status', 'startedAt', 'progress'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['running', 'done', 'failed'] },
    startedAt: { type: 'string' },
    finishedAt: { type: 'string' },
    progress: {
      anyOf: [{ type: 'object', required: ['phase', 'done', 'total'], properties: { phase: { type: 'string' }, done: { type: 'integer' }, total: { type: 'integer' } } }, { type: 'null' }],
    },
    report: {
      type: 'object',
      description: 'When done: GET /v1/reports/{id} has the whole report',
      required: ['id', 'verdict', 'summary'],
      properties: { id: { type: 'string' }, verdict: { type: 'string', enum: ['pass', 'fail'] }, summary: { type: 'object', additionalProperties: true } },
    },
    error: { type: 'string', description: 'When failed: why' },
  },
};

const RunParams: JsonSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-f-]{36}$', description: 'The id POST /v1/checks answered with' } },
  additionalProperties: false,
};

const selection: JsonSchema = { type: 'string', minLength: 1, maxLength: 2000, description: 'Comma-separated rule ids, prefixes (db/*) or checklist item ids' };

interface CheckBody {
  areas?: Area[];
  only?: string;
  skip?: string;
  live?: boolean;
}

/** An unknown rule name in only/skip is refused before the run starts, naming the field. */
async function checkSelection(body: CheckBody): Promise<void> {
  const [{ ruleSelection }, { RULES }, { CHECKLIST }] = await Promise.all([import('../../cli/commands/check.js'), import('../../gates/rules.js'), import('../../gates/catalog.js')]);
  const ids = RULES.map((rule) => rule.id);
  for (const field of ['only', 'skip'] as const) {
    try {
      ruleSelection(field === 'only' ? body.only : undefined, field === 'skip' ? body.skip : undefined, ids, CHECKLIST);
    } catch (error) {
      if (!isBoError(error)) throw error;
      const message = error.message.replace(/^--(only|skip) /, '');
      throw new ProblemError(422, `${field}: ${message}`, { title: 'Invalid request body', code: 'BO_ERR_INPUT_INVALID', errors: [{ in: 'body', path: field, message }] });
    }
  }
}

export function checkRoutes({ checks, sse }: RouteDeps) {
  const find = (id: string): CheckRun => {
    const run = checks.get(id);
    if (!run) throw new ProblemError(404, `no check run ${id} (runs are kept in memory, the last 20, until the server restarts)`, { title: 'Check run not found' });
    return run;
  };
  return async function checkRunRoutes(app: FastifyInstance): Promise<void> {
    app.post<{ Body: CheckBody }>(
      '/checks',
      {
        preValidation: emptyBodyAsObject,
        schema: {
          summary: 'Run the gates',
          description: 'Starts a run of the gates on the whole project and answers at once with its Location; one run at a time (409 while one runs). The report is saved like bo check\'s.',
          tags: ['checks'],
          body: {
            type: 'object',
            properties: {
              areas: { type: 'array', items: { type: 'string', enum: [...AREAS] }, minItems: 1, uniqueItems: true, description: 'Gate areas (default: all)' },
              only: selection,
              skip: selection,
              live: { type: 'boolean', default: false, description: 'Also run the live gates (starts the service)' },
            },
            additionalProperties: false,
          },
          response: responses({ 202: CheckRunSchema }, [400, 409, 415, 422]),
        },
      },
      async (request, reply) => {
        const body = request.body;
        await checkSelection(body);
        const run = checks.start({
          ...(body.areas ? { areas: body.areas } : {}),
          ...(body.only ? { only: body.only } : {}),
          ...(body.skip ? { skip: body.skip } : {}),
          ...(body.live ? { live: true } : {}),
        });
        return reply.code(202).header('location', `/v1/checks/${run.id}`).send(run);
      },
    );

    app.get<{ Params: { id: string } }>(
      '/checks/:id',
      { schema: { summary: 'A check run', description: 'Its status, progress, and when done the report id and verdict.', tags: ['checks'], params: RunParams, response: responses({ 200: CheckRunSchema }, [400, 404]) } },
      async (request) => find(request.params.id),
    );

    // bo-ignore api/pagination: an event stream of one run, not a collection
    app.get<{ Params: { id: string } }>(
      '/checks/:id/events',
      {
        schema: {
          summary: 'Follow a check run (Server-Sent Events)',
          description: 'progress events ({phase, done, total}) while it runs, then done ({report, verdict}) or failed ({error}); the stream then ends.',
          tags: ['checks'],
          params: RunParams,
          response: responses({ 200: { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } } }, [400, 404]),
        },
      },
      async (request, reply) => {
        const run = find(request.params.id);
        const stream = openSse(reply, sse);
        const end = (finished: CheckRun) => {
          stream.send(finished.status === 'done' ? { event: 'done', data: { id: finished.id, report: finished.report?.id, verdict: finished.report?.verdict } } : { event: 'failed', data: { id: finished.id, error: finished.error } });
          stream.close();
        };
        if (run.status !== 'running') return end(run);
        if (run.progress) stream.send({ event: 'progress', data: run.progress });
        const unsubscribe = checks.subscribe(run.id, (update) => (update.type === 'progress' ? stream.send({ event: 'progress', data: update.progress }) : end(update.run)));
        stream.signal.addEventListener('abort', unsubscribe, { once: true });
      },
    );
  };
}

