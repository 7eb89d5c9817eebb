/**
 * One run of the gates, as `bo check` and `bo submit` both need it: the check context built once,
 * the dynamic rules run first when asked (every resource they open closed before returning), then
 * every rule merged by the engine, and the report built. The caller decides what to print, save
 * or do with the verdict; nothing here prints or exits.
 */
import type { Config } from '../config/schema.js';
import { packageVersion } from '../cli/version.js';
import { buildReport, type Report } from '../report/model.js';
import { buildCheckContext } from './context.js';
import { runRules, type RunResult } from './engine.js';
import { createLiveContext } from './live/context.js';
import { runDynamicRules } from './live/run.js';
import type { LiveOptions, Measurement } from './live/types.js';
import { RULES } from './rules.js';
import type { Area, CheckContext, Rule, Severity } from './types.js';

export interface CheckRunOptions {
  root: string;
  config: Config;
  areas: readonly Area[];
  /** Which rules run (default: all of the areas'). */
  selected?: (ruleId: string) => boolean;
  /** Run the dynamic rules too, with these options. */
  live?: LiveOptions;
  advisoriesFile?: string;
  /** Aborts the dynamic rules (SIGINT): they stop, resources still close. */
  signal?: AbortSignal;
  progress?: (phase: string, done: number, total: number) => void;
  /** Severities over the config's (a task's criteria can raise a rule to error). */
  severities?: Record<string, Severity | 'off'>;
  id: string;
  createdAt: Date;
  rules?: readonly Rule[];
}

export interface CheckRun {
  report: Report;
  run: RunResult;
  context: CheckContext;
  measurements: Map<string, Measurement>;
}

export async function runCheck(options: CheckRunOptions): Promise<CheckRun> {
  const started = performance.now();
  const rules = options.rules ?? RULES;
  const selected = options.selected ?? (() => true);
  const { root, config, areas, progress } = options;
  const context = await buildCheckContext({ root, config, advisoriesFile: options.advisoriesFile, onProgress: progress });
  let measurements = new Map<string, Measurement>();
  let dynamic: Awaited<ReturnType<typeof runDynamicRules>> | undefined;
  if (options.live) {
    const live = createLiveContext(options.live, options.signal ?? new AbortController().signal, (step, done, total) => progress?.(step, done ?? 0, total ?? 1));
    dynamic = await runDynamicRules(rules, context, live, areas, selected);
    measurements = live.measurements();
  }
  progress?.('rules', 0, 1);
  const severities = { ...(config.gates?.severities ?? {}), ...(options.severities ?? {}) };
  const run = runRules(rules, context, { areas, selected, severities, ...(dynamic ? { dynamic } : {}) });
  const report = buildReport(run, {
    id: options.id,
    root,
    createdAt: options.createdAt,
    durationMs: performance.now() - started,
    version: packageVersion(),
    areas: [...areas],
    live: Boolean(options.live),
    measurements,
    thresholds: config.thresholds,
    problems: context.problems,
    rules,
  });
  return { report, run, context, measurements };
}
