import { isRecord, lineOf } from '../../scan/openapi/tree.js';
import { defineRule } from '../define.js';
import { locatedEndpoints, type CodeEndpoint } from '../support/endpoints.js';
import type { CheckContext, Reporter } from '../types.js';
import { appEntry } from './openapi/app-entry.js';
import { isInfrastructure } from './openapi/code.js';
import { specDocument } from './openapi/document.js';
import { hasPathVersion, isFixedAddress, isSemver, usesVersionedMediaType, usesVersionHeader } from './openapi/version-scheme.js';

type Scheme = 'path' | 'header' | 'media-type';

const SCHEME_TEXT: Record<Scheme, string> = {
  path: 'a version segment in the path (`/v1/...`)',
  header: 'a version header (e.g. `Accept-Version` or `X-API-Version`)',
  'media-type': 'a versioned media type (e.g. `application/vnd.acme.v1+json`)',
};

/** Path versioning, per endpoint: every one unversioned when some are versioned, or one finding when none is. */
function checkPaths(context: CheckContext, reporter: Reporter, endpoints: readonly CodeEndpoint[]): void {
  // Unless the team chose 'path' explicitly, a version the scanner read another way (Nest header versioning, Fastify constraints) counts.
  const explicit = context.config.conventions?.versioning === 'path';
  const versioned = (e: CodeEndpoint) => hasPathVersion(e.endpoint.path) || (!explicit && Boolean(e.endpoint.version));
  const missing = endpoints.filter((e) => !versioned(e));
  if (missing.length === 0) return;
  if (missing.length === endpoints.length) {
    const where = appEntry(context, endpoints) ?? { file: endpoints[0]?.file ?? '', line: endpoints[0]?.line ?? 1 };
    const examples = missing.slice(0, 3).map((e) => e.endpoint.id).join(', ');
    reporter.report({
      ...where,
      message: `no endpoint carries an API version: none of the ${missing.length} endpoints (${examples}${missing.length > 3 ? ', …' : ''}) has ${SCHEME_TEXT.path}`,
      hint: "Mount the API under a version prefix (e.g. `app.use('/api/v1', router)`, Nest `app.enableVersioning({ type: VersioningType.URI })`). If the API is versioned by header or media type, set `conventions.versioning` in backend-orchestrator.config.json.",
    });
    return;
  }
  // Routes outside the versioned API are often deliberate (an internal dashboard, an auth callback): a warning each.
  for (const { endpoint, file, line } of missing) {
    reporter.report({
      file,
      line,
      subject: endpoint.id,
      severity: 'warning',
      message: `${endpoint.id} has no version segment while the other endpoints have one (e.g. ${endpoints.find(versioned)?.endpoint.path})`,
      hint: 'Register it on the versioned router (under the same `/v1` prefix as its siblings), or add the version segment to its path.',
    });
  }
}

/** Header or media-type versioning is read once for the project: one finding when nothing shows it. */
function checkProjectWide(context: CheckContext, reporter: Reporter, scheme: Exclude<Scheme, 'path'>, endpoints: readonly CodeEndpoint[]): void {
  const all = endpoints.map((e) => e.endpoint);
  const found = scheme === 'header' ? usesVersionHeader(context, all) : usesVersionedMediaType(context, all);
  if (found) return;
  const where = appEntry(context, endpoints) ?? { file: endpoints[0]?.file ?? '', line: endpoints[0]?.line ?? 1 };
  reporter.report({
    ...where,
    message: `conventions.versioning is '${scheme}' but nothing in the code or the OpenAPI document shows ${SCHEME_TEXT[scheme]}`,
    hint: scheme === 'header'
      ? 'Read the version header in a middleware (or Nest `enableVersioning({ type: VersioningType.HEADER, header: ... })`) and declare it as a header parameter in the OpenAPI document.'
      : 'Negotiate the version on the media type (Nest `VersioningType.MEDIA_TYPE`, or `application/vnd.<api>.v1+json` in `Accept`) and list the versioned media types in the OpenAPI document.',
  });
}

/** `1` and `v1.2` become `1.0.0` and `1.2.0`; anything else gets `1.0.0`. */
function suggestSemver(version: string | undefined): string {
  const match = /^v?(\d+)(?:\.(\d+))?$/i.exec(version ?? '');
  return match ? `${match[1]}.${match[2] ?? '0'}.0` : '1.0.0';
}

/** `info.version` of the document is a semantic version, so that breaking changes can bump its major. */
function checkDocumentVersion(context: CheckContext, reporter: Reporter): void {
  const spec = specDocument(context);
  if (!spec) return;
  const version = spec.input.summary.apiVersion;
  if (version !== undefined && isSemver(version)) return;
  const info = spec.top.info;
  const line = (isRecord(info) && lineOf(spec.root.tree, info, 'version')) || lineOf(spec.root.tree, spec.top, 'info') || 1;
  reporter.report({
    file: spec.root.rel,
    line,
    severity: 'warning',
    message: version === undefined ? `${spec.root.rel} has no info.version` : `info.version "${version}" of ${spec.root.rel} is not a semantic version (MAJOR.MINOR.PATCH)`,
    hint: `Write info.version as MAJOR.MINOR.PATCH (e.g. "${suggestSemver(version)}") and bump the major version with every breaking change.`,
  });
}

export default defineRule({
  id: 'api/versioning',
  area: 'api',
  checklist: 'Versioning implemented',
  severity: 'error',
  docs: {
    description:
      'Every endpoint carries the version scheme the team chose (`conventions.versioning`: a `/v1` path segment by default, or a header, or a media type), so clients can pin a version and breaking changes can ship as a new one. An API with no version anywhere is one error (at the line that creates the app); an endpoint left outside the versioned API is a warning. The root page, health probes, metrics, docs pages, webhooks and OAuth callbacks are exempt. The OpenAPI `info.version` must be a semantic version (a warning).',
    failing: "app.use('/api/v1', router);\napp.get('/api/users', listUsers); // beside /api/v1/..., without a version",
    passing: "app.use('/api/v1', router);\nrouter.get('/users', listUsers); // GET /api/v1/users",
    whenNotToUse: "An internal API whose only client ships with it: set `conventions.versioning` to 'none'.",
  },
  check(context, reporter) {
    const scheme = context.config.conventions?.versioning ?? 'path';
    // Spec-only projects have their operations in the registry: their paths are judged at the spec lines.
    const endpoints = locatedEndpoints(context).filter((e) => !isInfrastructure(e.endpoint.path) && !isFixedAddress(e.endpoint.path));
    if (!endpoints.length && !context.openapi) return { status: 'not-applicable', reason: 'no API endpoints and no OpenAPI document' };
    checkDocumentVersion(context, reporter);
    if (scheme === 'none') return { status: 'not-applicable', reason: "conventions.versioning is 'none': only info.version was checked" };
    if (!endpoints.length) return;
    if (scheme === 'path') checkPaths(context, reporter, endpoints);
    else checkProjectWide(context, reporter, scheme, endpoints);
  },
});
