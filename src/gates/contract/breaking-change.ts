import { isRecord } from '../../scan/openapi/tree.js';
import { defineDynamicRule } from '../define.js';
import { documentOf, loadBase } from './diff/base.js';
import { diffDocuments } from './diff/compare.js';
import { majorBump, toFinding } from './diff/report.js';

/**
 * The OpenAPI document compared with a base (`--base <git ref | file>`). Breaking: removed
 * operations, new required parameters / request properties / request body, parameters moved,
 * type changes, request enum values removed, request constraints narrowed, success responses,
 * their media types or response properties removed, response properties made optional, a new
 * 2.0 basePath. A new enum value in a response is a warning (only strict readers break).
 * Additions (operations, optional inputs, response properties) are compatible and not reported.
 */
export default defineDynamicRule({
  id: "contract/breaking-change",
  area: "contract",
  checklist: "No breaking changes",
  severity: "error",
  needs: "base",
  docs: {
    description: "The OpenAPI document compared with a base (git ref or file): removed operations, new required inputs, type changes, removed enum values or response properties are errors unless deprecated first or the major version is bumped.",
    failing: "removing GET /v1/users/{id} in 1.4.0",
    passing: "deprecate it in 1.4.0, remove it in 2.0.0",
    whenNotToUse: "Before the first release, while no client depends on the API yet.",
  },
  timeoutMs: 60_000,
  async run(context, live, reporter) {
    const base = live.options.base;
    if (!base) return { status: 'skipped', reason: 'needs --base <git ref|file>' };
    const openapi = context.openapi;
    const current = openapi && documentOf(openapi.files, context.root);
    if (!openapi || !current) return { status: 'not-applicable', reason: 'no OpenAPI document to compare' };
    live.progress(`reading the base document (${base})`);
    const loaded = await loadBase(context.root, base, openapi.file, live.signal);
    if (!loaded.ok) return { status: loaded.status, reason: loaded.reason };
    live.progress('comparing the OpenAPI documents');
    const diff = diffDocuments(loaded.document, current);
    const allowance = { majorBump: majorBump(infoVersion(loaded.document.root.tree.value), openapi.summary.apiVersion), baseOperations: diff.baseOperations };
    for (const change of diff.changes) reporter.report(toFinding(change, allowance, loaded.label));
  },
});

function infoVersion(doc: unknown): string | undefined {
  const info = isRecord(doc) && isRecord(doc.info) ? doc.info : undefined;
  return typeof info?.version === 'string' || typeof info?.version === 'number' ? String(info.version) : undefined;
}
