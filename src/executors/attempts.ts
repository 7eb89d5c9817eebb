/**
 * The bookkeeping of attempts, as pure functions: what the next attempt is told went wrong
 * before (the gates' failing items, or the command's own failure), how many attempts have failed
 * (failed submits, which the task counts, plus commands that crashed or timed out, which the log
 * index counts), and the failure a command run becomes.
 */
import type { Task } from '../tasks/schema.js';
import type { Failure } from '../tasks/submit/scope.js';
import { COMMAND_FAILURES, type AttemptOutcome, type AttemptRecord, type LogIndex } from './logs.js';
import { formatMs, type CommandResult } from './spawn.js';

/** Runs that say nothing about the work: stopped from outside, so the attempt before them still counts. */
const NOT_A_VERDICT: readonly AttemptOutcome[] = ['running', 'interrupted', 'lost-claim'];

/** The failed attempts so far: failed submits plus command failures. */
export function failedAttempts(task: Pick<Task, 'attempts'>, index: LogIndex): number {
  return task.attempts + index.attempts.filter((a) => COMMAND_FAILURES.includes(a.outcome)).length;
}

/** The next attempt's number: one more than the last recorded run (interrupted ones included, so no log is overwritten). */
export const nextAttemptNumber = (index: LogIndex) => (index.attempts.at(-1)?.attempt ?? 0) + 1;

/** What the previous attempt left to fix: its command failure, else the task's last failed verdict. */
export function previousFailures(task: Pick<Task, 'result'>, index: LogIndex): Failure[] {
  const last = [...index.attempts].reverse().find((a) => !NOT_A_VERDICT.includes(a.outcome));
  if (last && COMMAND_FAILURES.includes(last.outcome) && last.failure) return [last.failure];
  if (last?.outcome === 'passed') return [];
  return resultFailures(task.result);
}

/** The failing items of a task's `result` (a failed submit's verdict), tolerating older or partial shapes. */
export function resultFailures(result: Task['result']): Failure[] {
  if (!result || typeof result !== 'object') return [];
  if (result.verdict === 'error' && typeof result.error === 'string') {
    return [{ rule: 'bo/submit-error', severity: 'error', file: '', line: 0, message: `the submit could not run: ${result.error}`, hint: 'Check that the project still builds and scans (bo scan); fix what the message names.' }];
  }
  if (result.verdict !== 'fail' || !Array.isArray(result.failures)) return [];
  return result.failures.flatMap((item): Failure[] => {
    if (!item || typeof item !== 'object') return [];
    const f = item as Record<string, unknown>;
    if (typeof f.rule !== 'string' || typeof f.message !== 'string') return [];
    return [
      {
        rule: f.rule,
        severity: f.severity === 'warning' || f.severity === 'info' ? f.severity : 'error',
        file: typeof f.file === 'string' ? f.file : '',
        line: typeof f.line === 'number' ? f.line : 0,
        message: f.message,
        hint: typeof f.hint === 'string' ? f.hint : '',
        ...(typeof f.subject === 'string' ? { subject: f.subject } : {}),
      },
    ];
  });
}

/** How a finished command ends its attempt, before any submit. */
export function commandOutcome(result: Pick<CommandResult, 'exitCode' | 'timedOut' | 'startError'>): Extract<AttemptOutcome, 'command-failed' | 'timed-out' | 'start-failed'> | 'exited-0' {
  if (result.startError !== undefined) return 'start-failed';
  if (result.timedOut) return 'timed-out';
  return result.exitCode === 0 ? 'exited-0' : 'command-failed';
}

/** A failed command as a failing item for the next attempt: what happened, the last output, where the log is. */
export function commandFailure(
  result: Pick<CommandResult, 'exitCode' | 'signal' | 'timedOut' | 'startError'>,
  details: { program: string; timeoutMs: number; logFile: string; lastLines: readonly string[] },
): NonNullable<AttemptRecord['failure']> {
  const tail = details.lastLines.length ? `; its last output:\n${details.lastLines.map((l) => `   | ${l}`).join('\n')}` : '';
  if (result.startError !== undefined) {
    return { rule: 'bo/command-start', severity: 'error', file: details.logFile, line: 0, message: `${details.program} could not be started: ${result.startError}`, hint: 'Install the program or fix the executor\'s command in the config (skills.<name>.executor.command); it is run without a shell, so use its path or a name on PATH.' };
  }
  if (result.timedOut) {
    return { rule: 'bo/command-timeout', severity: 'error', file: details.logFile, line: 0, message: `the command was stopped after ${formatMs(details.timeoutMs)} (the executor's timeoutMinutes)${tail}`, hint: 'Do less per attempt or finish sooner; if the task needs more time, raise timeoutMinutes.' };
  }
  const how = result.exitCode === null ? `was killed by ${result.signal ?? 'a signal'}` : `exited with status ${result.exitCode}`;
  return { rule: 'bo/command-exit', severity: 'error', file: details.logFile, line: 0, message: `the command ${how}${tail}`, hint: 'Exit 0 when the change is made; a non-zero exit counts as a failed attempt. The full output is in the log.' };
}
