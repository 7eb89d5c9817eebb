import { defineRule } from '../define.js';
import { errorMarker } from './support/error-body.js';
import { handlerReturns } from './support/handler-returns.js';
import { responseSends, type ResponseSend } from './support/responses.js';

/** The send answers with the default 200 (no status anywhere) or says 200 outright. */
const answers200 = (send: ResponseSend): boolean => send.status === 200 || (send.status === undefined && !send.statusElsewhere);

export default defineRule({
  id: 'api/errors-not-200',
  area: 'api',
  checklist: 'Proper status codes',
  severity: 'error',
  docs: {
    description:
      'An error is answered with a 4xx or 5xx status. A body that says it failed (`{ error: … }`, `{ success: false }`) sent with 200 (no status set, or `status(200)`) tells caches, retries, monitoring and generated clients that the call succeeded.',
    failing: "app.use((err, req, res, next) => {\n  res.json({ error: err.message });\n});",
    passing: "app.use((err, req, res, next) => {\n  res.status(err.status ?? 500).json({ error: err.message });\n});",
  },
  check(context, reporter) {
    const sends = responseSends(context, reporter);
    const returns = handlerReturns(context, reporter);
    if (!sends.length && !returns.length) return { status: 'not-applicable', reason: 'no responses with a body found in code' };
    const seen = new Set<string>();
    const report = (file: string, line: number, column: number, marker: string, how: string, hint: string) => {
      if (seen.has(`${file}:${line}`)) return;
      seen.add(`${file}:${line}`);
      reporter.report({ file, line, column, message: `${how} answers 200 with an error body (${marker})`, hint });
    };
    for (const send of sends) {
      if (!send.object || !answers200(send)) continue;
      const marker = errorMarker(send.object, send.errorNames);
      if (!marker) continue;
      const how = send.method === 'body' ? `${send.root}.body = {…}` : `${send.root}.${send.method}({…})${send.status === 200 ? ' with status 200' : ''}`;
      const fix = send.method === 'body' ? `set ${send.root}.status = 4xx/5xx first (or ${send.root}.throw(404, …))` : `${send.root}.status(4xx/5xx).${send.method}(…) (${send.root}.code(…) on a Fastify reply, a second argument to Hono's c.json)`;
      report(send.module.file.path, send.line, send.column, marker, how, `Answer with the status that says what went wrong: ${fix}; 400/422 for bad input, 404 for a missing resource, 409 for a conflict, 500 for a failure.`);
    }
    for (const value of returns) {
      const marker = errorMarker(value.object, new Set<string>(value.errorNames));
      if (!marker) continue;
      const hint =
        value.framework === 'nestjs'
          ? 'Throw the matching exception instead of returning the error (throw new NotFoundException(…), BadRequestException, ConflictException): Nest answers it with its status.'
          : 'Set the status before returning the error (reply.code(404); return {…}) or throw an error with a statusCode (fastify.httpErrors / @fastify/sensible).';
      report(value.file, value.line, value.column, marker, `returning {…} from ${value.endpoint}`, hint);
    }
  },
});
