/**
 * `/v1/tasks/{id}/logs`: what a command executor left behind for a task (`bo run`), read-only —
 * the list of attempts (who ran what, how it ended, the submit's verdict) and each attempt's
 * output as plain text. A task that never ran under an executor has an empty list.
 */
import type { FastifyInstance } from 'fastify';
import { LogIndex, readAttemptLog, readLogIndex } from '../../executors/logs.js';
import { ProblemError } from '../problem.js';
import { fromZod, responses, TaskIdParams, type JsonSchema } from '../schemas.js';
import type { RouteDeps } from './deps.js';

const LogIndexSchema: JsonSchema = { ...fromZod(LogIndex, 'output'), description: 'The attempts, oldest first' };

const AttemptParams: JsonSchema = {
  ...TaskIdParams,
  required: ['id', 'attempt'],
  properties: { ...(TaskIdParams.properties as object), attempt: { type: 'integer', minimum: 1, maximum: 100_000, description: 'The attempt number, from 1' } },
};

export function logRoutes({ orchestrator }: RouteDeps) {
  const { engine, layout } = orchestrator;
  return async function logs(app: FastifyInstance): Promise<void> {
    // bo-ignore api/pagination: a task's attempts, bounded by submit.maxAttempts (5 by default)
    app.get<{ Params: { id: string } }>(
      '/tasks/:id/logs',
      {
        schema: {
          summary: 'Executor logs of a task',
          description: 'The attempts a command executor (bo run) made at the task: agent, program, start and end, outcome, exit code, the submit\'s verdict. Empty when none ran.',
          tags: ['tasks'],
          params: TaskIdParams,
          response: responses({ 200: LogIndexSchema }, [400, 404]),
        },
      },
      async (request) => {
        const { id } = request.params;
        await engine.show(id); // 404 for an unknown task, rather than an empty list
        return readLogIndex(layout.root, id);
      },
    );

    app.get<{ Params: { id: string; attempt: number } }>(
      '/tasks/:id/logs/:attempt',
      {
        schema: {
          summary: 'One attempt\'s output',
          description: 'What the command wrote (stdout and stderr interleaved, size-capped), with the executor\'s own lines marked [bo]; written as it runs, so a running attempt can be followed.',
          tags: ['tasks'],
          params: AttemptParams,
          response: responses({ 200: { description: 'The log', content: { 'text/plain': { schema: { type: 'string' } } } } }, [400, 404]),
        },
      },
      async (request, reply) => {
        const { id, attempt } = request.params;
        await engine.show(id);
        const index = readLogIndex(layout.root, id);
        const text = readAttemptLog(layout.root, id, attempt);
        if (!index.attempts.some((a) => a.attempt === attempt) && text === '') {
          const known = index.attempts.map((a) => a.attempt);
          throw new ProblemError(404, `${id} has no attempt ${attempt}${known.length ? ` (its attempts: ${known.join(', ')})` : ' (no executor ran it)'}: GET /v1/tasks/${id}/logs lists them`, {
            title: 'Log not found',
            code: 'BO_ERR_LOG_NOT_FOUND',
          });
        }
        return reply.type('text/plain; charset=utf-8').serializer((payload) => payload as string).send(text);
      },
    );
  };
}
