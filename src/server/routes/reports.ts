/**
 * Saved gate reports: `/v1/reports/{id}` for the project's (`bo check`, POST /v1/checks) and
 * `/v1/tasks/{id}/reports/{report}` for a task's submits; `latest` names the newest of either.
 */
import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../problem.js';
import { anyObject, responses, TaskIdParams, type JsonSchema } from '../schemas.js';
import type { RouteDeps } from './deps.js';

const reportId: JsonSchema = { type: 'string', pattern: '^(latest|[A-Za-z0-9][A-Za-z0-9._-]*)$', maxLength: 100, description: 'A report id, or latest' };

export function reportRoutes({ orchestrator }: RouteDeps) {
  const { store, engine } = orchestrator;
  const read = async (scope: string, id: string, what: string) => {
    const report = await store.readReport(scope, id);
    if (report === undefined) throw new ProblemError(404, `no report ${id} ${what}`, { title: 'Report not found', code: 'BO_ERR_REPORT_NOT_FOUND' });
    return report;
  };
  return async function reports(app: FastifyInstance): Promise<void> {
    app.get<{ Params: { id: string } }>(
      '/reports/:id',
      {
        schema: {
          summary: 'A project report',
          description: 'A saved gate report (format: spec/gates.md "Reports").',
          tags: ['checks'],
          params: { type: 'object', required: ['id'], properties: { id: reportId }, additionalProperties: false },
          response: responses({ 200: anyObject }, [400, 404]),
        },
      },
      async (request) => read('project', request.params.id, 'for the project (POST /v1/checks makes one)'),
    );

    app.get<{ Params: { id: string; report: string } }>(
      '/tasks/:id/reports/:report',
      {
        schema: {
          summary: 'A task report',
          description: 'The report of one of the task\'s submits.',
          tags: ['tasks'],
          params: { ...TaskIdParams, required: ['id', 'report'], properties: { ...(TaskIdParams.properties as object), report: reportId } },
          response: responses({ 200: anyObject }, [400, 404]),
        },
      },
      async (request) => {
        const { id, report } = request.params;
        await engine.show(id); // 404 for an unknown task, rather than for its report
        return read(id, report, `for ${id} (it has not been submitted yet?)`);
      },
    );
  };
}
