/**
 * How the live API gates end when there was nothing to probe: not configured (skipped), interrupted
 * (skipped), or a service that did not start or died (a finding, reported once by the gate that
 * owns it, the others failing with a pointer to it).
 */
import type { Reporter, RuleVerdict } from '../../types.js';
import type { LiveApiOutcome } from './run-live-api.js';

export const FAILURE_OWNER = 'metrics/api-response-time';

export function serviceVerdict(outcome: LiveApiOutcome, ruleId: string, reporter: Reporter): RuleVerdict | 'reported' | undefined {
  if (outcome.skipped) return { status: 'skipped', reason: outcome.skipped };
  if (outcome.interrupted) return { status: 'skipped', reason: 'interrupted before the live API probes finished' };
  if (!outcome.failure) return undefined;
  if (ruleId !== FAILURE_OWNER) return { status: 'fail', reason: `the service could not be probed (see ${FAILURE_OWNER}): ${outcome.failure.message.split('\n')[0]}` };
  reporter.report(outcome.failure);
  return 'reported';
}

/** Reports what the run found for `ruleId`. */
export function reportAll(outcome: LiveApiOutcome, ruleId: string, reporter: Reporter): number {
  const list = outcome.findings.get(ruleId) ?? [];
  for (const finding of list) reporter.report(finding);
  return list.length;
}
