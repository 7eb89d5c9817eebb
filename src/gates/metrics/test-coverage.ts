import { defineDynamicRule } from '../define.js';
import { checkCoverage } from '../tests/support/coverage-check.js';
import { TEST_RULE_TIMEOUT_MS } from '../tests/support/test-run.js';

/** Decided by `bo check --live`: the shared test run (tests/support/test-run.ts) and the coverage report it writes. */
export default defineDynamicRule({
  id: "metrics/test-coverage",
  area: "metrics",
  checklist: "Test coverage > 80 %",
  severity: "error",
  needs: "tests",
  docs: {
    description: "Line coverage from the project's coverage report (istanbul json-summary, lcov, cobertura), the test command run if needed; compared with thresholds.coverage_pct. The test run's failing tests, a run stopped at its timeout and a missing or unreadable coverage report are findings too.",
    failing: "lines 64 %",
    passing: "lines 86 %",
  },
  timeoutMs: TEST_RULE_TIMEOUT_MS,
  run: (context, live, reporter) => checkCoverage(context, live, reporter),
});
