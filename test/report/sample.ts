/** A small, fixed report for the format tests: one failing, one warning, one skipped and one n/a item. */
import type { Report } from '../../src/report/model.js';

export function sampleReport(): Report {
  const rule = (id: string, status: 'pass' | 'fail' | 'warn' | 'skipped' | 'not-applicable', findings = 0, reason?: string) => ({
    id,
    kind: 'static' as const,
    severity: 'error' as const,
    status,
    findings,
    durationMs: 1.5,
    ...(reason ? { reason } : {}),
  });
  return {
    schemaVersion: 1,
    id: '2026-11-24T10-00-00-000Z',
    tool: { name: 'backend-orchestrator', version: '0.1.0' },
    root: '/tmp/shop-api',
    createdAt: '2026-11-24T10:00:00.000Z',
    durationMs: 1234,
    areas: ['api', 'security', 'metrics'],
    live: false,
    verdict: 'fail',
    summary: { errors: 1, warnings: 1, infos: 0, suppressed: 1, items: { pass: 1, fail: 1, warn: 1, skipped: 1, 'not-applicable': 1 } },
    checklists: [
      {
        area: 'api',
        durationMs: 3,
        items: [
          { id: 'api.restful-design', area: 'api', title: 'RESTful design', status: 'warn', rules: [rule('api/no-trailing-slash', 'warn', 1)] },
          { id: 'api.rate-limiting-configured', area: 'api', title: 'Rate limiting configured', status: 'pass', reason: 'not decided: api/rate-limit live part (a burst gets 429): needs --live', rules: [rule('api/rate-limit', 'pass')] },
        ],
      },
      {
        area: 'security',
        durationMs: 5,
        items: [
          { id: 'security.sql-injection-prevented', area: 'security', title: 'SQL injection prevented', status: 'fail', rules: [rule('sec/sql-injection', 'fail', 1), rule('sec/nosql-injection', 'not-applicable', 0, 'no MongoDB client')] },
          { id: 'security.zero-security-vulnerabilities', area: 'security', title: 'Zero security vulnerabilities', status: 'not-applicable', reason: 'no lockfile', rules: [rule('sec/dependency-audit', 'not-applicable', 0, 'no lockfile')] },
        ],
      },
      {
        area: 'metrics',
        durationMs: 0,
        items: [{ id: 'metrics.api-response-time-200-ms', area: 'metrics', title: 'API response time < 200 ms', status: 'skipped', reason: 'metrics/api-response-time: needs --live', rules: [rule('metrics/api-response-time', 'skipped', 0, 'needs --live')] }],
      },
    ],
    metrics: [
      { id: 'metrics/api-response-time', title: 'API response time (p95)', threshold: 200, unit: 'ms', status: 'skipped', reason: 'needs --live' },
      { id: 'metrics/security-vulnerabilities', title: 'Security vulnerabilities', threshold: 0, unit: '', value: 1, status: 'fail' },
    ],
    findings: [
      {
        rule: 'sec/sql-injection',
        severity: 'error',
        file: 'src/repositories/product-repository.ts',
        line: 105,
        column: 24,
        message: 'request data (req.query.q) reaches raw SQL through a template literal <script>&"',
        hint: 'Pass it as a bound parameter ($3) instead of interpolating it.',
        related: [{ file: 'src/routes/products.ts', line: 37, column: 15, message: 'source: req.query.q' }],
        subject: 'GET /api/v1/products/search',
      },
      { rule: 'api/no-trailing-slash', severity: 'warning', file: 'src/app.ts', line: 3, column: 9, message: "the route path '/users/' ends with a slash", hint: "Register it as '/users'." },
    ],
    suppressed: [
      {
        rule: 'api/no-trailing-slash',
        severity: 'warning',
        file: 'src/legacy.ts',
        line: 9,
        column: 1,
        message: "the route path '/old/' ends with a slash",
        hint: "Register it as '/old'.",
        suppressed: { reason: 'legacy clients depend on it', file: 'src/legacy.ts', line: 8 },
      },
    ],
    internalErrors: [{ rule: 'api/path-casing', file: 'src/weird.ts', message: 'Cannot read properties of undefined' }],
    problems: [{ file: 'src/broken.ts', line: 2, column: 5, message: 'syntax error: Unexpected token', severity: 'error' }],
    rules: [
      { id: 'api/no-trailing-slash', area: 'api', checklist: 'RESTful design', severity: 'warning', kind: 'static', description: 'No trailing slashes.' },
      { id: 'sec/sql-injection', area: 'security', checklist: 'SQL injection prevented', severity: 'error', kind: 'static', description: 'No request data in raw SQL.' },
    ],
  };
}
