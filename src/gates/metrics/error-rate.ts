import { defineDynamicRule } from '../define.js';
import { liveApiOutcome } from '../live/service/run-live-api.js';
import { serviceVerdict } from '../live/service/verdicts.js';

/** Failed answers during the load test against `thresholds.error_rate_pct`; each endpoint that failed requests is a finding. */
export default defineDynamicRule({
  id: "metrics/error-rate",
  area: "metrics",
  checklist: "Error rate < 0.1 %",
  severity: "error",
  needs: "live",
  timeoutMs: 240_000,
  docs: {
    description: "Non-2xx/3xx answers and socket errors during the load test, compared with thresholds.error_rate_pct. 429 answers of a rate limiter are counted apart: they show the limiter working, not the service failing.",
    failing: "0.8 % of 12,000 requests failed",
    passing: "0 of 12,000 requests failed",
  },
  async run(context, live, reporter) {
    const outcome = await liveApiOutcome(context, live);
    const verdict = serviceVerdict(outcome, 'metrics/error-rate', reporter);
    if (verdict) return verdict === 'reported' ? undefined : verdict;
    const load = outcome.load;
    if (!load || load.skipped) return { status: 'skipped', reason: load?.skipped ?? 'the load test did not run' };
    const measured = load.endpoints.filter((e) => e.stats.requests > 0);
    const requests = measured.reduce((s, e) => s + e.stats.requests, 0);
    if (requests === 0) return { status: 'skipped', reason: 'no load-test request was answered (other than 429)' };
    const errors = measured.reduce((s, e) => s + e.stats.errors, 0);
    const rate = (errors / requests) * 100;
    const threshold = context.config.thresholds.error_rate_pct;
    if (rate <= threshold) return undefined;
    for (const { plan, stats } of measured) {
      if (stats.errors === 0) continue;
      reporter.report({
        ...plan.location,
        subject: plan.endpoint.id,
        message: `${stats.id} failed ${stats.errors} of ${stats.requests} requests under load (${Math.round((stats.errors / stats.requests) * 10000) / 100} %); the API's error rate is ${Math.round(rate * 1000) / 1000} %, above ${threshold} %`,
        hint: `Find why ${stats.id} fails under concurrency (the service's log: pool exhaustion, timeouts, unhandled rejections); the threshold is thresholds.error_rate_pct.`,
      });
    }
    return undefined;
  },
});
