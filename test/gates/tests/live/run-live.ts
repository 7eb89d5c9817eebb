/**
 * Runs the tests-area dynamic rules (and metrics/test-coverage) the way `bo check --live` does: one
 * live context, the rules in order, resources closed at the end, the outcomes merged by the engine.
 */
import { readFileSync } from 'node:fs';
import { createLiveContext } from '../../../../src/gates/live/context.js';
import { runDynamicRules } from '../../../../src/gates/live/run.js';
import { runRules } from '../../../../src/gates/engine.js';
import type { Measurement } from '../../../../src/gates/live/types.js';
import type { CheckContext, Rule } from '../../../../src/gates/types.js';

export interface LiveRunOptions {
  /** Values other live gates would have measured before these rules (`supplied/load`…). */
  measured?: Record<string, Measurement>;
  signal?: AbortSignal;
}

export async function runLive(rules: readonly Rule[], context: CheckContext, options: LiveRunOptions = {}) {
  const live = createLiveContext({}, options.signal ?? new AbortController().signal);
  for (const [id, measurement] of Object.entries(options.measured ?? {})) live.measure(id, measurement);
  const outcomes = await runDynamicRules(rules, context, live, ['tests', 'metrics']);
  const run = runRules(rules, context, { areas: ['tests', 'metrics'], dynamic: outcomes });
  const results = run.items.flatMap((i) => i.rules);
  return {
    run,
    findings: run.findings.filter((f) => !f.suppressed),
    /** `pass`, `fail: <reason>`, `skipped: <reason>`… of one rule. */
    status(id: string): string {
      const result = results.find((r) => r.id === id);
      return result ? `${result.status}${result.reason ? `: ${result.reason}` : ''}` : 'not run';
    },
    measured: (id: string) => live.measured(id),
    internalErrors: run.internalErrors,
  };
}

/** Whether a process is still running (a zombie waiting to be reaped is not). */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}
