/**
 * The service under test as a live resource: started in its own process group, waited for until
 * its health URL answers (or it dies, or the start timeout passes, or the run is interrupted), and
 * stopped as a whole group. `restart` gives a fresh process (fresh in-memory state: rate-limit
 * windows, seeded data) for the load test. A service given by URL only is neither started nor stopped.
 */
import { startGroup, stopGroup, type GroupProcess } from './process-group.js';
import type { ServicePlan } from './plan.js';

export interface RunningService {
  plan: ServicePlan;
  baseUrl: string;
  /** Whether bo started it (and so may restart and must stop it). */
  started: boolean;
  /** The group id of the current process, -1 when not started. */
  pgid(): number;
  /** Set when the process exited on its own while in use. */
  died(): string | undefined;
  output(): string[];
  restart(signal: AbortSignal): Promise<StartProblem | undefined>;
  stop(): Promise<void>;
}

export interface StartProblem {
  kind: 'exited' | 'timeout' | 'interrupted' | 'spawn';
  message: string;
  output: string[];
}

const POLL_MS = 100;
const PROBE_TIMEOUT_MS = 1000;

export async function openService(plan: ServicePlan, signal: AbortSignal): Promise<{ service: RunningService; problem?: StartProblem }> {
  let current: GroupProcess | undefined;
  let stopping = false;
  const service: RunningService = {
    plan,
    baseUrl: plan.baseUrl,
    started: plan.start !== undefined,
    pgid: () => current?.pid ?? -1,
    died: () => (current && current.hasExited() && !stopping ? `the service exited: ${current.output().slice(-5).join(' | ')}` : undefined),
    output: () => current?.output() ?? [],
    async restart(restartSignal) {
      await service.stop();
      return start(restartSignal);
    },
    async stop() {
      if (!current) return;
      stopping = true;
      await stopGroup(current);
      stopping = false;
    },
  };
  const start = async (startSignal: AbortSignal): Promise<StartProblem | undefined> => {
    if (!plan.start) return waitHealthy(plan, startSignal, undefined);
    try {
      current = startGroup({ argv: plan.start.argv, cwd: plan.start.cwd, env: { ...process.env, ...plan.start.env } });
    } catch (error) {
      return { kind: 'spawn', message: (error as Error).message, output: [] };
    }
    const problem = await waitHealthy(plan, startSignal, current);
    if (problem) await service.stop();
    return problem;
  };
  const problem = await start(signal);
  return problem ? { service, problem } : { service };
}

async function waitHealthy(plan: ServicePlan, signal: AbortSignal, child: GroupProcess | undefined): Promise<StartProblem | undefined> {
  const deadline = Date.now() + plan.startTimeoutMs;
  const seconds = Math.round(plan.startTimeoutMs / 100) / 10;
  let last = 'no answer';
  while (true) {
    if (signal.aborted) return { kind: 'interrupted', message: 'interrupted while waiting for the service to become healthy', output: child?.output() ?? [] };
    if (child?.hasExited()) {
      const { code, signal: killedBy } = await child.exited;
      return { kind: 'exited', message: `the service exited before it became healthy (${killedBy ? `signal ${killedBy}` : `exit code ${code}`})`, output: child.output() };
    }
    const answer = await probe(plan.healthUrl, signal);
    if (answer.ok || (!plan.healthConfigured && answer.status !== undefined && answer.status < 500)) return undefined;
    last = answer.status !== undefined ? `HTTP ${answer.status}` : answer.error ?? 'no answer';
    if (Date.now() >= deadline) {
      return { kind: 'timeout', message: `the service did not become healthy within ${seconds} s (${plan.healthUrl}: ${last})`, output: child?.output() ?? [] };
    }
    await sleep(POLL_MS, signal);
  }
}

async function probe(url: string, signal: AbortSignal): Promise<{ ok: boolean; status?: number; error?: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(PROBE_TIMEOUT_MS)]), redirect: 'manual' });
    await response.arrayBuffer();
    return { ok: response.status >= 200 && response.status < 400, status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { ok: false, error: cause?.code ?? (error as Error).message };
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
