import { codeEndpoints } from '../support/endpoints.js';
import { defineRule } from '../define.js';
import { noDocumentVerdict, specDocument } from './openapi/document.js';
import { differences } from './openapi/drift-checks.js';
import { matching, operationFor } from './openapi/matching.js';

export default defineRule({
  id: 'api/spec-drift',
  area: 'api',
  checklist: 'Documentation updated',
  severity: 'warning',
  docs: {
    description:
      'The OpenAPI document and the code tell the same story: every documented operation is implemented (else the document is stale or the route is missing), and a documented operation agrees with its code on path parameter names, on the query parameters and body fields the code reads, and on authentication where the code demands credentials the document calls optional or public. (Code that is public where the document requires credentials is reported by sec/authn-required.) Findings are at the operation in the document, with the code location related.',
    failing: "# openapi.yaml\npaths:\n  /v1/users/{userId}:\n    get: { security: [], ... }\n// code\nrouter.get('/v1/users/:id', authenticate, getUser);",
    passing: "# openapi.yaml\npaths:\n  /v1/users/{id}:\n    get: { security: [{ bearerAuth: [] }], ... }\n// code\nrouter.get('/v1/users/:id', authenticate, getUser);",
    whenNotToUse: 'When the document deliberately describes operations served by another service behind the same gateway.',
  },
  check(context, reporter) {
    const code = codeEndpoints(context);
    const spec = specDocument(context);
    if (!spec) return noDocumentVerdict(context);
    if (code.length === 0) return { status: 'not-applicable', reason: 'no endpoints found in code to compare with the document' };

    const matched = matching(context);
    const notImplemented = new Set(matched.onlyInSpec);
    for (const { op, file, line } of spec.operations) {
      if (!notImplemented.has(op.id)) continue;
      reporter.report({
        file,
        line,
        subject: op.id,
        message: `${op.id} is in ${spec.input.file} but no endpoint in code implements it`,
        hint: 'Implement the route, or remove the operation from the document (deprecate it first if clients use it). If the route is registered in a way the scan cannot follow, check the scan problems.',
      });
    }

    for (const { endpoint, file: codeFile, line: codeLine } of code) {
      if (!matched.documented.has(endpoint.id)) continue;
      const raw = operationFor(context, endpoint.method, endpoint.path);
      if (!raw?.value) continue;
      for (const difference of differences(endpoint, raw.op)) {
        reporter.report({
          file: raw.file,
          line: raw.line,
          subject: endpoint.id,
          message: difference.message,
          hint: difference.hint,
          related: [{ file: codeFile, line: codeLine, message: `${endpoint.id} in code` }],
        });
      }
    }
  },
});
