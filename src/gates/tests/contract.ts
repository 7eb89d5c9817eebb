import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "tests/contract",
  area: "tests",
  checklist: "Contract tests",
  severity: "warning",
  needs: "live",
  docs: {
    description: "Contract tests (responses against the OpenAPI schemas) exist or are supplied by the live gates.",
    failing: "(none)",
    passing: "bo check --live validates responses",
  },
});
