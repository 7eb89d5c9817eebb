import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "metrics/error-rate",
  area: "metrics",
  checklist: "Error rate < 0.1 %",
  severity: "error",
  needs: "live",
  docs: {
    description: "Non-2xx/3xx answers and socket errors during the load test, compared with thresholds.error_rate_pct.",
    failing: "0.8 % of 12,000 requests failed",
    passing: "0 of 12,000 requests failed",
  },
});
