/**
 * What a command executor leaves behind per task, under `<stateDir>/logs/<task id>/`: one log per
 * attempt (`attempt-<n>.log`, stdout and stderr interleaved as they came, size-capped), the
 * context package and the failures each attempt was given, and `index.json`, the list of
 * attempts (who ran what, where, how it ended, the submit's verdict) that the dashboard's task
 * page and `bo run` read. Only the holder of a task's claim writes its index, and every write
 * replaces it whole (temp file + rename), so a reader never sees half of one.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { check } from '../core/validation.js';
import { SEVERITIES } from '../gates/types.js';
import { writeFileAtomicSync } from '../store/file/atomic.js';
import { lastLines, OutputCap, type CapSummary } from './output-cap.js';

/** How much of an attempt's output is kept by default (the first and last half). */
export const DEFAULT_LOG_CAP_BYTES = 1024 * 1024;

export const ATTEMPT_OUTCOMES = [
  'running',
  /** Exit 0 and the gates passed: the task is done. */
  'passed',
  /** Exit 0, the gates failed: the failures go to the next attempt (or the task is blocked). */
  'gates-failed',
  /** Exit 0, but the submit itself could not run (an error, a conflict). */
  'submit-error',
  'command-failed',
  'timed-out',
  /** The program could not be started (not found, not executable). */
  'start-failed',
  /** `bo run` was stopped (SIGINT/SIGTERM): the claim was released. */
  'interrupted',
  /** The claim was lost while the command ran (cancelled, expired, taken): the command was stopped. */
  'lost-claim',
] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** Outcomes that count against `submit.maxAttempts` besides failed submits (which the task counts itself). */
export const COMMAND_FAILURES: readonly AttemptOutcome[] = ['command-failed', 'timed-out', 'start-failed'];

const FailureRecord = z.object({
  rule: z.string(),
  severity: z.enum(SEVERITIES),
  file: z.string(),
  line: z.number(),
  message: z.string(),
  hint: z.string(),
  subject: z.optional(z.string()),
});

export const AttemptRecord = z.object({
  attempt: z.int().check(z.positive()),
  agent: z.string(),
  startedAt: z.string(),
  finishedAt: z.optional(z.string()),
  durationMs: z.optional(z.number()),
  /** The program run (argv[0]); the full argv holds task text and the prompt, so it is in the log header only. */
  program: z.string(),
  cwd: z.string(),
  worktree: z.optional(z.string()),
  /** File names inside the task's log directory. */
  log: z.string(),
  contextFile: z.string(),
  failuresFile: z.string(),
  outcome: z.enum(ATTEMPT_OUTCOMES),
  exitCode: z.optional(z.nullable(z.int())),
  signal: z.optional(z.nullable(z.string())),
  /** Bytes the command wrote, and how many of them the size cap left out of the log. */
  outputBytes: z.optional(z.number()),
  omittedBytes: z.optional(z.number()),
  submit: z.optional(
    z.object({
      verdict: z.enum(['pass', 'fail']),
      attempt: z.int(),
      failures: z.int(),
      report: z.string(),
      blocked: z.optional(z.string()),
    }),
  ),
  /** Why a command failed, in the shape of a gate failure: it is handed to the next attempt. */
  failure: z.optional(FailureRecord),
  note: z.optional(z.string()),
});
export type AttemptRecord = z.infer<typeof AttemptRecord>;

export const LogIndex = z.object({ task: z.string(), attempts: z.array(AttemptRecord) });
export type LogIndex = z.infer<typeof LogIndex>;

/** The directory of a task's logs. Task ids are checked against TASK_ID_PATTERN, so they are safe path parts. */
export const taskLogDir = (stateRoot: string, taskId: string) => path.join(stateRoot, 'logs', taskId);

export const attemptFiles = (attempt: number) => ({
  log: `attempt-${attempt}.log`,
  contextFile: `attempt-${attempt}.context.yaml`,
  failuresFile: `attempt-${attempt}.failures.json`,
});

/** The task's attempts as recorded (an empty list when it has none, or the index cannot be read). */
export function readLogIndex(stateRoot: string, taskId: string): LogIndex {
  const file = path.join(taskLogDir(stateRoot, taskId), 'index.json');
  if (!existsSync(file)) return { task: taskId, attempts: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { task: taskId, attempts: [] };
  }
  const result = check(LogIndex, raw);
  return result.ok ? result.value : { task: taskId, attempts: [] };
}

/** Adds or replaces (same attempt number) one attempt in the task's index. */
export function recordAttempt(stateRoot: string, taskId: string, record: AttemptRecord): LogIndex {
  const dir = taskLogDir(stateRoot, taskId);
  mkdirSync(dir, { recursive: true });
  const index = readLogIndex(stateRoot, taskId);
  const attempts = [...index.attempts.filter((a) => a.attempt !== record.attempt), record].sort((a, b) => a.attempt - b.attempt);
  const next = { task: taskId, attempts };
  writeFileAtomicSync(path.join(dir, 'index.json'), `${JSON.stringify(next, null, 2)}\n`);
  return next;
}

/** The text of one attempt's log ('' when there is none). */
export function readAttemptLog(stateRoot: string, taskId: string, attempt: number): string {
  const file = path.join(taskLogDir(stateRoot, taskId), attemptFiles(attempt).log);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Writes a file of the task's log directory whole (the context package, the failures). */
export function writeTaskFile(stateRoot: string, taskId: string, name: string, content: string): string {
  const dir = taskLogDir(stateRoot, taskId);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileAtomicSync(file, content, { durable: false });
  return file;
}

/** How much of the end of the output is kept in memory for a failure message. */
const RECENT_BYTES = 8 * 1024;

/**
 * One attempt's log file, written as the output comes (so a running attempt can be followed),
 * within the cap. `close()` writes the held-back tail and a closing line.
 */
export class AttemptLog {
  readonly file: string;
  private fd: number | undefined;
  private readonly cap: OutputCap;
  private recent = Buffer.alloc(0);

  constructor(file: string, header: string, capBytes = DEFAULT_LOG_CAP_BYTES) {
    mkdirSync(path.dirname(file), { recursive: true });
    this.file = file;
    this.cap = new OutputCap(capBytes);
    this.fd = openSync(file, 'w', 0o644);
    writeSync(this.fd, header.endsWith('\n') ? header : `${header}\n`);
  }

  write(chunk: Buffer): void {
    const recent = Buffer.concat([this.recent, chunk]);
    this.recent = recent.subarray(Math.max(0, recent.length - RECENT_BYTES));
    if (this.fd === undefined) return;
    const now = this.cap.accept(chunk);
    if (now.length) writeSync(this.fd, now);
  }

  /** A line from the worker itself (timeout, interruption), marked so it is not taken for the command's output. */
  note(text: string): void {
    if (this.fd !== undefined) writeSync(this.fd, `\n[bo] ${text}\n`);
  }

  /** The last lines the command wrote (for a failure message). */
  lastLines(count: number): string[] {
    return lastLines(this.recent.toString('utf8'), count);
  }

  close(footer?: string): CapSummary {
    if (this.fd !== undefined) {
      const rest = this.cap.finish();
      if (rest.length) writeSync(this.fd, rest);
      if (footer) writeSync(this.fd, `\n[bo] ${footer}\n`);
      closeSync(this.fd);
      this.fd = undefined;
    }
    return this.cap.summary();
  }
}
