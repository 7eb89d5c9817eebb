import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "tests/security",
  area: "tests",
  checklist: "Security tests",
  severity: "warning",
  needs: "live",
  docs: {
    description: "Security tests (auth required, injection probes) exist or are supplied by the live gates.",
    failing: "(none)",
    passing: "bo check --live probes",
  },
});
