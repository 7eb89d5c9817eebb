import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "metrics/api-response-time",
  area: "metrics",
  checklist: "API response time < 200 ms",
  severity: "error",
  needs: "live",
  docs: {
    description: "A bounded autocannon load test per endpoint on loopback: avg, p50, p95, p99; the gate compares p95 with thresholds.api_p95_ms.",
    failing: "GET /v1/orders p95 340 ms",
    passing: "GET /v1/orders p95 45 ms",
  },
});
