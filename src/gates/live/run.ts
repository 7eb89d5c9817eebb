/**
 * Runs the dynamic rules of the chosen areas (`bo check --live`), one after another: each within
 * its timeout, its throw recorded as an internal error, and every resource they opened closed at the
 * end whatever happened. The outcomes go to `runRules`, which merges them with the static rules.
 */
import { CHECKLIST } from '../catalog.js';
import type { DynamicOutcome, InternalError } from '../engine.js';
import type { Area, CheckContext, DynamicRule, FindingInput, Rule, RuleVerdict } from '../types.js';
import type { LiveRun } from './context.js';

const DEFAULT_TIMEOUT_MS = 120_000;

export async function runDynamicRules(
  rules: readonly Rule[],
  context: CheckContext,
  live: LiveRun,
  areas: readonly Area[],
  selected: (ruleId: string) => boolean = () => true,
): Promise<Map<string, DynamicOutcome>> {
  const wanted = new Set(CHECKLIST.filter((i) => areas.includes(i.area)).flatMap((i) => i.rules).filter(selected));
  const runnable: Runnable[] = rules.flatMap((r): Runnable[] => {
    if (!wanted.has(r.id)) return [];
    if (r.kind === 'dynamic') return r.run ? [{ id: r.id, run: r.run.bind(r), last: Boolean(r.runsLast), timeoutMs: r.timeoutMs }] : [];
    return r.runLive ? [{ id: r.id, run: r.runLive.bind(r), last: false, timeoutMs: undefined }] : [];
  });
  const ordered = [...runnable.filter((r) => !r.last), ...runnable.filter((r) => r.last)];
  const outcomes = new Map<string, DynamicOutcome>();
  try {
    for (const rule of ordered) {
      if (live.signal.aborted) break;
      outcomes.set(rule.id, await runOne(rule, context, live));
    }
  } finally {
    const problems = await live.close();
    for (const problem of problems) {
      const last = [...outcomes.values()].pop();
      last?.errors.push({ rule: 'live', message: `could not close ${problem}` });
    }
  }
  return outcomes;
}

/** A dynamic rule, or the live part of a static one. */
interface Runnable {
  id: string;
  run: NonNullable<DynamicRule['run']>;
  last: boolean;
  timeoutMs: number | undefined;
}

async function runOne(rule: Runnable, context: CheckContext, live: LiveRun): Promise<DynamicOutcome> {
  const started = performance.now();
  const findings: FindingInput[] = [];
  const errors: InternalError[] = [];
  const reporter = {
    report: (finding: FindingInput) => findings.push(finding),
    internalError: (file: string | undefined, error: unknown) => errors.push({ rule: rule.id, ...(file ? { file } : {}), message: (error as Error)?.message ?? String(error) }),
  };
  const timeoutMs = rule.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  let verdict: RuleVerdict | void = undefined;
  try {
    verdict = await Promise.race([
      rule.run(context, live, reporter),
      new Promise<RuleVerdict>((resolve) => {
        timer = setTimeout(() => resolve({ status: 'fail', reason: `did not finish within ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
      }),
    ]);
  } catch (error) {
    errors.push({ rule: rule.id, message: (error as Error)?.message ?? String(error) });
  } finally {
    clearTimeout(timer);
  }
  return { findings, errors, verdict, durationMs: performance.now() - started };
}
