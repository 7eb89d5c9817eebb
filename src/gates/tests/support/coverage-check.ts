/**
 * metrics/test-coverage: the shared test run's line coverage against `thresholds.coverage_pct`,
 * measured for the metrics section. Everything that keeps the number from being trusted is a
 * finding here: a run stopped at its timeout, failing tests (one finding each, at the test when the
 * report says where), a results or coverage report that cannot be read, no coverage report at all.
 */
import type { LiveContext } from '../../live/types.js';
import type { CheckContext, FindingInput, Reporter, RuleVerdict } from '../../types.js';
import { locate, testCommandAnchor } from './anchor.js';
import { failedTests, lastLines, runStop } from './outcome.js';
import type { LineCoverage } from './results.js';
import { testRun, type TestRun } from './test-run.js';

const COVERAGE_HINT =
  'Make the test command write a coverage summary (Vitest: `--coverage` with @vitest/coverage-v8 and the json-summary reporter; Jest: `--coverage`; c8/nyc: `--reporter=json-summary` or lcov), or set `tests.coverage` in the config to the report it writes.';

export async function checkCoverage(context: CheckContext, live: LiveContext, reporter: Reporter): Promise<RuleVerdict | void> {
  const run = await testRun(context, live);
  const anchor = testCommandAnchor(context);
  const stop = runStop(run);
  if (stop?.kind === 'no-command' || stop?.kind === 'aborted') return { status: 'skipped', reason: stop.message };
  if (stop) {
    const hint = stop.kind === 'timed-out'
      ? 'Find what keeps the tests from finishing (a server or database handle left open, a missing await, a runner in watch mode), or raise `tests.timeoutSeconds` if the suite is simply slow.'
      : 'Check `tests.command` (or the `test` script) and that the runner is installed (`npm install`).';
    reporter.report({ ...anchor, message: `${stop.message}; no coverage measured`, hint });
    return;
  }
  const label = run.plan ? `\`${run.plan.label}\`` : 'the last test run';
  reportTestProblems(context, run, label, reporter);
  const coverage = run.coverage;
  if (!coverage) {
    const note = run.plan?.coverageNote ? ` (${run.plan.coverageNote})` : '';
    reporter.report({ ...anchor, message: `no coverage report after ${label}${note}: looked for ${run.coverageLookedAt.join(', ') || 'nothing'}`, hint: COVERAGE_HINT });
    return;
  }
  if (coverage.error) {
    const where = coverage.inProject ? { file: coverage.file, line: coverage.error.line ?? 1 } : anchor;
    reporter.report({ ...where, message: `the coverage report cannot be read: ${coverage.error.message}`, hint: COVERAGE_HINT });
    return;
  }
  measureAndCompare(context, live, reporter, coverage.value, coverage.file);
}

function reportTestProblems(context: CheckContext, run: TestRun, label: string, reporter: Reporter): void {
  for (const test of failedTests(run)) {
    const where = locate(context, test.file, test.line);
    const elsewhere = where.file !== test.file && test.file ? ` (in ${test.file})` : '';
    reporter.report({
      ...where,
      message: `test failed in ${label}: "${test.name}"${elsewhere}${test.message ? `: ${test.message}` : ''}`,
      hint: 'Fix the code or the test so it passes; coverage from a failing run is not a result to rely on.',
    });
  }
  const results = run.results;
  if (results?.error) {
    const where = results.inProject ? { file: results.file, line: results.error.line ?? 1 } : testCommandAnchor(context);
    reporter.report({ ...where, severity: 'warning', message: `the test results cannot be read: ${results.error.message}`, hint: 'Point `tests.results` at a JUnit XML, TAP or Vitest/Jest JSON report the test command writes.' });
  } else if (!results && run.outcome && run.outcome.exitCode !== 0) {
    const said = lastLines(run);
    reporter.report({
      ...testCommandAnchor(context),
      message: `${label} exited with code ${run.outcome.exitCode} and wrote no test report${said ? `; it printed: ${said}` : ''}`,
      hint: 'Make the test command pass; if it writes JUnit XML or TAP somewhere unusual, set `tests.results` to that path.',
    });
  }
}

function measureAndCompare(context: CheckContext, live: LiveContext, reporter: Reporter, coverage: LineCoverage, file: string): void {
  const threshold = context.config.thresholds.coverage_pct;
  const lowest = (coverage.files ?? []).filter((f) => f.pct < threshold).slice(0, 5);
  const detail = `${coverage.covered}/${coverage.total} lines (${coverage.format}${lowest.length ? `; lowest: ${lowest.map((f) => `${f.file} ${f.pct} %`).join(', ')}` : ''})`;
  live.measure('metrics/test-coverage', { value: coverage.pct, unit: '%', detail });
  if (coverage.pct >= threshold) return;
  const related = lowest.filter((f) => context.fileText(f.file) !== undefined).map((f) => ({ file: f.file, line: 1, message: `${f.pct} % of its lines covered` }));
  const finding: FindingInput = {
    ...testCommandAnchor(context),
    message: `line coverage is ${coverage.pct} % (${coverage.covered} of ${coverage.total} lines, ${file}), below the ${threshold} % threshold`,
    hint: `Add tests for the least covered files${lowest.length ? ` (${lowest.map((f) => f.file).join(', ')})` : ''} until line coverage reaches ${threshold} %.`,
  };
  if (related.length) finding.related = related;
  reporter.report(finding);
}
