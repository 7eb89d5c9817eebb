/** The pure parts of `bo submit`: which gates run, what the findings are scoped to, the lifecycle of a validation, the events. */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/gates/types.js';
import { emptyRegistry, type Registry } from '../../src/registry/schema.js';
import * as life from '../../src/tasks/lifecycle.js';
import { areaOfRule, planGates, planSelects } from '../../src/tasks/submit/gate-plan.js';
import { failuresText, inScope, scopeFindings, type TaskScope } from '../../src/tasks/submit/scope.js';
import { apiReadyEvents, changeEvents } from '../../src/tasks/submit/submit.js';
import { makeTask } from '../helpers/tasks.js';

const NOW = new Date('2026-06-01T12:00:00.000Z');

describe('planGates', () => {
  it('runs the skill\'s areas whole and the requirement rules as errors; live rules for an API task when a service can run', () => {
    const task = makeTask({ criteria: { gates: ['api', 'security', 'contract', 'api/pagination'], thresholds: {} }, requirements: ['pagination', 'unknown thing'] });
    const plan = planGates({ task, canRunLive: true, liveWanted: true });
    expect(plan).toEqual({
      areas: ['api', 'security', 'metrics', 'contract'],
      wholeAreas: ['api', 'security', 'contract'],
      rules: ['api/pagination', 'metrics/api-response-time', 'metrics/error-rate'],
      required: ['api/pagination'],
      live: true,
    });
    expect(planSelects(plan, 'api/no-verbs-in-path')).toBe(true);
    expect(planSelects(plan, 'metrics/error-rate')).toBe(true);
    expect(planSelects(plan, 'metrics/test-coverage')).toBe(false);
    expect(planSelects(plan, 'db/fk-index')).toBe(false);
  });

  it('stays static without a service, or when live is turned off', () => {
    const task = makeTask({ criteria: { gates: ['api'], thresholds: {} } });
    expect(planGates({ task, canRunLive: false, liveWanted: true })).toMatchObject({ live: false, areas: ['api'], rules: [] });
    expect(planGates({ task, canRunLive: true, liveWanted: false })).toMatchObject({ live: false, areas: ['api'] });
  });

  it('a testing task runs the tests area and the coverage metric only', () => {
    const task = makeTask({ skill: 'testing-skill', criteria: { gates: ['tests', 'metrics/test-coverage'], thresholds: {} } });
    const plan = planGates({ task, canRunLive: true, liveWanted: true });
    expect(plan).toMatchObject({ areas: ['metrics', 'tests'], wholeAreas: ['tests'], rules: ['metrics/test-coverage'], live: true });
    expect(planSelects(plan, 'metrics/api-response-time')).toBe(false);
  });

  it('maps rule prefixes to areas', () => {
    expect(['api/x', 'db/x', 'sec/x', 'metrics/x', 'tests/x', 'test/x', 'contract/x', 'other/x'].map(areaOfRule)).toEqual(['api', 'database', 'security', 'metrics', 'tests', 'tests', 'contract', undefined]);
  });
});

const finding = (overrides: Partial<Finding>): Finding => ({ rule: 'api/x', severity: 'error', file: 'src/a.ts', line: 1, column: 1, message: 'm', hint: 'h', ...overrides });

describe('scope', () => {
  const scope: TaskScope = { targets: ['GET /api/v1/categories/{id}/products', 'Order'], tables: ['orders'], files: ['src/routes/categories.ts'] };

  it('keeps findings about a target endpoint (whatever the parameter spelling) or model, and those without a subject in its files', () => {
    expect(inScope({ subject: 'GET /api/v1/categories/:categoryId/products', file: 'x.ts' }, scope)).toBe(true);
    expect(inScope({ subject: 'POST /api/v1/categories/{id}/products', file: 'src/routes/categories.ts' }, scope)).toBe(false);
    expect(inScope({ subject: 'PATCH /api/v1/products/{id}/stock', file: 'src/routes/products.ts' }, scope)).toBe(false);
    expect(inScope({ subject: 'Order', file: 'prisma/schema.prisma' }, scope)).toBe(true);
    expect(inScope({ subject: 'orders.customer_id', file: 'm.sql' }, scope)).toBe(true);
    expect(inScope({ subject: 'public.orders', file: 'm.sql' }, scope)).toBe(true);
    expect(inScope({ subject: 'order_items', file: 'm.sql' }, scope)).toBe(false);
    expect(inScope({ file: 'src/routes/categories.ts' }, scope)).toBe(true);
    expect(inScope({ file: 'src/routes/products.ts' }, scope)).toBe(false);
    expect(inScope({ subject: 'project', file: 'src/routes/categories.ts' }, scope)).toBe(true);
  });

  it('a task without targets answers for everything', () => {
    expect(inScope({ subject: 'GET /x', file: 'a.ts' }, { targets: [], tables: [], files: [] })).toBe(true);
  });

  it('errors in scope fail, warnings are listed, suppressed and infos are left out', () => {
    const findings = [
      finding({ subject: 'GET /api/v1/categories/{id}/products', line: 30 }),
      finding({ subject: 'GET /api/v1/categories/{id}/products', severity: 'warning', rule: 'api/operation-docs' }),
      finding({ subject: 'GET /api/v1/categories/{id}/products', severity: 'info' }),
      finding({ subject: 'GET /api/v1/categories/{id}/products', suppressed: { reason: 'r', file: 'f', line: 1 } }),
      finding({ subject: 'PATCH /api/v1/products/{id}/stock' }),
    ];
    const { failures, warnings } = scopeFindings(findings, scope);
    expect(failures).toEqual([{ rule: 'api/x', severity: 'error', file: 'src/a.ts', line: 30, message: 'm', hint: 'h', subject: 'GET /api/v1/categories/{id}/products' }]);
    expect(warnings.map((w) => w.rule)).toEqual(['api/operation-docs']);
    expect(failuresText(failures)).toBe('1. [api/x] src/a.ts:30: m\n   fix: h');
  });
});

describe('the lifecycle of a validation', () => {
  const claimed = life.claimTask(makeTask(), 'agent-1', 60_000, { waitingOn: [] }, NOW);

  it('starts: validating, the holder keeps the claim with a lease long enough for the gates', () => {
    const validating = life.startValidation(claimed, 'agent-1', NOW);
    expect(validating.status).toBe('validating');
    expect(validating.claim?.agent).toBe('agent-1');
    expect(Date.parse(validating.claim?.leaseUntil ?? '') - NOW.getTime()).toBe(life.VALIDATION_LEASE_MS);
    expect(validating.history.at(-1)).toMatchObject({ from: 'in_progress', to: 'validating', note: 'submitted (attempt 1)' });
  });

  it('refuses another agent\'s task, a task being validated, and a finished one', () => {
    expect(() => life.startValidation(claimed, 'agent-2', NOW)).toThrow(/claimed by agent-1/);
    const validating = life.startValidation(claimed, 'agent-1', NOW);
    expect(() => life.startValidation(validating, 'agent-1', NOW)).toThrow(/already being validated/);
    expect(() => life.startValidation(makeTask({ status: 'done' }), 'agent-1', NOW)).toThrow(/it is done/);
    expect(() => life.startValidation(makeTask({ status: 'pending' }), 'agent-1', NOW)).toThrow(/it is pending/);
  });

  it('a submit that died leaves the task free once its lease lapses', () => {
    const validating = life.startValidation(claimed, 'agent-1', NOW);
    const later = new Date(NOW.getTime() + life.VALIDATION_LEASE_MS + 1);
    expect(life.expireLease(validating, later)).toMatchObject({ status: 'ready', claim: null });
    expect(life.startValidation(validating, 'agent-2', later).status).toBe('validating');
  });

  it('fails back to the agent, counting attempts, and blocks at the maximum', () => {
    let task = life.failValidation(life.startValidation(claimed, 'agent-1', NOW), { verdict: 'fail' }, 2, NOW);
    expect(task).toMatchObject({ status: 'in_progress', attempts: 1, result: { verdict: 'fail' }, claim: { agent: 'agent-1' } });
    expect(Date.parse(task.claim?.leaseUntil ?? '') - NOW.getTime()).toBe(60_000);
    task = life.failValidation(life.startValidation(task, 'agent-1', NOW), { verdict: 'fail' }, 2, NOW);
    expect(task).toMatchObject({ status: 'blocked', attempts: 2, claim: null });
    expect(task.blockedReason).toMatch(/the gates failed 2 times \(submit.maxAttempts 2\)/);
  });

  it('passes to done with the verdict kept', () => {
    const done = life.passValidation(life.startValidation(claimed, 'agent-1', NOW), { verdict: 'pass' }, 'agent-1', NOW);
    expect(done).toMatchObject({ status: 'done', attempts: 1, claim: null, result: { verdict: 'pass' } });
  });
});

describe('events of a submit', () => {
  const endpoint = (id: string, path: string): Registry['endpoints'][number] => ({
    id,
    method: 'GET',
    path,
    auth: 'none',
    authBy: [],
    params: { path: [], query: [], body: [] },
    validation: 'none',
    responses: [],
    documented: true,
  });

  it('backend.api.ready carries the seed\'s fields and the measured figures, or "not measured"', () => {
    const registry = { ...emptyRegistry(), endpoints: [endpoint('GET /api/x', '/api/x'), endpoint('GET /api/y', '/api/y')] };
    const task = makeTask({ targets: ['GET /api/x', 'GET /api/y'], source: { type: 'frontend.api.request', id: 'req-1', source: 'urn:fe' } });
    const events = apiReadyEvents(task, registry, 'openapi.yaml', { 'GET /api/x': { avg: 48.2, p95: 91.5, p99: 120, requests: 500 } });
    expect(events.map((e) => e.data)).toEqual([
      { endpoint: '/api/x', method: 'GET', documentation: 'openapi.yaml', tests: 'passed', performance: '48ms avg response (p95 92ms)', latency: { avgMs: 48.2, p95Ms: 91.5, p99Ms: 120, requests: 500 }, task: task.id, request: 'req-1', requestSource: 'urn:fe' },
      { endpoint: '/api/y', method: 'GET', documentation: 'openapi.yaml', tests: 'passed', performance: 'not measured', task: task.id, request: 'req-1', requestSource: 'urn:fe' },
    ]);
    expect(apiReadyEvents(makeTask({ skill: 'database-skill', targets: ['GET /api/x'] }), registry, undefined, {})).toEqual([]);
  });

  it('a rescan\'s diff becomes backend.schema.changed and backend.api.changed, breaking changes flagged', () => {
    const before = { ...emptyRegistry(), endpoints: [endpoint('GET /api/x', '/api/x'), endpoint('GET /api/gone', '/api/gone')] };
    const after = { ...emptyRegistry(), endpoints: [{ ...endpoint('GET /api/x', '/api/x'), auth: 'required' as const }, endpoint('GET /api/new', '/api/new')] };
    const diff = {
      endpoints: { added: ['GET /api/new'], removed: ['GET /api/gone'], changed: ['GET /api/x'] },
      models: { added: ['Order'], removed: [], changed: [] },
      services: { added: [], removed: [], changed: [] },
    };
    const events = changeEvents(diff, before, { ...after, models: [{ name: 'Order', fields: [], indexes: [], relations: [] } as unknown as Registry['models'][number]] });
    expect(events.map((e) => e.type)).toEqual(['backend.schema.changed', 'backend.api.changed']);
    expect(events[1]?.data).toEqual({ added: ['GET /api/new'], removed: [{ endpoint: 'GET /api/gone', breaking: true }], changed: [{ endpoint: 'GET /api/x', breaking: true }] });
    expect((events[0]?.data as { added: { name: string }[] }).added[0]?.name).toBe('Order');
  });
});
