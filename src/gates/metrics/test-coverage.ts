import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "metrics/test-coverage",
  area: "metrics",
  checklist: "Test coverage > 80 %",
  severity: "error",
  needs: "tests",
  docs: {
    description: "Line coverage from the project's coverage report (istanbul json-summary, lcov, cobertura), the test command run if needed; compared with thresholds.coverage_pct.",
    failing: "lines 64 %",
    passing: "lines 86 %",
  },
});
