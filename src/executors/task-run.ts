/**
 * One claimed task under a `command` executor, from its first attempt to its end: each attempt
 * gets the context package (stdin and BO_CONTEXT_FILE) and the previous attempt's failures
 * (BO_FAILURES_FILE and the prompt), runs the expanded argv in the project or the task's
 * worktree while heartbeats keep the claim, and is logged. Exit 0 submits (the gates run on the
 * code the command left); a failed submit, a non-zero exit or a timeout is a failed attempt and the
 * next one follows at once, with the claim kept, until the gates pass or the failed attempts
 * reach `submit.maxAttempts` (then the task is blocked). Stopping `bo run` stops the command and
 * releases the claim.
 */
import path from 'node:path';
import type { Orchestrator } from '../orchestrator.js';
import type { Skill } from '../skills/builtin.js';
import * as life from '../tasks/lifecycle.js';
import type { Task, TaskStatus } from '../tasks/schema.js';
import { DEFAULT_MAX_ATTEMPTS } from '../tasks/submit/submit.js';
import { commandFailure, commandOutcome, failedAttempts, nextAttemptNumber, previousFailures } from './attempts.js';
import { heartbeatInterval, startHeartbeat } from './heartbeat.js';
import { AttemptLog, attemptFiles, readLogIndex, recordAttempt, taskLogDir, writeTaskFile, type AttemptRecord } from './logs.js';
import { buildPrompt } from './prompt.js';
import { runCommand } from './spawn.js';
import { expandArgv, taskValues } from './template.js';
import { ensureWorktree, finishWorktree, type Worktree } from './worktree.js';

export type CommandExecutor = Extract<Skill['executor'], { kind: 'command' }>;

/** Without `timeoutMinutes`, an attempt may run this long. */
export const DEFAULT_TIMEOUT_MINUTES = 60;

export interface TaskRunOptions {
  /** The project's orchestrator (its state, its engine). */
  orchestrator: Orchestrator;
  /** Builds the orchestrator that submits from a worktree: same state and config, the worktree as the code. */
  worktreeOrchestrator: (projectDir: string) => Orchestrator;
  executor: CommandExecutor;
  /** The claim holder (one per worker slot). */
  agent: string;
  /** The environment the command starts from (BO_* are added). */
  env: NodeJS.ProcessEnv;
  /** Aborted when `bo run` is stopped. */
  signal: AbortSignal;
  killGraceMs: number;
  logCapBytes: number;
  onAttempt?: (event: AttemptEvent) => void;
}

export type AttemptEvent =
  | { type: 'attempt-started'; task: string; attempt: number; agent: string; cwd: string; log: string }
  | { type: 'attempt-finished'; task: string; record: AttemptRecord };

export type TaskRunEnd = 'done' | 'blocked' | 'released' | 'lost';

export interface TaskRun {
  task: string;
  title: string;
  skill: string;
  agent: string;
  end: TaskRunEnd;
  /** The task's status when the run ended. */
  status: TaskStatus;
  /** This run's attempts (the log index has all of them). */
  attempts: AttemptRecord[];
  /** Why the run ended, in words. */
  note: string;
  worktree?: { branch: string; path: string; removed: boolean; commit?: string };
}

export async function runTask(claimed: Task, options: TaskRunOptions): Promise<TaskRun> {
  const main = options.orchestrator;
  const { agent, executor } = options;
  const id = claimed.id;
  const stateRoot = main.layout.root;
  const maxAttempts = main.config.submit?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const timeoutMs = Math.round((executor.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES) * 60_000);
  const attempts: AttemptRecord[] = [];
  const finish = (end: TaskRunEnd, status: TaskStatus, note: string, extra: Partial<TaskRun> = {}): TaskRun => ({ task: id, title: claimed.title, skill: claimed.skill, agent, end, status, attempts, note, ...extra });

  let worktree: Worktree | undefined;
  let submitter = main;
  if (executor.worktree) {
    try {
      worktree = await ensureWorktree(main.root, stateRoot, id);
    } catch (error) {
      // It would fail the same way on every claim: a person has to look.
      const reason = `bo run could not create the task's git worktree: ${(error as Error).message}`;
      const blocked = await main.engine.block(id, reason, agent);
      return finish('blocked', blocked.status, reason);
    }
    submitter = options.worktreeOrchestrator(worktree.projectDir);
  }
  const workdir = worktree?.projectDir ?? main.root;
  const worktreeInfo = worktree ? { branch: worktree.branch, path: worktree.path, removed: false } : undefined;
  const withWorktree = (extra: Partial<TaskRun> = {}): Partial<TaskRun> => (worktreeInfo ? { worktree: worktreeInfo, ...extra } : extra);

  const release = async (note: string): Promise<TaskStatus> => {
    const { task } = await main.store.updateTask(id, (current) => (current.status === 'in_progress' && current.claim?.agent === agent ? life.release(current, agent, new Date(), note) : undefined));
    return task.status;
  };

  for (;;) {
    if (options.signal.aborted) return finish('released', await release('bo run stopped'), 'bo run was stopped before the next attempt', withWorktree());
    const task = await main.engine.show(id);
    if (task.status !== 'in_progress' || task.claim?.agent !== agent) {
      return finish('lost', task.status, `the task is ${task.status}${task.claim ? ` (claimed by ${task.claim.agent})` : ''}, no longer claimed by ${agent}`, withWorktree());
    }
    const index = readLogIndex(stateRoot, id);
    const failed = failedAttempts(task, index);
    if (failed >= maxAttempts) {
      const reason = `${failed} attempt${failed === 1 ? '' : 's'} failed (submit.maxAttempts ${maxAttempts}); see result.failures and the logs in ${path.relative(main.root, taskLogDir(stateRoot, id)) || taskLogDir(stateRoot, id)}`;
      const blocked = await main.engine.block(id, reason, agent);
      return finish('blocked', blocked.status, reason, withWorktree());
    }

    const attempt = nextAttemptNumber(index);
    const files = attemptFiles(attempt);
    const failures = previousFailures(task, index);
    const { text: context } = await main.context(id);
    const contextFile = writeTaskFile(stateRoot, id, files.contextFile, context);
    const failuresFile = writeTaskFile(stateRoot, id, files.failuresFile, `${JSON.stringify({ task: id, attempt, failures }, null, 2)}\n`);
    const prompt = buildPrompt({ task, attempt, context, contextFile, failures, failuresFile });
    const argv = expandArgv(executor.command, {
      ...taskValues(task),
      context_file: contextFile,
      failures_file: failuresFile,
      prompt,
      attempt: String(attempt),
      workdir,
      project_root: main.root,
    });
    const startedAt = new Date();
    const running: AttemptRecord = {
      attempt,
      agent,
      startedAt: startedAt.toISOString(),
      program: argv[0] as string,
      cwd: workdir,
      ...(worktree ? { worktree: worktree.path } : {}),
      log: files.log,
      contextFile: files.contextFile,
      failuresFile: files.failuresFile,
      outcome: 'running',
    };
    recordAttempt(stateRoot, id, running);
    const logFile = path.join(taskLogDir(stateRoot, id), files.log);
    options.onAttempt?.({ type: 'attempt-started', task: id, attempt, agent, cwd: workdir, log: logFile });
    const log = new AttemptLog(logFile, [`# bo run: ${id}, attempt ${attempt}, agent ${agent}`, `# started ${running.startedAt} in ${workdir}`, `# argv ${JSON.stringify(argv)}`].join('\n'), options.logCapBytes);

    // The command stops when bo run is stopped or the claim is lost.
    const stopCommand = new AbortController();
    const onStop = () => stopCommand.abort();
    options.signal.addEventListener('abort', onStop, { once: true });
    let lost: string | undefined;
    const heartbeat = startHeartbeat(() => main.engine.heartbeat(id, agent), heartbeatInterval(task.claim.leaseMs), (error) => {
      lost = (error as Error).message;
      stopCommand.abort();
    });
    const result = await runCommand({
      argv,
      cwd: workdir,
      env: {
        ...options.env,
        BO_TASK_ID: id,
        BO_CONTEXT_FILE: contextFile,
        BO_FAILURES_FILE: failuresFile,
        BO_ATTEMPT: String(attempt),
        BO_AGENT: agent,
        BO_PROJECT_ROOT: main.root,
      },
      stdin: context,
      timeoutMs,
      killGraceMs: options.killGraceMs,
      log,
      signal: stopCommand.signal,
    }).finally(() => {
      heartbeat.stop();
      options.signal.removeEventListener('abort', onStop);
    });

    const ended = commandOutcome(result);
    const exit = result.startError !== undefined ? `could not start: ${result.startError}` : result.timedOut ? 'timed out' : result.exitCode === null ? `killed by ${result.signal}` : `exit ${result.exitCode}`;
    const output = log.close(`${exit} after ${result.durationMs} ms`);
    const done = (outcome: AttemptRecord['outcome'], extra: Partial<AttemptRecord> = {}): AttemptRecord => {
      const record: AttemptRecord = {
        ...running,
        finishedAt: new Date().toISOString(),
        durationMs: result.durationMs,
        outcome,
        exitCode: result.exitCode,
        signal: result.signal,
        outputBytes: output.produced,
        omittedBytes: output.omitted,
        ...extra,
      };
      recordAttempt(stateRoot, id, record);
      attempts.push(record);
      options.onAttempt?.({ type: 'attempt-finished', task: id, record });
      return record;
    };

    if (options.signal.aborted && ended !== 'exited-0') {
      done('interrupted', { note: 'bo run was stopped: the command was stopped and the claim released' });
      return finish('released', await release('bo run stopped (the command was stopped)'), 'bo run was stopped during the attempt', withWorktree());
    }
    if (lost !== undefined) {
      done('lost-claim', { note: lost });
      const now = await main.engine.show(id);
      return finish('lost', now.status, `the claim was lost while the command ran: ${lost}`, withWorktree());
    }
    if (ended !== 'exited-0') {
      const failure = commandFailure(result, { program: running.program, timeoutMs, logFile: path.relative(main.root, logFile) || logFile, lastLines: log.lastLines(20) });
      done(ended, { failure });
      continue;
    }

    // Exit 0: the gates decide. Interrupting bo run interrupts the gates too.
    let outcome;
    try {
      outcome = await submitter.submit(id, { actor: agent, signal: options.signal });
    } catch (error) {
      const message = (error as Error).message;
      done('submit-error', { note: message });
      if (options.signal.aborted) return finish('released', await release('bo run stopped during the submit'), 'bo run was stopped during the submit', withWorktree());
      const now = await main.engine.show(id);
      if (now.status !== 'in_progress' || now.claim?.agent !== agent) return finish('lost', now.status, `the submit failed: ${message}`, withWorktree());
      // An error of the submit itself (not a verdict) would repeat on every attempt: a person has to look.
      const blocked = await main.engine.block(id, `the submit failed with an error: ${message}`, agent);
      return finish('blocked', blocked.status, `the submit failed: ${message}`, withWorktree());
    }
    const submit = { verdict: outcome.verdict, attempt: outcome.attempt, failures: outcome.failures.length, report: outcome.reportId, ...(outcome.blocked ? { blocked: outcome.blocked } : {}) };
    done(outcome.verdict === 'pass' ? 'passed' : 'gates-failed', { submit });
    if (outcome.verdict === 'pass') {
      if (!worktree || !worktreeInfo) return finish('done', outcome.task.status, `the gates passed on attempt ${attempt}`);
      try {
        const { commit } = await finishWorktree(main.root, worktree, `${id}: ${claimed.title}`);
        return finish('done', outcome.task.status, `the gates passed on attempt ${attempt}; the work is on branch ${worktree.branch}`, { worktree: { ...worktreeInfo, removed: true, commit } });
      } catch (error) {
        return finish('done', outcome.task.status, `the gates passed on attempt ${attempt}; the worktree was kept: ${(error as Error).message}`, withWorktree());
      }
    }
    if (outcome.blocked) return finish('blocked', outcome.task.status, outcome.blocked, withWorktree());
    if (options.signal.aborted) return finish('released', await release('bo run stopped after a failed submit'), 'bo run was stopped', withWorktree());
  }
}
