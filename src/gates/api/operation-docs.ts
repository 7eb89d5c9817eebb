import { lineOf } from '../../scan/openapi/tree.js';
import { defineRule } from '../define.js';
import type { Reporter } from '../types.js';
import { noDocumentVerdict, specDocument, type SpecDocument } from './openapi/document.js';
import { forEachOperation, type RawOperation } from './openapi/operations.js';
import { schemaGaps } from './openapi/schemas.js';

/**
 * A field every operation should have: reported per operation, or once (at `paths:`) when no
 * operation has it at all, which is a documentation style to change once rather than N findings.
 */
function requireField(spec: SpecDocument, reporter: Reporter, operations: readonly RawOperation[], has: (raw: RawOperation) => boolean, field: string, hint: string): void {
  const article = /^[aeiou]/i.test(field) ? 'an' : 'a';
  const missing = operations.filter((raw) => !has(raw));
  if (missing.length === 0) return;
  if (missing.length === operations.length && operations.length > 1) {
    reporter.report({
      file: spec.root.rel,
      line: lineOf(spec.root.tree, spec.top, 'paths') ?? 1,
      severity: 'warning',
      message: `none of the ${operations.length} operations in ${spec.root.rel} has ${article} ${field}`,
      hint,
    });
    return;
  }
  for (const { op, file, line } of missing) reporter.report({ file, line, subject: op.id, severity: 'warning', message: `${op.id} has no ${field}`, hint });
}

function uniqueOperationIds(reporter: Reporter, operations: readonly RawOperation[]): void {
  const first = new Map<string, RawOperation>();
  for (const raw of operations) {
    const id = raw.op.operationId;
    if (id === undefined) continue;
    const earlier = first.get(id);
    if (!earlier) {
      first.set(id, raw);
      continue;
    }
    reporter.report({
      file: raw.file,
      line: raw.line,
      subject: raw.op.id,
      severity: 'error',
      message: `operationId "${id}" of ${raw.op.id} is already used by ${earlier.op.id}`,
      hint: 'Give each operation its own operationId: client generators turn it into a method name, and a duplicate overwrites the other method.',
      related: [{ file: earlier.file, line: earlier.line, message: `${earlier.op.id} uses "${id}" first` }],
    });
  }
}

export default defineRule({
  id: 'api/operation-docs',
  area: 'api',
  checklist: 'Documentation updated',
  severity: 'error',
  docs: {
    description:
      'Every operation of the OpenAPI document is documented enough to use and to generate a client from: a summary (or description), an operationId that no other operation uses (a duplicate is an error), a schema for the request body it takes and for each success response that has content. Binary media types (octet-stream, images, PDF) need no schema.',
    failing: "paths:\n  /v1/users:\n    post:\n      requestBody:\n        content:\n          application/json: {}\n      responses:\n        '201': { description: Created }",
    passing:
      "paths:\n  /v1/users:\n    post:\n      operationId: createUser\n      summary: Create a user\n      requestBody:\n        content:\n          application/json:\n            schema: { $ref: '#/components/schemas/NewUser' }\n      responses:\n        '201': { description: Created }",
    whenNotToUse: 'On a document generated from code by a tool that cannot emit summaries; fix the generator instead where possible.',
  },
  check(context, reporter) {
    const spec = specDocument(context);
    if (!spec) return noDocumentVerdict(context);
    const operations = spec.operations.filter((raw) => raw.value !== undefined);
    if (operations.length === 0) return { status: 'not-applicable', reason: `${spec.input.file} describes no operations` };
    requireField(spec, reporter, operations, ({ op }) => Boolean(op.summary?.trim() || op.description?.trim()), 'summary or description', 'Add `summary:` (one line: what the operation does, for whom) and, where it helps, `description:`.');
    requireField(spec, reporter, operations, ({ op }) => Boolean(op.operationId), 'operationId', 'Add a unique camelCase `operationId:` (e.g. `listUsers`, `createOrder`): client generators and contract tests name the operation by it.');
    uniqueOperationIds(reporter, operations);
    forEachOperation(operations, reporter, (raw) => {
      for (const gap of schemaGaps(spec, raw)) {
        reporter.report({
          file: gap.file,
          line: gap.line,
          subject: raw.op.id,
          severity: 'warning',
          message: `${raw.op.id}: the ${gap.what} has no schema`,
          hint: "Add `schema:` under the media type (a `$ref: '#/components/schemas/…'` to a named schema keeps it reusable).",
        });
      }
    });
  },
});
