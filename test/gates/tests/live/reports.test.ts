/**
 * Small projects whose `npm test` really runs: a failing test (one finding per failing test, at its
 * file and line), no coverage report (a finding, not a pass; a stale one is not believed), reports
 * at configured paths (coverage measured against the threshold), an unreadable results file.
 */
import { utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import testCoverage from '../../../../src/gates/metrics/test-coverage.js';
import integration from '../../../../src/gates/tests/integration.js';
import unit from '../../../../src/gates/tests/unit.js';
import { projectContext } from '../../../helpers/gates.js';
import { runLive } from './run-live.js';

const packageJson = (test: string) => `{\n  "name": "fixture",\n  "private": true,\n  "scripts": {\n    "test": ${JSON.stringify(test)}\n  }\n}\n`;
const line = (f: { rule: string; file: string; line: number; severity: string; message: string }) => `${f.rule} ${f.severity} ${f.file}:${f.line} ${f.message}`;

const NO_COVERAGE = 'metrics/test-coverage error package.json:5 no coverage report after `npm test`: looked for coverage/coverage-summary.json, coverage/lcov.info, coverage/cobertura-coverage.xml, coverage/cobertura.xml, lcov.info';

describe('the test run of small projects', () => {
  it('reports each failing test at its file and line (node --test TAP on stdout), and the missing coverage report', async () => {
    const context = await projectContext({
      'package.json': packageJson('node --test test/'),
      'test/math.test.mjs': `import test from 'node:test';
import assert from 'node:assert';
test('adds', () => assert.equal(1 + 1, 2));
test('subtracts', () => {
  assert.equal(3 - 1, 1);
});
`,
    });
    const result = await runLive([testCoverage, unit], context);
    expect(result.findings.map(line)).toEqual([
      NO_COVERAGE,
      'metrics/test-coverage error test/math.test.mjs:4 test failed in `npm test`: "subtracts": 2 == 1',
    ]);
    expect(result.status('tests/unit')).toBe('fail: 1 of 2 unit tests failed in `npm test`: test/math.test.mjs:4 "subtracts"');
  });

  it('does not pass without coverage: a passing run with no report (and a stale one from an earlier run) is a finding', async () => {
    const context = await projectContext({
      'package.json': packageJson('node --test test/'),
      'test/math.test.mjs': `import test from 'node:test';\ntest('adds', () => {});\n`,
      'coverage/coverage-summary.json': '{"total":{"lines":{"total":10,"covered":10,"pct":100}}}',
    });
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(path.join(context.root, 'coverage/coverage-summary.json'), old, old);
    const result = await runLive([testCoverage, unit], context);
    expect(result.findings.map(line)).toEqual([NO_COVERAGE]);
    expect(result.status('metrics/test-coverage')).toBe('fail');
    expect(result.status('tests/unit')).toBe('pass');
  });

  it('reads the configured results and coverage paths, measures coverage and fails it below the threshold', async () => {
    const context = await projectContext(
      {
        'package.json': packageJson('node write-reports.mjs'),
        'write-reports.mjs': `import { mkdirSync, writeFileSync } from 'node:fs';
mkdirSync('reports', { recursive: true });
writeFileSync('reports/junit.xml', '<testsuites><testsuite name="s" file="test/cart.test.js"><testcase name="adds"/></testsuite></testsuites>');
writeFileSync('reports/lcov.info', 'SF:src/cart.js\\nLF:40\\nLH:25\\nend_of_record\\nSF:src/util.js\\nLF:10\\nLH:10\\nend_of_record\\n');
`,
        'src/cart.js': 'export const add = (a, b) => a + b;\n',
        'src/util.js': 'export const id = (a) => a;\n',
        'test/cart.test.js': `import { add } from '../src/cart.js';\ndescribe('cart', () => it('adds', () => add(1, 2)));\n`,
      },
      { config: { tests: { results: 'reports/junit.xml', coverage: 'reports/lcov.info' } } },
    );
    const result = await runLive([testCoverage, unit], context);
    expect(result.measured('metrics/test-coverage')).toEqual({ value: 70, unit: '%', detail: '35/50 lines (lcov; lowest: src/cart.js 62.5 %)' });
    expect(result.findings.map(line)).toEqual(['metrics/test-coverage error package.json:5 line coverage is 70 % (35 of 50 lines, reports/lcov.info), below the 80 % threshold']);
    expect(result.findings[0]?.related).toEqual([{ file: 'src/cart.js', line: 1, message: '62.5 % of its lines covered' }]);
    expect(result.status('tests/unit')).toBe('pass');
  });

  it('names an unreadable results file (with its line) as a warning, and still measures the coverage', async () => {
    const context = await projectContext({
      'package.json': packageJson('node write-reports.mjs'),
      'write-reports.mjs': `import { mkdirSync, writeFileSync } from 'node:fs';
writeFileSync('junit.xml', '<testsuites>\\n<testsuite name="s">\\n<testcase name="a">\\n</testsuite>\\n');
mkdirSync('coverage', { recursive: true });
writeFileSync('coverage/coverage-summary.json', JSON.stringify({ total: { lines: { total: 20, covered: 18, pct: 90 } } }));
`,
      'test/a.test.js': `describe('a', () => it('b', () => {}));\n`,
    });
    const result = await runLive([testCoverage, unit], context);
    expect(result.findings.map(line)).toEqual(['metrics/test-coverage warning junit.xml:4 the test results cannot be read: junit.xml:4: not well-formed XML: Expected closing tag \'testcase\' (opened in line 3, col 1) instead of closing tag \'testsuite\'.']);
    expect(result.measured('metrics/test-coverage')?.value).toBe(90);
    expect(result.status('metrics/test-coverage')).toBe('warn');
    expect(result.status('tests/unit')).toMatch(/^pass$/);
  });

  it('fails a kind whose test files the run did not include (the report places every test in a file)', async () => {
    const context = await projectContext({
      'package.json': packageJson('node write-junit.mjs'),
      'write-junit.mjs': `import { writeFileSync } from 'node:fs';
writeFileSync('junit.xml', '<testsuites><testsuite name="s"><testcase classname="test/price.test.js" name="adds"/></testsuite></testsuites>');
`,
      'test/price.test.js': `describe('price', () => it('adds', () => {}));\n`,
      'test/orders.int.test.js': `describe('orders', () => it('saves', () => {}));\n`,
    });
    const result = await runLive([unit, integration], context);
    expect(result.status('tests/unit')).toBe('pass');
    expect(result.status('tests/integration')).toBe('fail: the integration tests (test/orders.int.test.js) were not run by `npm test`');
  });

  it('names an unreadable coverage report at its file and line, not a crash and not a pass', async () => {
    const context = await projectContext({
      'package.json': packageJson('node write-lcov.mjs'),
      'write-lcov.mjs': `import { mkdirSync, writeFileSync } from 'node:fs';
mkdirSync('coverage', { recursive: true });
writeFileSync('coverage/lcov.info', 'SF:src/a.js\\nLF:12\\nLH:many\\nend_of_record\\n');
`,
    });
    const result = await runLive([testCoverage], context);
    expect(result.findings.map(line)).toEqual(['metrics/test-coverage error coverage/lcov.info:3 the coverage report cannot be read: coverage/lcov.info:3: LH is not a line count: "LH:many"']);
    expect(result.measured('metrics/test-coverage')).toBeUndefined();
  });
});
