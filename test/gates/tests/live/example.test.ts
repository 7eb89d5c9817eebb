/**
 * examples/shop-api, for real: its `npm test` (Vitest, @vitest/coverage-v8) run once with JSON
 * results and a json-summary coverage report written to a scratch directory (nothing written into
 * the example), then every tests-area rule and metrics/test-coverage over that one run.
 */
import { describe, expect, it } from 'vitest';
import testCoverage from '../../../../src/gates/metrics/test-coverage.js';
import { TESTS_RULES } from '../../../../src/gates/tests/index.js';
import { exampleContext } from '../../../helpers/gates.js';
import { runLive } from './run-live.js';

describe('examples/shop-api test run', () => {
  it('measures line coverage over 80 %, finds its unit, API and integration tests passing', async () => {
    const result = await runLive([testCoverage, ...TESTS_RULES], await exampleContext());
    expect(result.internalErrors).toEqual([]);

    const coverage = result.measured('metrics/test-coverage');
    expect(coverage?.unit).toBe('%');
    expect(coverage?.value).toBeGreaterThan(80);
    expect(coverage?.detail).toMatch(/^\d+\/\d+ lines \(istanbul-summary/);
    expect(result.status('metrics/test-coverage')).toBe('pass');

    expect(result.status('tests/api')).toBe('pass');
    expect(result.status('tests/integration')).toBe('pass');
    expect(result.status('tests/security')).toBe('pass');
    // test/unit/pagination.test.ts tests the pagination and error helpers alone.
    expect(result.status('tests/unit')).toBe('pass');
    // Without the live API gates in this run, nothing supplies load or contract tests.
    expect(result.findings.map((f) => `${f.rule} ${f.severity} ${f.file}:${f.line} ${f.message}`)).toEqual([
      'tests/contract warning package.json:13 no contract tests: no test validates responses against the OpenAPI document (jest-openapi, chai-openapi-response-validator, openapi-response-validator, Pact), and bo check --live validated no responses in this run',
      'tests/load warning package.json:13 no load tests: the project has no autocannon, k6 or Artillery script, and bo check --live did not load-test the service in this run',
    ]);
  }, 240_000);
});
