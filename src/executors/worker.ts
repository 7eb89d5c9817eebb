/**
 * The worker loop of `bo run`: N slots, each claiming the best ready task whose skill has a
 * `command` executor and running it to its end (task-run.ts), until no such task is ready and no
 * slot is busy (or, with `watch`, until stopped). Tasks of `manual` skills are never claimed:
 * they wait for an agent or a person pulling them over MCP or the CLI.
 *
 * Claims: each slot claims under its own agent name, so two slots (or two workers) never hold
 * the same task, and a claim that turns out to be a renewal of a claim under the same name (two
 * workers started with the same --agent) is not run twice. Claims are made one at a time within
 * a worker; across workers the engine's locked claim decides.
 */
import { hostname } from 'node:os';
import { BoError } from '../core/errors.js';
import { Orchestrator } from '../orchestrator.js';
import { findSkill } from '../skills/catalog.js';
import type { Skill } from '../skills/builtin.js';
import * as life from '../tasks/lifecycle.js';
import type { Task } from '../tasks/schema.js';
import { DEFAULT_LOG_CAP_BYTES } from './logs.js';
import { runTask, type AttemptEvent, type CommandExecutor, type TaskRun } from './task-run.js';
import { templateProblems } from './template.js';

export interface WorkerOptions {
  orchestrator: Orchestrator;
  /** The worker's name; slots claim as `<agent>` (one slot) or `<agent>#<n>`. */
  agent: string;
  concurrency: number;
  /** Only this skill's tasks. */
  skill?: string | undefined;
  /** Run one task (to its end), then stop. */
  once?: boolean;
  /** Keep polling for work instead of stopping when the queue is empty. */
  watch?: boolean;
  /** How often idle slots look for work (watch mode, or while other slots are busy). */
  pollMs?: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  killGraceMs?: number;
  logCapBytes?: number;
  onEvent?: (event: WorkerEvent) => void;
}

export type WorkerEvent =
  | { type: 'claimed'; task: string; title: string; skill: string; agent: string }
  | AttemptEvent
  | { type: 'task-finished'; run: TaskRun };

export type StopReason = 'queue-empty' | 'once' | 'stopped';

export interface WorkerSummary {
  agent: string;
  /** The skills whose tasks this worker ran. */
  skills: string[];
  runs: TaskRun[];
  stopped: StopReason;
  /** Ready tasks left because their skill is executed manually, by skill. */
  manual: Record<string, number>;
}

/** The default worker name: unique per process, so two default workers never share claims. */
export const defaultAgentName = (base?: string) => `${base ? `${base}-` : ''}bo-run-${hostname()}-${process.pid}`;

export const slotAgent = (agent: string, slot: number, concurrency: number) => (concurrency === 1 ? agent : `${agent}#${slot + 1}`);

/** The skills `bo run` executes: those with a `command` executor (or the one asked for, which must have one). */
export function runnableSkills(skills: readonly Skill[], only?: string): Skill[] {
  if (only !== undefined) {
    const skill = findSkill(skills, only);
    if (skill.executor.kind !== 'command') {
      throw new BoError('BO_ERR_USAGE', `skill ${skill.name} is executed manually (executor kind "manual"): bo run only runs skills with a command executor; set skills.${skill.name}.executor in the config (docs/executors.md)`);
    }
    return [skill];
  }
  const runnable = skills.filter((s) => s.executor.kind === 'command');
  if (!runnable.length) {
    throw new BoError('BO_ERR_USAGE', `no skill has a command executor, so bo run has nothing to run: set skills.<name>.executor to { "kind": "command", "command": [...] } in the config (docs/executors.md); tasks of manual skills are pulled by agents over MCP or the CLI`);
  }
  return runnable;
}

/** Each runnable skill's template must be usable before anything is claimed. */
export function checkTemplates(skills: readonly Skill[]): void {
  const problems = skills.flatMap((skill) => (skill.executor.kind === 'command' ? templateProblems(skill.executor.command).map((p) => `skills.${skill.name}.executor.${p}`) : []));
  if (problems.length) throw new BoError('BO_ERR_CONFIG_INVALID', problems.join('; '));
}

const sleep = (ms: number, signal: AbortSignal, wake: Promise<void>) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
    void wake.then(done);
  });

export async function runWorker(options: WorkerOptions): Promise<WorkerSummary> {
  const main = options.orchestrator;
  const engine = main.engine;
  const skills = runnableSkills(engine.skills, options.skill);
  checkTemplates(skills);
  const executors = new Map<string, CommandExecutor>(skills.map((s) => [s.name, s.executor as CommandExecutor]));
  // Stopped from outside (SIGINT/SIGTERM), or from inside when a slot hits an unexpected error.
  const halt = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, halt.signal]) : halt.signal;
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const pollMs = options.pollMs ?? 2_000;
  const env = options.env ?? process.env;
  const runs: TaskRun[] = [];
  const running = new Set<string>();
  const errors: unknown[] = [];
  let busy = 0;
  let claimsLeft = options.once ? 1 : Number.POSITIVE_INFINITY;
  // Slots waiting for work wake when another slot finishes (it may have unlocked dependents).
  let wake: () => void = () => undefined;
  let woken = new Promise<void>((resolve) => (wake = resolve));
  const notify = () => {
    const wakeAll = wake;
    woken = new Promise<void>((resolve) => (wake = resolve));
    wakeAll();
  };

  // A task's worktree is another project directory over the same state: its orchestrator shares
  // the main one's opened store (one PostgreSQL pool; on the file store the same state directory,
  // main.layout.root, so the same files) and is never closed itself: `main` owns the store.
  const worktreeOrchestrator = (projectDir: string) =>
    new Orchestrator(projectDir, { ...main.config, stateDir: main.layout.root, events: { ...(main.config.events ?? {}), source: main.source } }, env, main.opened);

  // One claim at a time in this worker: the slots do not race each other for the same candidate.
  let claiming: Promise<unknown> = Promise.resolve();
  const claim = (agent: string): Promise<Task | undefined> => {
    const attempt = claiming.then(async () => {
      for (const skill of skills) {
        const [task] = await engine.claimNext({ agent, skill: skill.name });
        if (!task) continue;
        // A renewal (the task was already held under this name) is not a new claim: someone runs it.
        if (task.claim?.claimedAt === task.updatedAt && !running.has(task.id)) return task;
      }
      return undefined;
    });
    claiming = attempt.catch(() => undefined);
    return attempt;
  };

  const work = async (task: Task, agent: string) => {
    try {
      const run = await runTask(task, {
        orchestrator: main,
        worktreeOrchestrator,
        executor: executors.get(task.skill) as CommandExecutor,
        agent,
        env,
        signal,
        killGraceMs: options.killGraceMs ?? 5_000,
        logCapBytes: options.logCapBytes ?? DEFAULT_LOG_CAP_BYTES,
        ...(options.onEvent ? { onAttempt: options.onEvent } : {}),
      });
      runs.push(run);
      options.onEvent?.({ type: 'task-finished', run });
    } catch (error) {
      // Not a verdict but a fault (state unreadable, a bug): give the task back and stop the worker.
      await engine.store
        .updateTask(task.id, (current) => (current.status === 'in_progress' && current.claim?.agent === agent ? life.release(current, agent, new Date(), `bo run failed: ${(error as Error).message}`) : undefined))
        .catch(() => undefined);
      throw error;
    }
  };

  const slot = async (index: number) => {
    const agent = slotAgent(options.agent, index, concurrency);
    while (!signal.aborted && claimsLeft > 0) {
      claimsLeft--;
      const task = await claim(agent).catch((error: unknown) => {
        claimsLeft++;
        throw error;
      });
      if (!task) {
        claimsLeft++;
        if (busy === 0 && !options.watch) return;
        await sleep(pollMs, signal, woken);
        continue;
      }
      busy++;
      running.add(task.id);
      options.onEvent?.({ type: 'claimed', task: task.id, title: task.title, skill: task.skill, agent });
      try {
        await work(task, agent);
      } finally {
        busy--;
        running.delete(task.id);
        notify();
      }
    }
  };

  await Promise.all(
    Array.from({ length: concurrency }, (_, i) =>
      slot(i).catch((error: unknown) => {
        errors.push(error);
        halt.abort();
      }),
    ),
  );
  if (errors.length) throw errors[0];

  const manual: Record<string, number> = {};
  if (!signal.aborted && options.skill === undefined) {
    const { tasks } = await engine.list({ status: 'ready' });
    for (const task of tasks) {
      if (!executors.has(task.skill)) manual[task.skill] = (manual[task.skill] ?? 0) + 1;
    }
  }
  return {
    agent: options.agent,
    skills: skills.map((s) => s.name),
    runs,
    stopped: signal.aborted ? 'stopped' : options.once && runs.length > 0 ? 'once' : 'queue-empty',
    manual,
  };
}
