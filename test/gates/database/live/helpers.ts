/**
 * Live database rule tests: a rule's `run` on a check context with a live context of its own
 * (one shared database per test file, closed in afterAll), findings and internal errors collected.
 */
import { createLiveContext, type LiveRun } from '../../../../src/gates/live/context.js';
import type { LiveOptions } from '../../../../src/gates/live/types.js';
import type { CheckContext, DynamicRule, FindingInput, RuleVerdict } from '../../../../src/gates/types.js';

export interface LiveResult {
  findings: FindingInput[];
  errors: string[];
  verdict: RuleVerdict | void;
}

export function liveRun(options: LiveOptions = {}): LiveRun {
  return createLiveContext(options, new AbortController().signal);
}

export async function runLive(rule: DynamicRule, context: CheckContext, live: LiveRun): Promise<LiveResult> {
  if (!rule.run) throw new Error(`${rule.id} has no run`);
  const findings: FindingInput[] = [];
  const errors: string[] = [];
  const verdict = await rule.run(context, live, {
    report: (finding) => findings.push(finding),
    internalError: (file, error) => errors.push(`${file ?? ''} ${(error as Error).message}`),
  });
  return { findings, errors, verdict };
}

export const at = (findings: readonly FindingInput[]): string[] => findings.map((f) => `${f.file}:${f.line}`);
