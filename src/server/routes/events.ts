/**
 * `/v1/events`: intake (POST: a CloudEvent in structured mode, a batch, binary mode with ce-*
 * headers and any body, or the seed's plain form), the outbox read page by page (GET, a `since`
 * cursor of sequence numbers), and the outbox live as Server-Sent Events (`/v1/events/stream`,
 * resumable with Last-Event-ID).
 *
 * Intake needs the body as sent — binary mode's data may be any bytes, and a refused body is
 * recorded as it came — so this plugin (and only it: parsers are scoped to the plugin) reads
 * every content type as a Buffer and leaves the parsing to the intake.
 */
import type { FastifyInstance } from 'fastify';
import { MAX_EVENT_BYTES, sizeOf } from '../../events/accept.js';
import type { IntakeProblem } from '../../events/intake.js';
import { typeMatches } from '../../events/types.js';
import { noteAuditTasks } from '../audit.js';
import { ProblemError } from '../problem.js';
import { responses, type JsonSchema } from '../schemas.js';
import { openSse } from '../sse.js';
import type { RouteDeps } from './deps.js';

const StoredEventSchema: JsonSchema = {
  type: 'object',
  required: ['seq', 'event'],
  properties: { seq: { type: 'integer', description: 'Position in the outbox: the cursor' }, event: { type: 'object', additionalProperties: true, description: 'The CloudEvent' } },
};

const ReceivedSchema: JsonSchema = {
  type: 'object',
  required: ['seq', 'id', 'source', 'type', 'duplicate'],
  properties: {
    seq: { type: 'integer' },
    id: { type: 'string' },
    source: { type: 'string' },
    type: { type: 'string' },
    duplicate: { type: 'boolean', description: 'Seen before (same source and id): nothing was done again' },
    task: { type: 'object', required: ['id', 'action'], properties: { id: { type: 'string' }, action: { type: 'string', enum: ['created', 'linked'] } } },
  },
};

const typeFilter: JsonSchema = { type: 'string', minLength: 1, maxLength: 500, description: 'Comma-separated types or patterns (backend.task.*)' };
const since: JsonSchema = { type: 'integer', minimum: 0, description: 'Only events after this sequence number' };
const patterns = (types: string | undefined) => types?.split(',').map((t) => t.trim()).filter(Boolean);

/** Refusals that mean the body could not be read as events at all are 400; the rest (a field, a type) 422. */
export function refusalStatus(problems: readonly IntakeProblem[], body: unknown): number {
  if (sizeOf(body) > MAX_EVENT_BYTES) return 413;
  return problems.some((p) => p.path === '(body)' || p.path === 'content-type' || /^\[\d+\]$/.test(p.path)) ? 400 : 422;
}

export function eventRoutes({ orchestrator, sse }: RouteDeps) {
  const log = orchestrator.events;
  return async function events(app: FastifyInstance): Promise<void> {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    app.post(
      '/events',
      {
        schema: {
          summary: 'Receive events',
          description:
            'A frontend.api.request creates (or links) a task. The same event twice (source and id) is received once. Refused events are recorded in events/rejected.jsonl with the reason.',
          tags: ['events'],
          consumes: ['application/cloudevents+json', 'application/cloudevents-batch+json', 'application/json', '*/*'],
          body: { description: 'A CloudEvent, an array of them, the plain form {"event": "frontend.api.request", …}, or (with ce-* headers) the data in any content type' },
          response: responses(
            { 202: { type: 'object', required: ['received'], properties: { received: { type: 'array', items: ReceivedSchema } } } },
            [400, 413, 422],
          ),
        },
      },
      async (request, reply) => {
        const outcome = await orchestrator.receive({ headers: request.headers, body: request.body, from: `http ${request.ip}` }, 'api');
        if (!outcome.ok) {
          const status = refusalStatus(outcome.problems, request.body);
          throw new ProblemError(status, outcome.problems.map((p) => `${p.path}: ${p.message}`).join('; '), {
            title: status === 413 ? 'Event too large' : 'Event refused',
            code: 'BO_ERR_INPUT_INVALID',
            errors: outcome.problems.map((p) => ({ in: p.path.startsWith('ce-') || p.path === 'content-type' ? 'headers' : 'body', path: p.path, message: p.message })),
          });
        }
        noteAuditTasks(request, outcome.received.flatMap((r) => (r.task ? [r.task.id] : [])));
        return reply.code(202).send({ received: outcome.received });
      },
    );

    app.get<{ Querystring: { type?: string; since: number; limit: number } }>(
      '/events',
      {
        schema: {
          summary: 'Read the outbox',
          description: 'Events in the order they were appended. Page with since: pass the next cursor of the previous page.',
          tags: ['events'],
          querystring: {
            type: 'object',
            properties: { type: typeFilter, since: { ...since, default: 0 }, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100, description: 'Events per page (at most 1000)' } },
            additionalProperties: false,
          },
          response: responses(
            {
              200: {
                type: 'object',
                required: ['data', 'pagination'],
                properties: {
                  data: { type: 'array', items: StoredEventSchema },
                  pagination: {
                    type: 'object',
                    required: ['limit', 'since', 'next'],
                    properties: { limit: { type: 'integer' }, since: { type: 'integer' }, next: { type: ['integer', 'null'], description: 'The since of the next page; null on the last page' } },
                  },
                },
              },
            },
            [400],
          ),
        },
      },
      async (request) => {
        const { type, since: after, limit } = request.query;
        const types = patterns(type);
        const data = await log.read({ afterSeq: after, limit, ...(types ? { types } : {}) });
        const last = data.at(-1);
        return { data, pagination: { limit, since: after, next: data.length === limit && last ? last.seq : null } };
      },
    );

    app.get<{ Querystring: { type?: string; since?: number }; Headers: { 'last-event-id'?: number } }>(
      '/events/stream',
      {
        schema: {
          summary: 'Follow the outbox (Server-Sent Events)',
          description:
            'Each event as an SSE message: id = its sequence number, event = its type, data = the CloudEvent. Starts after Last-Event-ID (a reconnect resumes where it stopped), else after since, else with what comes next. Comments keep the connection alive.',
          tags: ['events'],
          querystring: { type: 'object', properties: { type: typeFilter, since }, additionalProperties: false },
          headers: { type: 'object', properties: { 'last-event-id': { type: 'integer', minimum: 0, description: 'The id of the last event received' } } },
          response: responses({ 200: { description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } } }, [400]),
        },
      },
      async (request, reply) => {
        const types = patterns(request.query.type);
        const after = request.headers['last-event-id'] ?? request.query.since ?? (await log.lastSeq());
        const stream = openSse(reply, sse);
        void log
          .follow(
            after,
            (batch) => {
              for (const stored of batch) if (typeMatches(stored.event.type, types)) stream.send({ id: stored.seq, event: stored.event.type, data: stored.event });
            },
            stream.signal,
          )
          .catch((error: unknown) => request.log.error({ err: error }, 'event stream failed'))
          .finally(() => stream.close());
      },
    );
  };
}
