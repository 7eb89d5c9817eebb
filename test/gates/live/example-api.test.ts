/**
 * The live API gates on examples/shop-api: the example is started (`npm start`: tsx + in-memory
 * PGlite), probed and load-tested once for the whole file, and stopped. Flaw (a) (PATCH stock
 * without authentication) and flaw (c) (the search's SQL injection) must be caught live.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../../../src/config/schema.js';
import { buildCheckContext } from '../../../src/gates/context.js';
import { defineDynamicRule } from '../../../src/gates/define.js';
import { createLiveContext } from '../../../src/gates/live/context.js';
import { runDynamicRules } from '../../../src/gates/live/run.js';
import { groupAlive } from '../../../src/gates/live/service/process-group.js';
import { liveApiOutcome, type LiveApiOutcome } from '../../../src/gates/live/service/run-live-api.js';
import type { RunningService } from '../../../src/gates/live/service/service.js';
import type { Measurement } from '../../../src/gates/live/types.js';
import type { DynamicOutcome } from '../../../src/gates/engine.js';
import apiResponseTime from '../../../src/gates/metrics/api-response-time.js';
import errorRate from '../../../src/gates/metrics/error-rate.js';
import responseSchema from '../../../src/gates/contract/response-schema.js';
import errorStandard from '../../../src/gates/contract/error-standard.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../../examples/shop-api');
const ADMIN = { email: 'admin@shop.test', password: 'Bo-Admin-Passw0rd!' };

let outcome: LiveApiOutcome;
let outcomes: Map<string, DynamicOutcome>;
let measurements: Map<string, Measurement>;
let pgids: number[] = [];

beforeAll(async () => {
  const config = Config.parse({
    service: {
      env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, BCRYPT_ROUNDS: '4' },
      auth: { login: { method: 'POST', path: '/api/v1/auth/login', body: ADMIN, tokenPath: 'accessToken' } },
      load: { durationSeconds: 1 },
    },
  });
  const context = await buildCheckContext({ root: EXAMPLE, config });
  const live = createLiveContext({}, new AbortController().signal);
  // Captures the shared outcome and the service process group for the assertions.
  const capture = defineDynamicRule({
    id: 'contract/breaking-change', area: 'contract', checklist: 'No breaking changes', severity: 'error', needs: 'live',
    docs: { description: 'test capture', failing: 'x', passing: 'y' },
    async run(c, l) {
      outcome = await liveApiOutcome(c, l);
      const { service } = await l.resource<{ service: RunningService }>('service', () => Promise.reject(new Error('not opened')), () => undefined);
      pgids.push(service.pgid());
    },
  });
  outcomes = await runDynamicRules([apiResponseTime, errorRate, responseSchema, errorStandard, capture], context, live, ['metrics', 'contract']);
  measurements = live.measurements();
}, 60_000);

describe('live API gates on examples/shop-api', () => {
  it('catches flaw (a) live: PATCH /api/v1/products/{id}/stock answers without credentials', () => {
    const authn = outcome.findings.get('sec/authn-required') ?? [];
    expect(authn.map((f) => `${f.subject} ${f.file}:${f.line} ${f.severity ?? 'error'}`)).toEqual(['PATCH /api/v1/products/{id}/stock src/routes/products.ts:75 error']);
    expect(authn[0]?.message).toMatch(/without credentials got 200/);
  });

  it('catches flaw (c) live: the search answers 500 to a quote', () => {
    const sql = outcome.findings.get('sec/sql-injection') ?? [];
    expect(sql.map((f) => `${f.subject} ${f.file}:${f.line}`)).toEqual(['GET /api/v1/products/search src/routes/products.ts:35']);
    expect(sql[0]?.message).toMatch(/query parameter "q".*→ 500/);
  });

  it('measures the response time and error rate under load, with the generator overhead beside', () => {
    expect(measurements.get('metrics/api-response-time')).toMatchObject({ unit: 'ms' });
    expect(measurements.get('metrics/api-response-time')?.detail).toMatch(/load generator alone.*p95/);
    expect(measurements.get('metrics/error-rate')).toMatchObject({ unit: '%', value: 0 });
    expect(measurements.get('supplied/load')?.value).toBeGreaterThan(3);
    expect(measurements.get('supplied/security')?.value).toBeGreaterThan(50);
    expect(measurements.get('supplied/contract')?.value).toBeGreaterThan(20);
  });

  it('finds nothing else on the clean parts of the example: contract, error shape, pagination, rate limit, error rate', () => {
    expect([...outcome.findings.keys()].sort()).toEqual(['sec/authn-required', 'sec/sql-injection']);
    for (const id of ['metrics/error-rate', 'contract/response-schema', 'contract/error-standard']) {
      expect(outcomes.get(id)).toMatchObject({ findings: [], errors: [], verdict: undefined });
    }
    expect(outcome.errorStandard?.standard).toBe('RFC 9457 problem details');
    expect(outcome.burst).toMatchObject({ limited: true, target: 'GET /api/v1/categories' });
    expect(outcome.failure).toBeUndefined();
  });

  it('leaves nothing running', () => {
    expect(pgids.length).toBe(1);
    for (const pgid of pgids) expect(groupAlive(pgid)).toBe(false);
  });
});
