import { codeEndpoints } from '../support/endpoints.js';
import { isRecord, lineOf } from '../../scan/openapi/tree.js';
import { defineRule } from '../define.js';
import type { CheckContext, Location, Reporter } from '../types.js';
import { appEntry } from './openapi/app-entry.js';
import { isInfrastructure, pathKeyFor } from './openapi/code.js';
import { specDocument } from './openapi/document.js';
import { matching, type BasePathShift } from './openapi/matching.js';

/** Where the document sets its base path: `servers:` (3.x), `basePath:` (2.0), else `paths:`. */
function basePathLine(context: CheckContext): Location {
  const spec = specDocument(context);
  if (!spec) return { file: context.drift.document ?? '', line: 1 };
  const key = ['servers', 'basePath', 'paths'].find((k) => isRecord(spec.top) && k in spec.top) ?? 'paths';
  return { file: spec.root.rel, line: lineOf(spec.root.tree, spec.top, key) ?? 1 };
}

/** One finding for a base path the whole document gets wrong, instead of one per endpoint. */
function reportShift(context: CheckContext, reporter: Reporter, shift: BasePathShift, example: { id: string; method: string; path: string } | undefined): void {
  const documentedAs = example ? `${example.method} ${shift.spec}${example.path.slice(shift.code.length) || '/'}` : '';
  reporter.report({
    ...basePathLine(context),
    message: shift.code
      ? `the document describes the API without the ${shift.code} base path the code serves it under${example ? ` (${example.id} is described as ${documentedAs})` : ''}`
      : `the document puts ${shift.spec} before every path but the code serves them without it${example ? ` (${example.id} is described as ${documentedAs})` : ''}`,
    hint: shift.code
      ? `Add ${shift.code} to the path of servers[0].url (2.0: basePath), so that the server URL plus each path key is the URL the code answers.`
      : `Take ${shift.spec} out of servers[0].url (2.0: basePath) or the path keys, or mount the code under it.`,
  });
}

export default defineRule({
  id: 'api/documented',
  area: 'api',
  checklist: 'Documentation updated',
  severity: 'error',
  docs: {
    description:
      'Every endpoint registered in code is described in the OpenAPI document (same method and path; parameter names may differ). An undocumented endpoint is invisible to client generators, contract tests and reviewers. The root page, health probes, metrics and docs pages are exempt. A project with endpoints and no OpenAPI document at all gets one warning instead of one error per endpoint, and a document whose base path differs from the code\'s everywhere gets one error for it.',
    failing: "// openapi.yaml has no /admin/stats\nadminRouter.get('/stats', authenticate, requireRole('admin'), getStats);",
    passing: "# openapi.yaml\npaths:\n  /api/v1/admin/stats:\n    get:\n      operationId: getStoreStats\n      summary: Store statistics (admin)",
    whenNotToUse: 'Internal endpoints deliberately kept out of the public document: mark each with `// bo-ignore api/documented: <why>`.',
  },
  check(context, reporter) {
    const endpoints = codeEndpoints(context);
    if (endpoints.length === 0) return { status: 'not-applicable', reason: 'no endpoints found in code' };
    const api = endpoints.filter((e) => !isInfrastructure(e.endpoint.path));
    if (api.length === 0) return { status: 'not-applicable', reason: 'only operational endpoints (health, metrics, docs) in code' };
    const document = context.drift.document;
    if (!document) {
      const where = appEntry(context, api) ?? { file: api[0]?.file ?? '', line: api[0]?.line ?? 1 };
      reporter.report({
        ...where,
        severity: 'warning',
        message: `the project has ${api.length} endpoint${api.length === 1 ? '' : 's'} in code and no OpenAPI document`,
        hint: 'Write openapi.yaml at the project root (or set `openapi` in backend-orchestrator.config.json to where it is), describing every endpoint; or generate it from the code (e.g. @nestjs/swagger, @fastify/swagger) and commit it.',
      });
      return;
    }
    if (!context.openapi) return { status: 'skipped', reason: `the OpenAPI document ${document} could not be read (see the scan problems)` };
    const { shift, documented } = matching(context);
    if (shift) reportShift(context, reporter, shift, api.find((e) => documented.has(e.endpoint.id))?.endpoint);
    for (const { endpoint, file, line } of api) {
      if (documented.has(endpoint.id)) continue;
      const key = pathKeyFor(context, endpoint.path);
      reporter.report({
        file,
        line,
        subject: endpoint.id,
        message: `${endpoint.id} is not in the OpenAPI document ${document}`,
        hint: `Describe it in ${document}: under \`paths:\` add \`${key}:\` → \`${endpoint.method.toLowerCase()}:\` with operationId, summary, parameters, request body and responses (success and errors).`,
      });
    }
  },
});
