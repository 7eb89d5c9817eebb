import { defineDynamicRule } from '../define.js';
import { liveApiOutcome } from '../live/service/run-live-api.js';
import { serviceVerdict } from '../live/service/verdicts.js';

/** The load test's p95 per endpoint against `thresholds.api_p95_ms`; also reports a service that could not be started. */
export default defineDynamicRule({
  id: "metrics/api-response-time",
  area: "metrics",
  checklist: "API response time < 200 ms",
  severity: "error",
  needs: "live",
  timeoutMs: 240_000,
  docs: {
    description: "A bounded autocannon load test per endpoint on loopback: avg, p50, p95, p99; the gate compares p95 with thresholds.api_p95_ms. GET endpoints whose smoke request succeeded are loaded, with credentials where needed, for `service.load.durationSeconds` (2 s) at `service.load.connections` (10); under a rate limit the service advertises, a bounded number of requests instead. The load generator's own p95 against a trivial local server is reported beside. A service that does not start or become healthy is reported here.",
    failing: "GET /v1/orders p95 340 ms",
    passing: "GET /v1/orders p95 45 ms",
  },
  async run(context, live, reporter) {
    const outcome = await liveApiOutcome(context, live);
    const verdict = serviceVerdict(outcome, 'metrics/api-response-time', reporter);
    if (verdict) return verdict === 'reported' ? undefined : verdict;
    const load = outcome.load;
    if (!load || load.skipped) return { status: 'skipped', reason: load?.skipped ?? 'the load test did not run' };
    const measured = load.endpoints.filter((e) => e.stats.requests > 0);
    if (measured.length === 0) return { status: 'skipped', reason: 'no load-test request was answered (other than 429)' };
    const threshold = context.config.thresholds.api_p95_ms;
    for (const { plan, stats } of measured) {
      if (stats.p95 <= threshold) continue;
      reporter.report({
        ...plan.location,
        subject: plan.endpoint.id,
        message: `${stats.id} answers in ${stats.p95} ms at p95 under load (avg ${stats.avg}, p50 ${stats.p50}, p99 ${stats.p99} ms over ${stats.requests} requests), above ${threshold} ms${load.overhead ? `; the load generator alone: p95 ${load.overhead.p95} ms` : ''}`,
        hint: `Profile ${stats.id}: look for unindexed queries, N+1 loads, synchronous work or missing caching on its path; the threshold is thresholds.api_p95_ms.`,
      });
    }
    return undefined;
  },
});
