/**
 * The test run shared by the seven test rules (`live.resource('test-run')`): the project's test
 * command run once, within `tests.timeoutSeconds` (default 300 s), its process group killed at the
 * end; then its results and coverage read from the reports it was asked for, the configured paths
 * or the conventional places, and (for `node --test` and other TAP producers) its standard output.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LiveContext } from '../../live/types.js';
import type { CheckContext } from '../../types.js';
import { planTestRun, type PackageJson, type TestRunPlan } from './command.js';
import { runProcess, type ProcessOutcome } from './process.js';
import { findCoverage, findResults, type Found } from './report-files.js';
import type { LineCoverage, TestResults } from './results.js';

export const DEFAULT_TIMEOUT_SECONDS = 300;
/** The rules that wait for the run may take this long (the runner's own limit per rule). */
export const TEST_RULE_TIMEOUT_MS = 60 * 60_000;
/** The configured timeout is capped below the rule limit, so the run is stopped by us, with our finding. */
const MAX_TIMEOUT_SECONDS = TEST_RULE_TIMEOUT_MS / 1000 - 60;

export interface TestRun {
  /** Undefined when the project has no test command (no `test` script, no `tests.command`). */
  plan: TestRunPlan | undefined;
  timeoutSeconds: number;
  outcome: ProcessOutcome | undefined;
  results: Found<TestResults> | undefined;
  coverage: Found<LineCoverage> | undefined;
  /** The places coverage was looked for, for the message when there was none. */
  coverageLookedAt: string[];
}

export function testRun(context: CheckContext, live: LiveContext): Promise<TestRun> {
  let outDir: string | undefined;
  return live.resource(
    'test-run',
    async () => {
      outDir = mkdtempSync(path.join(tmpdir(), 'bo-tests-'));
      return runTests(context, live, outDir);
    },
    () => {
      if (outDir) rmSync(outDir, { recursive: true, force: true });
    },
  );
}

async function runTests(context: CheckContext, live: LiveContext, outDir: string): Promise<TestRun> {
  const plan = planTestRun({ packageJson: parsePackageJson(context), command: context.config.tests?.command, outDir });
  const timeoutSeconds = Math.min(context.config.tests?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS);
  const startedAt = Date.now();
  let outcome: ProcessOutcome | undefined;
  if (plan) {
    live.progress(`tests: ${plan.label}`);
    outcome = await runProcess(plan.argv, { cwd: context.root, env: childEnv(plan.env), timeoutMs: timeoutSeconds * 1000, signal: live.signal });
  }
  const stopped = outcome !== undefined && outcome.end !== 'exited';
  // A report is only believed when this run wrote it; without a command, whatever is there is read.
  const since = plan ? startedAt - 1000 : undefined;
  const results = stopped ? undefined : findResults({ root: context.root, configured: context.config.tests?.results, asked: plan?.resultsFile, stdout: outcome?.stdout, since });
  const coverageSearch = stopped ? { found: undefined, lookedAt: [] } : findCoverage({ root: context.root, configured: context.config.tests?.coverage, asked: plan?.coverageFile, since });
  return { plan, timeoutSeconds, outcome, results, coverage: coverageSearch.found, coverageLookedAt: coverageSearch.lookedAt };
}

function parsePackageJson(context: CheckContext): PackageJson | undefined {
  if (!context.packageJson) return undefined;
  try {
    const value = JSON.parse(context.packageJson.text) as unknown;
    return value !== null && typeof value === 'object' ? (value as PackageJson) : undefined;
  } catch {
    return undefined;
  }
}

/** Our environment minus what marks a process as a Vitest worker (bo's own tests run under Vitest), plus CI mode. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^VITEST/.test(name) && name !== 'JEST_WORKER_ID' && name !== 'FORCE_COLOR') env[name] = value;
  return { ...env, CI: 'true', NO_COLOR: '1', ...extra };
}
