/**
 * The live part of a static rule (sec/authn-required, sec/sql-injection, api/pagination,
 * api/rate-limit, api/declared-responses): what the live API run found for that rule. When the
 * run could not probe (not configured, interrupted, the service did not start), the live part is
 * undecided, with the reason; the static part's verdict stands (a start failure is reported once,
 * by metrics/api-response-time).
 */
import type { CheckContext, Reporter, RuleVerdict } from '../../types.js';
import type { LiveContext } from '../types.js';
import { liveApiOutcome } from './run-live-api.js';
import { FAILURE_OWNER, reportAll } from './verdicts.js';

export async function runLivePart(ruleId: string, context: CheckContext, live: LiveContext, reporter: Reporter): Promise<RuleVerdict | void> {
  const outcome = await liveApiOutcome(context, live);
  if (outcome.skipped) return { status: 'skipped', reason: outcome.skipped };
  if (outcome.interrupted) return { status: 'skipped', reason: 'interrupted before the live API probes finished' };
  if (outcome.failure) return { status: 'skipped', reason: `the service could not be probed (see ${FAILURE_OWNER})` };
  reportAll(outcome, ruleId, reporter);
  return undefined;
}
