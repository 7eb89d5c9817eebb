import { describe, expect, it } from 'vitest';
import { CHECKLIST } from '../../src/gates/catalog.js';
import { defineDynamicRule, defineRule } from '../../src/gates/define.js';
import { runRules } from '../../src/gates/engine.js';
import { findSuppressions } from '../../src/gates/suppress.js';
import type { Rule } from '../../src/gates/types.js';
import { valuesContext } from '../helpers/gates.js';

const context = valuesContext;

const docs = { description: 'test rule.', failing: 'x', passing: 'y' };
const rule = (id: string, checklist: string, check: Extract<Rule, { kind: 'static' }>['check'], severity: 'error' | 'warning' = 'error') =>
  defineRule({ id, area: 'api', checklist, severity, docs, check });

describe('runRules', () => {
  it('decides items: fail on an error finding, warn on a warning, pass when silent', () => {
    const rules = [
      rule('api/no-verbs-in-path', 'RESTful design', (_c, r) => r.report({ file: 'a.ts', line: 3, message: 'm', hint: 'h' })),
      rule('api/create-returns-201', 'Proper status codes', (_c, r) => r.report({ file: 'a.ts', line: 4, message: 'm', hint: 'h' }), 'warning'),
      rule('api/versioning', 'Versioning implemented', () => undefined),
    ];
    const run = runRules(rules, context(), { areas: ['api'] });
    const status = Object.fromEntries(run.items.map((i) => [i.title, i.status]));
    expect(status['RESTful design']).toBe('fail');
    expect(status['Proper status codes']).toBe('warn');
    expect(status['Versioning implemented']).toBe('pass');
    // An item none of whose rules exist is skipped with the reason, never a silent pass.
    expect(status['Consistent naming']).toBe('skipped');
    expect(run.items.find((i) => i.title === 'Consistent naming')?.reason).toContain('no rule implements it yet');
    expect(run.findings.map((f) => [f.rule, f.severity, f.column])).toEqual([
      ['api/no-verbs-in-path', 'error', 1],
      ['api/create-returns-201', 'warning', 1],
    ]);
  });

  it('says which parts are undecided: dynamic rules need --live or a database', () => {
    const rules: Rule[] = [
      rule('api/versioning', 'Versioning implemented', () => undefined),
      defineDynamicRule({ id: 'db/backup-restore', area: 'database', checklist: 'Backup verified', severity: 'warning', needs: 'database', docs }),
    ];
    const run = runRules(rules, context(), { areas: ['database'] });
    const backup = run.items.find((i) => i.title === 'Backup verified');
    expect(backup?.status).toBe('skipped');
    expect(backup?.reason).toContain('needs database');
  });

  it('a rule that throws is an internal error of that rule; the others still run', () => {
    const rules = [
      rule('api/no-verbs-in-path', 'RESTful design', () => {
        throw new Error('boom');
      }),
      rule('api/plural-collections', 'RESTful design', (_c, r) => {
        r.internalError('src/odd.ts', new TypeError('odd input'));
        r.report({ file: 'b.ts', line: 1, message: 'm', hint: 'h' });
      }),
    ];
    const run = runRules(rules, context(), { areas: ['api'] });
    expect(run.internalErrors).toEqual([
      { rule: 'api/no-verbs-in-path', message: 'boom' },
      { rule: 'api/plural-collections', file: 'src/odd.ts', message: 'odd input' },
    ]);
    const item = run.items.find((i) => i.title === 'RESTful design');
    expect(item?.rules.find((r) => r.id === 'api/no-verbs-in-path')?.status).toBe('error');
    expect(item?.status).toBe('fail');
  });

  it('honours config severities, including off', () => {
    const rules = [rule('api/no-verbs-in-path', 'RESTful design', (_c, r) => r.report({ file: 'a.ts', line: 3, message: 'm', hint: 'h' }))];
    const lowered = runRules(rules, context(), { areas: ['api'], severities: { 'api/no-verbs-in-path': 'warning' } });
    expect(lowered.findings[0]?.severity).toBe('warning');
    const off = runRules(rules, context(), { areas: ['api'], severities: { 'api/no-verbs-in-path': 'off' } });
    expect(off.findings).toEqual([]);
    expect(off.items.find((i) => i.title === 'RESTful design')?.rules[0]?.status).toBe('skipped');
  });

  it('a finding may lower its severity, never raise it', () => {
    const rules = [
      rule('api/no-verbs-in-path', 'RESTful design', (_c, r) => r.report({ file: 'a.ts', line: 3, message: 'm', hint: 'h', severity: 'info' }), 'warning'),
      rule('api/plural-collections', 'RESTful design', (_c, r) => r.report({ file: 'a.ts', line: 4, message: 'm', hint: 'h', severity: 'error' }), 'warning'),
    ];
    const run = runRules(rules, context(), { areas: ['api'] });
    expect(run.findings.map((f) => f.severity)).toEqual(['info', 'warning']);
  });

  it('applies bo-ignore with a reason on the line or the line above; without a reason it does not apply', () => {
    const files = {
      'a.ts': ['// bo-ignore api/no-verbs-in-path: kept for v1 clients', 'router.get("/getUsers")', 'router.get("/doThing") // bo-ignore api/no-verbs-in-path', 'x'].join('\n'),
    };
    const rules = [
      rule('api/no-verbs-in-path', 'RESTful design', (_c, r) => {
        r.report({ file: 'a.ts', line: 2, message: 'verb', hint: 'h' });
        r.report({ file: 'a.ts', line: 3, message: 'verb', hint: 'h' });
      }),
    ];
    const run = runRules(rules, context(files), { areas: ['api'] });
    expect(run.findings[0]?.suppressed).toEqual({ reason: 'kept for v1 clients', file: 'a.ts', line: 1 });
    expect(run.findings[1]?.suppressed).toBeUndefined();
    expect(run.findings[1]?.message).toContain('has no reason');
    expect(run.items[0]?.status).toBe('fail');
  });

  it('metrics/security-vulnerabilities counts the security errors of the same run, and is skipped without them', async () => {
    const { default: metric } = await import('../../src/gates/metrics/security-vulnerabilities.js');
    const sec = defineRule({ id: 'sec/sql-injection', area: 'security', checklist: 'SQL injection prevented', severity: 'error', docs, check: (_c, r) => r.report({ file: 'r.ts', line: 9, message: 'sqli', hint: 'h' }) });
    const both = runRules([metric, sec], context(), { areas: ['security', 'metrics'] });
    // It fails the metric without repeating the finding it counts.
    expect(both.findings.map((f) => f.rule)).toEqual(['sec/sql-injection']);
    const metricItem = both.items.find((i) => i.area === 'metrics' && i.title === 'Zero security vulnerabilities');
    expect(metricItem?.status).toBe('fail');
    expect(metricItem?.reason).toContain('1 security vulnerability (threshold 0): sec/sql-injection');
    const alone = runRules([metric, sec], context(), { areas: ['metrics'] });
    expect(alone.items.find((i) => i.title === 'Zero security vulnerabilities')?.status).toBe('skipped');
  });
});

describe('findSuppressions', () => {
  it('reads //, #, -- and /* */ comments, with or without a reason', () => {
    const text = ['x // bo-ignore a/b: why', '# bo-ignore c/d: yaml reason', '-- bo-ignore e/f', '/* bo-ignore g/h: block */', '{/* bo-ignore sec/*: all security */}'].join('\n');
    const found = [...findSuppressions('f', text).values()].flat();
    expect(found.map((s) => [s.rule, s.reason, s.line])).toEqual([
      ['a/b', 'why', 1],
      ['c/d', 'yaml reason', 2],
      ['e/f', undefined, 3],
      ['g/h', 'block', 4],
      ['sec/*', 'all security', 5],
    ]);
  });
});

describe('checklist catalogue', () => {
  it('gives every item an id unique across areas', () => {
    const ids = CHECKLIST.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
