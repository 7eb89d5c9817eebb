/**
 * The rule set's own checks (STYLE.md §7): every rule's id matches its file, its checklist item is
 * the catalogue's, it has docs with a failing and a passing example, and every static rule has tests.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKLIST, itemOfRule } from '../../src/gates/catalog.js';
import { RULES } from '../../src/gates/rules.js';
import type { Rule } from '../../src/gates/types.js';

const SRC = path.resolve(import.meta.dirname, '../../src/gates');
const TESTS = path.resolve(import.meta.dirname, '../gates');
const PREFIX = { api: 'api', database: 'db', security: 'sec', metrics: 'metrics', tests: 'tests', contract: 'contract' } as const;
const NOT_RULES = new Set(['index.ts', 'code-rules.ts', 'spec-rules.ts', 'policy-rules.ts', 'taint-rules.ts', 'dynamic.ts']);

const ruleFiles = Object.keys(PREFIX).flatMap((area) =>
  readdirSync(path.join(SRC, area), { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !NOT_RULES.has(e.name))
    .map((e) => ({ area: area as keyof typeof PREFIX, file: path.join(SRC, area, e.name), name: e.name.replace(/\.ts$/, '') })),
);

describe('the rule set', () => {
  it('implements every rule id of the catalogue exactly once', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(CHECKLIST.flatMap((i) => i.rules).sort());
  });

  it.each(ruleFiles)('$area/$name: one rule per file, its id is the file name, it is registered', async ({ area, file, name }) => {
    const rule = (await import(file)).default as Rule;
    expect(rule.id).toBe(`${PREFIX[area]}/${name}`);
    expect(rule.area).toBe(area);
    expect(RULES).toContain(rule);
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s: checklist item, docs and tests', (_id, rule) => {
    expect(itemOfRule(rule.id)?.title).toBe(rule.checklist);
    expect(itemOfRule(rule.id)?.area).toBe(rule.area);
    expect(rule.docs.description.length).toBeGreaterThan(20);
    expect(rule.docs.failing.trim()).not.toBe('');
    expect(rule.docs.passing.trim()).not.toBe('');
    expect(rule.docs.failing).not.toBe(rule.docs.passing);
    if (rule.kind === 'static' && rule.area !== 'metrics') {
      const name = rule.id.split('/')[1] as string;
      expect(existsSync(path.join(TESTS, rule.area, `${name}.test.ts`)), `test/gates/${rule.area}/${name}.test.ts`).toBe(true);
    }
  });
});
