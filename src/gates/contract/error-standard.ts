import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "contract/error-standard",
  area: "contract",
  checklist: "One error standard",
  severity: "error",
  needs: "live",
  docs: {
    description: "Every error response has the project's one error shape (RFC 9457 problem+json recommended).",
    failing: "{ \"msg\": \"not found\" } here, { \"error\": { \u2026 } } there",
    passing: "application/problem+json everywhere",
  },
});
