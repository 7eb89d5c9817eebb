import { lineOf } from '../../scan/openapi/tree.js';
import { defineRule } from '../define.js';
import type { Reporter } from '../types.js';
import { noDocumentVerdict, specDocument, type SpecDocument } from './openapi/document.js';
import { codesText, expectedErrors, missingErrors, type ExpectedError } from './openapi/expected-errors.js';
import { forEachOperation, type RawOperation } from './openapi/operations.js';
import { isSuccessCode } from './openapi/statuses.js';

const SUCCESS_FOR: Record<string, string> = { POST: '201', DELETE: '204' };

function checkSuccess(reporter: Reporter, { op, file, line }: RawOperation): void {
  const codes = op.responses;
  if (codes.some(isSuccessCode)) return;
  reporter.report({
    file,
    line,
    subject: op.id,
    // With a `default` response the operation says something about its outcome; with none, nothing.
    severity: codes.includes('default') ? 'warning' : 'error',
    message: `${op.id} declares no success response${codes.length ? ` (only ${codes.join(', ')})` : ''}`,
    hint: `Add the 2xx response it answers with (e.g. '${SUCCESS_FOR[op.method] ?? '200'}') under ${op.method.toLowerCase()}.responses, with its schema.`,
  });
}

/**
 * The success response and the client errors of each operation; an expectation no operation meets
 * at all (a document that never declares 401) is one finding at `paths:`, not one per operation.
 */
function checkOperations(spec: SpecDocument, reporter: Reporter, operations: readonly RawOperation[]): void {
  const missing = new Map<RawOperation, ExpectedError[]>();
  forEachOperation(operations, reporter, (raw) => {
    checkSuccess(reporter, raw);
    missing.set(raw, missingErrors(raw.op));
  });
  const needing = new Map<string, number>();
  const lacking = new Map<string, number>();
  for (const raw of missing.keys()) for (const e of expectedErrors(raw.op)) needing.set(e.kind, (needing.get(e.kind) ?? 0) + 1);
  for (const list of missing.values()) for (const e of list) lacking.set(e.kind, (lacking.get(e.kind) ?? 0) + 1);
  const everywhere = new Set([...lacking].filter(([kind, n]) => n > 1 && n === needing.get(kind)).map(([kind]) => kind));
  const reported = new Set<string>();
  for (const raw of missing.keys()) {
    const own: ExpectedError[] = [];
    for (const e of missing.get(raw) ?? []) {
      if (!everywhere.has(e.kind)) own.push(e);
      else if (!reported.has(e.kind)) {
        reported.add(e.kind);
        reporter.report({
          file: spec.root.rel,
          line: lineOf(spec.root.tree, spec.top, 'paths') ?? 1,
          severity: 'warning',
          message: `none of the ${needing.get(e.kind)} operations that need it declares ${codesText(e)} (${e.why.replace(/^it /, 'each ')})`,
          hint: `Define the error response once (\`components.responses\`) and reference it as '${e.codes[0]}' from each of those operations.`,
        });
      }
    }
    if (own.length === 0) continue;
    reporter.report({
      file: raw.file,
      line: raw.line,
      subject: raw.op.id,
      severity: 'warning',
      message: `${raw.op.id} does not declare ${own.map((e) => `${codesText(e)} (${e.why})`).join(', ')}`,
      hint: `Declare ${own.map((e) => `'${e.codes[0]}'`).join(', ')} under ${raw.op.method.toLowerCase()}.responses, e.g. \`'${own[0]?.codes[0]}': { $ref: '#/components/responses/…' }\` with the error schema the API uses.`,
    });
  }
}

export default defineRule({
  id: 'api/declared-responses',
  area: 'api',
  checklist: 'Proper status codes',
  // A missing success response is sure (error); missing client errors are warnings.
  severity: 'error',
  live: 'bad input gives 400/422, unknown id 404, never 500',
  docs: {
    description:
      'Every operation in the OpenAPI document declares how it succeeds (a 2xx response; none at all is an error) and the client errors it can give: 401 where it requires credentials, 404 on an item path (`/users/{id}`), 400 or 422 where it takes a body or parameters. A `4XX` range or a `default` response counts for every client error. A code missing from every operation that needs it is reported once.',
    failing: ['paths:', '  /v1/users/{id}:', '    get:', '      security: [{ bearerAuth: [] }]', '      responses:', "        '200': { description: The user. }"].join('\n'),
    passing: [
      'paths:',
      '  /v1/users/{id}:',
      '    get:',
      '      security: [{ bearerAuth: [] }]',
      '      responses:',
      "        '200': { description: The user. }",
      "        '401': { $ref: '#/components/responses/Unauthorized' }",
      "        '404': { $ref: '#/components/responses/NotFound' }",
    ].join('\n'),
    whenNotToUse: 'When error responses are documented once for the whole API in prose and the document is generated without them.',
  },
  // Loaded only by --live: the service, probes and load generator stay out of static runs.
  runLive: async (context, live, reporter) => (await import('../live/service/live-part.js')).runLivePart('api/declared-responses', context, live, reporter),
  check(context, reporter) {
    const spec = specDocument(context);
    if (!spec) return noDocumentVerdict(context);
    // An operation kept in a file that could not be read has no responses we can see.
    const operations = spec.operations.filter((raw) => raw.value !== undefined);
    if (operations.length === 0) return { status: 'not-applicable', reason: `${spec.input.file} describes no operations` };
    checkOperations(spec, reporter, operations);
  },
});
