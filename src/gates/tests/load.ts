import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "tests/load",
  area: "tests",
  checklist: "Load tests",
  severity: "warning",
  needs: "live",
  docs: {
    description: "A load test exists for the target endpoints, or the orchestrator's own load test is supplied and reported as such.",
    failing: "(none)",
    passing: "autocannon run by bo check --live",
  },
});
