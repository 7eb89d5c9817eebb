import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCobertura, readCoverage, readIstanbulSummary, readLcov } from '../../../src/gates/tests/support/coverage.js';
import { readJsonResults } from '../../../src/gates/tests/support/json-results.js';
import { readJunit } from '../../../src/gates/tests/support/junit.js';
import { readResults } from '../../../src/gates/tests/support/read-results.js';
import { ReportError, type TestResults } from '../../../src/gates/tests/support/results.js';
import { readTap } from '../../../src/gates/tests/support/tap.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/test-results');
const fixture = (file: string) => readFileSync(path.join(FIXTURES, file), 'utf8');
const summary = (results: TestResults) => results.tests.map((t) => `${t.status} ${t.file ?? '-'}${t.line ? `:${t.line}` : ''} ${t.name}`);

/** The reader's error for a file: a ReportError naming the file (and line when known), never another throw. */
function failure(read: () => unknown): ReportError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ReportError);
    return error as ReportError;
  }
  throw new Error('expected the reader to reject the file');
}

describe('JUnit XML', () => {
  it('reads Vitest junit: file from classname, line from the failure trace, skipped', () => {
    const results = readJunit('junit/vitest.xml', fixture('junit/vitest.xml'));
    expect(summary(results)).toEqual([
      'passed test/math.test.js math > adds',
      'failed test/math.test.js:6 math > subtracts',
      'skipped test/math.test.js math > later',
    ]);
    expect(results.tests[1]?.message).toBe('expected 2 to be 1 // Object.is equality');
  });

  it('reads jest-junit and nested suites: suite file attribute, line attribute, <error> as a failure', () => {
    const results = readJunit('junit/jest-junit.xml', fixture('junit/jest-junit.xml'));
    expect(summary(results)).toEqual([
      'passed src/services/order-service.spec.ts OrderService computes totals',
      'failed src/services/order-service.spec.ts:27 OrderService rejects empty orders',
      'passed test/api/users.test.js:12 users › lists users',
      'failed test/api/users.test.js:20 users › creates a user',
    ]);
    expect(results.tests[1]?.message).toBe('Error: expect(received).toThrow()');
    expect(results.tests[3]?.message).toBe('connect ECONNREFUSED 127.0.0.1:5432');
  });

  it('reads a single <testsuite> root (mocha-junit-reporter)', () => {
    expect(summary(readJunit('r.xml', fixture('junit/single-suite.xml')))).toEqual(['passed test/health.test.js health answers ok', 'skipped test/health.test.js pending one']);
  });

  it('names the file and line of malformed XML, and rejects XML that is not a JUnit report', () => {
    const broken = failure(() => readJunit('junit/malformed.xml', fixture('junit/malformed.xml')));
    expect(broken.file).toBe('junit/malformed.xml');
    expect(broken.line).toBe(5);
    expect(broken.message).toMatch(/^junit\/malformed\.xml:5: not well-formed XML/);
    expect(failure(() => readJunit('junit/not-junit.xml', fixture('junit/not-junit.xml'))).message).toBe('junit/not-junit.xml: not a JUnit report: no <testsuites> or <testsuite> element');
  });
});

describe('TAP', () => {
  it('reads node --test output: nested subtests are the tests, the failing one with its location and error', () => {
    const results = readTap('stdout', fixture('tap/node-test.tap'));
    expect(summary(results)).toEqual(['passed - adds', 'passed - inner passes', 'failed /project/test/t2.test.mjs:6 inner fails']);
    expect(results.tests[2]?.message).toBe('1 == 2');
  });

  it('reads SKIP/TODO directives, ignores YAML data lines, and reports planned tests that never ran', () => {
    const results = readTap('plain.tap', fixture('tap/plain.tap'));
    expect(summary(results)).toEqual([
      'passed - parses an order',
      'failed - rejects a negative quantity',
      'skipped - formats prices',
      'skipped - refunds',
      'failed - 1 planned test(s) never reported',
    ]);
    expect(results.tests[1]?.message).toBe('expected 400, got 200');
  });

  it('turns Bail out! and text that is not TAP into a ReportError naming the file', () => {
    expect(failure(() => readTap('tap/bail.tap', fixture('tap/bail.tap'))).message).toBe('tap/bail.tap:4: the test run bailed out: Database unreachable');
    expect(failure(() => readTap('tap/malformed.tap', fixture('tap/malformed.tap'))).message).toMatch(/^tap\/malformed\.tap: no TAP test points/);
  });
});

describe('Vitest / Jest JSON', () => {
  it('reads Vitest JSON: line from the failure stack, a file that failed to load as one failed test', () => {
    const results = readJsonResults('r.json', fixture('json/vitest.json'));
    expect(results.format).toBe('vitest-json');
    expect(summary(results)).toEqual([
      'passed /project/test/math.test.js math adds',
      'failed /project/test/math.test.js:6 math subtracts',
      'skipped /project/test/math.test.js math later',
      'failed /project/test/broken.test.js:2 (the test file failed to run)',
    ]);
    expect(results.tests[3]?.message).toMatch(/^Failed to load url \.\/missing\.js/);
  });

  it('reads Jest JSON with --testLocationInResults (the test line, not the assertion line)', () => {
    const results = readJsonResults('r.json', fixture('json/jest.json'));
    expect(results.format).toBe('jest-json');
    expect(summary(results)).toEqual([
      'passed /home/ci/shop/src/cart.test.js:5 cart adds an item',
      'failed /home/ci/shop/src/cart.test.js:11 cart totals',
      'passed /home/ci/shop/test/health.test.js health',
      'skipped /home/ci/shop/test/health.test.js later',
    ]);
  });

  it('names a truncated file and a JSON file that is not a test report', () => {
    expect(failure(() => readJsonResults('json/malformed.json', fixture('json/malformed.json'))).message).toMatch(/^json\/malformed\.json: not valid JSON/);
    expect(failure(() => readJsonResults('json/not-results.json', fixture('json/not-results.json'))).message).toBe('json/not-results.json: not a Vitest/Jest JSON report: no "testResults" array');
  });

  it('readResults picks the reader by content', () => {
    expect(readResults('a', fixture('junit/vitest.xml')).format).toBe('junit');
    expect(readResults('a', fixture('json/jest.json')).format).toBe('jest-json');
    expect(readResults('a', fixture('tap/plain.tap')).format).toBe('tap');
    expect(failure(() => readResults('notes.txt', 'hello')).message).toBe('notes.txt: not a test report this tool reads (JUnit XML, TAP, or Vitest/Jest JSON)');
  });
});

describe('coverage', () => {
  it('reads an istanbul summary: total lines, files lowest first', () => {
    const coverage = readIstanbulSummary('s.json', fixture('coverage/coverage-summary.json'));
    expect(coverage).toMatchObject({ format: 'istanbul-summary', covered: 150, total: 200, pct: 75 });
    expect(coverage.files).toEqual([
      { file: '/project/src/services/order-service.ts', pct: 55 },
      { file: '/project/src/app.ts', pct: 95 },
    ]);
  });

  it('reads lcov LF/LH over all records', () => {
    const coverage = readLcov('lcov.info', fixture('coverage/lcov.info'));
    expect(coverage).toMatchObject({ format: 'lcov', covered: 68, total: 100, pct: 68 });
    expect(coverage.files?.map((f) => `${f.file} ${f.pct}`)).toEqual(['/project/src/routes/orders.ts 50', '/project/src/app.ts 95']);
  });

  it('reads cobertura lines-covered/lines-valid, else line-rate', () => {
    expect(readCobertura('c.xml', fixture('coverage/cobertura-coverage.xml'))).toMatchObject({ covered: 102, total: 120, pct: 85 });
    expect(readCobertura('c.xml', fixture('coverage/cobertura-rate-only.xml')).pct).toBe(62.75);
  });

  it('readCoverage picks the reader by content and name', () => {
    expect(readCoverage('coverage/lcov.info', fixture('coverage/lcov.info')).format).toBe('lcov');
    expect(readCoverage('x.json', fixture('coverage/coverage-summary.json')).format).toBe('istanbul-summary');
    expect(readCoverage('x.xml', fixture('coverage/cobertura-coverage.xml')).format).toBe('cobertura');
  });

  it('names the file (and line) of each malformed report', () => {
    expect(failure(() => readCoverage('coverage/summary-no-lines.json', fixture('coverage/summary-no-lines.json'))).message).toMatch(/^coverage\/summary-no-lines\.json: not an istanbul coverage summary/);
    expect(failure(() => readCoverage('coverage/x.json', '{"total": ')).message).toMatch(/^coverage\/x\.json: not valid JSON/);
    expect(failure(() => readCoverage('coverage/lcov.info', fixture('coverage/lcov-bad-count.info'))).message).toBe('coverage/lcov.info:2: LF is not a line count: "LF:ten"');
    expect(failure(() => readCoverage('coverage/lcov.info', fixture('coverage/not-lcov.info'))).message).toBe('coverage/lcov.info:1: not an lcov tracefile: unexpected line "hello"');
    expect(failure(() => readCoverage('coverage/lcov.info', '')).message).toBe('coverage/lcov.info: not an lcov tracefile: no LF/LH (lines found / hit) records');
    expect(failure(() => readCoverage('c.xml', fixture('coverage/html-not-cobertura.xml'))).message).toBe('c.xml: not a cobertura report: no <coverage> element');
    const broken = failure(() => readCoverage('c.xml', fixture('coverage/cobertura-broken.xml')));
    expect(broken.message).toMatch(/^c\.xml:\d+: not well-formed XML/);
  });

  it('counts an empty project as fully covered rather than dividing by zero', () => {
    expect(readIstanbulSummary('s.json', '{"total":{"lines":{"total":0,"covered":0,"pct":"Unknown"}}}').pct).toBe(100);
  });
});
