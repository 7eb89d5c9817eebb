import { describe, expect, it } from 'vitest';
import { defineDynamicRule } from '../../src/gates/define.js';
import { runRules } from '../../src/gates/engine.js';
import { createLiveContext } from '../../src/gates/live/context.js';
import { runDynamicRules } from '../../src/gates/live/run.js';
import type { DynamicRule } from '../../src/gates/types.js';
import { valuesContext } from '../helpers/gates.js';

const context = valuesContext();
const docs = { description: 'a dynamic test rule.', failing: 'x', passing: 'y' };
const rule = (id: string, checklist: string, run: DynamicRule['run'], extra: Partial<DynamicRule> = {}) =>
  defineDynamicRule({ id, area: 'database', checklist, severity: 'error', needs: 'database', docs, ...(run ? { run } : {}), ...extra });

describe('runDynamicRules', () => {
  it('runs each rule, records findings, throws and timeouts, and closes shared resources once at the end', async () => {
    const closed: string[] = [];
    const live = createLiveContext({}, new AbortController().signal);
    const database = () => live.resource('db', async () => ({ name: 'scratch' }), (db) => void closed.push(db.name));
    const rules = [
      rule('db/migrations-apply', 'Migrations tested', async (_c, l, r) => {
        expect((await database()).name).toBe('scratch');
        r.report({ file: 'prisma/migrations/1/migration.sql', line: 3, message: 'syntax error at or near "TABL"', hint: 'fix it' });
      }),
      rule('db/rollback-roundtrip', 'Rollback plan', async () => {
        await database();
        throw new Error('down.sql failed to parse');
      }),
      rule('db/query-time', 'Performance tested', () => new Promise(() => undefined), { timeoutMs: 20 }),
      rule('metrics/db-query-time', 'Database query time < 50 ms', async (_c, l) => {
        l.measure('metrics/db-query-time', { value: 4, unit: 'ms' });
      }, { area: 'metrics', runsLast: true }),
    ];
    const outcomes = await runDynamicRules(rules, context, live, ['database', 'metrics']);
    expect([...outcomes.keys()]).toEqual(['db/migrations-apply', 'db/rollback-roundtrip', 'db/query-time', 'metrics/db-query-time']);
    expect(closed).toEqual(['scratch']);
    expect(live.measured('metrics/db-query-time')?.value).toBe(4);

    const run = runRules(rules, context, { areas: ['database', 'metrics'], dynamic: outcomes });
    const status = Object.fromEntries(run.items.flatMap((i) => i.rules).map((r) => [r.id, `${r.status}${r.reason ? `: ${r.reason}` : ''}`]));
    expect(status['db/migrations-apply']).toBe('fail');
    expect(status['db/rollback-roundtrip']).toBe('error: internal error: down.sql failed to parse');
    expect(status['db/query-time']).toBe('fail: did not finish within 0 s');
    expect(status['metrics/db-query-time']).toBe('pass');
    expect(status['db/backup-restore']).toBe('skipped: no rule implements it yet');
    expect(run.findings.map((f) => `${f.rule} ${f.file}:${f.line}`)).toEqual(['db/migrations-apply prisma/migrations/1/migration.sql:3']);
  });

  it('stops starting rules once aborted (SIGINT), and still closes what was opened', async () => {
    const controller = new AbortController();
    const closed: string[] = [];
    const live = createLiveContext({}, controller.signal);
    const rules = [
      rule('db/migrations-apply', 'Migrations tested', async (_c, l) => {
        await l.resource('db', async () => 'db', () => void closed.push('db'));
        controller.abort();
      }),
      rule('db/rollback-roundtrip', 'Rollback plan', async () => {
        throw new Error('must not run');
      }),
    ];
    const outcomes = await runDynamicRules(rules, context, live, ['database']);
    expect([...outcomes.keys()]).toEqual(['db/migrations-apply']);
    expect(closed).toEqual(['db']);
  });

  it('a dynamic rule without a run yet is skipped with a reason under --live', () => {
    const run = runRules([rule('db/backup-restore', 'Backup verified', undefined)], context, { areas: ['database'], dynamic: new Map() });
    expect(run.items.find((i) => i.title === 'Backup verified')?.reason).toContain('not decided by --live in this version yet');
  });
});

describe('the live part of a static rule', () => {
  it('joins its findings to the static ones, and says why it was not decided otherwise', async () => {
    const { defineRule } = await import('../../src/gates/define.js');
    const staticRule = defineRule({
      id: 'sec/authn-required',
      area: 'security',
      checklist: 'Authentication required',
      severity: 'error',
      live: 'no credentials gives 401/403',
      docs,
      check: () => undefined,
      runLive: async (_c, _l, r) => r.report({ file: 'src/routes/products.ts', line: 75, message: 'PATCH /x answered 200 without credentials', hint: 'add auth' }),
    });
    const live = createLiveContext({}, new AbortController().signal);
    const outcomes = await runDynamicRules([staticRule], context, live, ['security']);
    const run = runRules([staticRule], context, { areas: ['security'], dynamic: outcomes });
    expect(run.findings.map((f) => `${f.rule} ${f.line} ${f.message}`)).toEqual(['sec/authn-required 75 PATCH /x answered 200 without credentials']);
    expect(run.items.find((i) => i.title === 'Authentication required')?.status).toBe('fail');

    const skipped = defineRule({ ...staticRule, runLive: async () => ({ status: 'skipped', reason: 'no service configured' }) });
    const again = runRules([skipped], context, { areas: ['security'], dynamic: await runDynamicRules([skipped], context, createLiveContext({}, new AbortController().signal), ['security']) });
    const item = again.items.find((i) => i.title === 'Authentication required');
    expect(item?.status).toBe('pass');
    expect(item?.reason).toContain('no credentials gives 401/403 — no service configured');
    const without = runRules([staticRule], context, { areas: ['security'] });
    expect(without.items.find((i) => i.title === 'Authentication required')?.reason).toContain('needs --live');
  });
});
