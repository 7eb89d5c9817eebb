import { defineDynamicRule } from '../define.js';
import { liveApiOutcome } from '../live/service/run-live-api.js';
import { reportAll, serviceVerdict } from '../live/service/verdicts.js';

/** Every 4xx/5xx answer of the live probes in the API's one error shape. */
export default defineDynamicRule({
  id: "contract/error-standard",
  area: "contract",
  checklist: "One error standard",
  severity: "error",
  needs: "live",
  timeoutMs: 240_000,
  docs: {
    description: "Every error response has the project's one error shape (RFC 9457 problem+json recommended). The 4xx/5xx answers the live probes get (including those of middleware: the rate limiter's 429, the body parser's 400, the 404 fallback) are classified by shape; the shape most of them have (problem details when the document declares application/problem+json) is the standard, and each other one is a finding.",
    failing: "{ \"msg\": \"not found\" } here, { \"error\": { \u2026 } } there",
    passing: "application/problem+json everywhere",
  },
  async run(context, live, reporter) {
    const outcome = await liveApiOutcome(context, live);
    const verdict = serviceVerdict(outcome, 'contract/error-standard', reporter);
    if (verdict) return verdict === 'reported' ? undefined : verdict;
    if (!outcome.errorStandard || outcome.errorStandard.checked === 0) return { status: 'skipped', reason: 'the probes got no error answer to compare' };
    reportAll(outcome, 'contract/error-standard', reporter);
    return undefined;
  },
});
