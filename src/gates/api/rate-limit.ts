import { lineOf } from '../../scan/openapi/tree.js';
import { defineRule } from '../define.js';
import { codeEndpoints, type CodeEndpoint } from '../support/endpoints.js';
import type { CheckContext, Reporter } from '../types.js';
import { appEntry } from './openapi/app-entry.js';
import { isInfrastructure } from './openapi/code.js';
import { specDocument } from './openapi/document.js';
import { operationFor } from './openapi/matching.js';
import { declares429, documentsRateLimiting } from './openapi/rate-limit-docs.js';

const LIMITER_HINT =
  'Put a rate limiter in front of the API (express-rate-limit `app.use(rateLimit({ windowMs, limit, standardHeaders: "draft-7" }))`, `@fastify/rate-limit`, Nest `ThrottlerGuard` as APP_GUARD, hono-rate-limiter). If a gateway limits the traffic, say so with `bo-ignore api/rate-limit: <gateway>` here.';

/** The code: one finding when nothing is limited, else one per endpoint left out. */
function checkCode(context: CheckContext, reporter: Reporter, endpoints: readonly CodeEndpoint[]): void {
  const unlimited = endpoints.filter((e) => e.endpoint.rateLimited === false);
  if (unlimited.length === 0) return;
  if (unlimited.length === endpoints.length) {
    const where = appEntry(context, endpoints) ?? { file: endpoints[0]?.file ?? '', line: endpoints[0]?.line ?? 1 };
    reporter.report({ ...where, message: `no rate limiter covers any of the ${endpoints.length} endpoints`, hint: LIMITER_HINT });
    return;
  }
  // A limiter on a few routes only (typically login) is not an API-wide limit: one finding for the
  // project, not one per endpoint, which on such a project would be most of them.
  if (unlimited.length * 2 > endpoints.length) {
    const where = appEntry(context, endpoints) ?? { file: unlimited[0]?.file ?? '', line: unlimited[0]?.line ?? 1 };
    const covered = endpoints.filter((e) => e.endpoint.rateLimited !== false).map((e) => e.endpoint.id);
    reporter.report({
      ...where,
      message: `only ${covered.length} of ${endpoints.length} endpoints are behind a rate limiter (${covered.slice(0, 3).join(', ')}${covered.length > 3 ? ', …' : ''}); the other ${unlimited.length} have none`,
      hint: LIMITER_HINT,
    });
    return;
  }
  for (const { endpoint, file, line } of unlimited) {
    reporter.report({
      file,
      line,
      subject: endpoint.id,
      message: `${endpoint.id} is not behind a rate limiter, unlike the other endpoints`,
      hint: 'Register the route after the app-level limiter (`app.use(limiter)` before the router is mounted), or add the limiter to its middleware chain.',
    });
  }
}

/** The document: 429 declared where the code limits (or, spec-only, anywhere), once if nowhere. */
function checkDocument(context: CheckContext, reporter: Reporter, limited: readonly CodeEndpoint[], hasCode: boolean): void {
  const spec = specDocument(context);
  if (!spec) return;
  const operations = spec.operations.filter((raw) => raw.value && !isInfrastructure(raw.op.path));
  if (operations.length === 0) return;
  // No operation declares 429: a document that describes the limits elsewhere (a reusable response, headers) is enough.
  if (!operations.some(declares429)) {
    if (documentsRateLimiting(context, spec)) return;
    reporter.report({
      file: spec.root.rel,
      line: lineOf(spec.root.tree, spec.top, 'paths') ?? 1,
      severity: 'warning',
      message: `${spec.root.rel} does not document rate limiting: no operation declares a 429 response`,
      hint: "Add a reusable response (`components.responses.TooManyRequests`, with the RateLimit or Retry-After header) and reference it as `'429'` from the limited operations.",
    });
    return;
  }
  // Some operations declare it: each limited one should.
  const covered = hasCode ? new Set(limited.map((e) => operationFor(context, e.endpoint.method, e.endpoint.path))) : undefined;
  for (const raw of operations) {
    if (declares429(raw) || (covered && !covered.has(raw))) continue;
    reporter.report({
      file: raw.file,
      line: raw.line,
      subject: raw.op.id,
      severity: 'warning',
      message: `${raw.op.id} does not declare the 429 response the other rate-limited operations declare`,
      hint: "Add `'429': { $ref: '#/components/responses/TooManyRequests' }` (or the document's own 429 response) to its responses.",
    });
  }
}

export default defineRule({
  id: 'api/rate-limit',
  area: 'api',
  checklist: 'Rate limiting configured',
  severity: 'error',
  live: 'a bounded burst gets 429 with Retry-After or RateLimit headers',
  docs: {
    description:
      'A rate limiter (express-rate-limit, @fastify/rate-limit, @nestjs/throttler, hono-rate-limiter, koa-ratelimit, …) covers every endpoint, so a single client cannot exhaust the service or brute-force credentials. Health probes, metrics and docs pages are exempt. When nothing is limited the finding is one, at the line that creates the app. The OpenAPI document should declare the 429 response clients will get (a warning).',
    failing: "const app = express();\napp.use('/api/v1', router);",
    passing: "const app = express();\napp.use(rateLimit({ windowMs: 60_000, limit: 100, standardHeaders: 'draft-7' }));\napp.use('/api/v1', router);",
    whenNotToUse: 'When an API gateway or reverse proxy enforces the limits: suppress it at the app with the gateway named as the reason.',
  },
  // Loaded only by --live: the service, probes and load generator stay out of static runs.
  runLive: async (context, live, reporter) => (await import('../live/service/live-part.js')).runLivePart('api/rate-limit', context, live, reporter),
  check(context, reporter) {
    // `rateLimited` is decided by the framework scanners; an endpoint without it cannot be judged.
    const endpoints = codeEndpoints(context).filter((e) => !isInfrastructure(e.endpoint.path) && e.endpoint.rateLimited !== undefined);
    if (endpoints.length === 0 && !context.openapi) return { status: 'not-applicable', reason: 'no API endpoints in code and no OpenAPI document' };
    checkCode(context, reporter, endpoints);
    const limited = endpoints.filter((e) => e.endpoint.rateLimited === true);
    // Until the code limits something, the missing limiter is the finding; a missing 429 in the document would repeat it.
    if (endpoints.length > 0 && limited.length === 0) return;
    checkDocument(context, reporter, limited, endpoints.length > 0);
    if (endpoints.length === 0) return { status: 'skipped', reason: 'no endpoints in code: whether a limiter covers them cannot be read (only the document was checked)' };
  },
});
