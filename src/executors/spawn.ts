/**
 * Runs one attempt's command: spawned without a shell, in a process group of its own (so that
 * stopping it stops everything it started: the agent CLI, the test runner it launched, their
 * children), with the context package on stdin and its output in the attempt's log. A timeout or
 * an abort stops the whole group: SIGTERM, then SIGKILL after a grace period. Whatever of the
 * group is still running when the command itself exits is stopped too, so an attempt never
 * leaves processes behind.
 */
import { spawn } from 'node:child_process';
import { groupAlive, stopGroup } from '../gates/live/service/process-group.js';
import type { AttemptLog } from './logs.js';

export interface CommandRequest {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to the command's stdin, which is then closed. */
  stdin: string;
  timeoutMs: number;
  /** Between SIGTERM and SIGKILL. */
  killGraceMs: number;
  log: Pick<AttemptLog, 'write' | 'note'>;
  /** Aborting stops the command (bo run interrupted, the claim lost). */
  signal?: AbortSignal;
  /** Called once the command runs, with its process group id. */
  onStart?: (pgid: number) => void;
}

export interface CommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Stopped because the request's signal was aborted. */
  aborted: boolean;
  /** Set when the program could not be started. */
  startError?: string;
  /** The process group id (the leader's pid), -1 when nothing started. */
  pgid: number;
  durationMs: number;
}

export async function runCommand(request: CommandRequest): Promise<CommandResult> {
  const started = Date.now();
  const [program, ...args] = request.argv;
  if (!program) throw new Error('runCommand: the argv is empty');
  if (request.signal?.aborted) return { exitCode: null, signal: null, timedOut: false, aborted: true, pgid: -1, durationMs: 0 };

  const child = spawn(program, args, { cwd: request.cwd, env: request.env, detached: true, shell: false, stdio: ['pipe', 'pipe', 'pipe'] });
  const pgid = child.pid ?? -1;
  let startError: string | undefined;
  const streamsClosed = Promise.all(
    [child.stdout, child.stderr].map(
      (stream) =>
        new Promise<void>((resolve) => {
          stream.on('data', (chunk: Buffer) => request.log.write(chunk));
          stream.once('close', resolve);
        }),
    ),
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (error) => {
      startError = error.message;
      resolve({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  // A command that never reads its stdin (or exits first) must not fail the attempt with EPIPE.
  child.stdin.on('error', () => undefined);
  child.stdin.end(request.stdin);
  if (pgid > 0) request.onStart?.(pgid);

  let timedOut = false;
  let aborted = false;
  let stopping: Promise<void> | undefined;
  const stop = (why: string) => {
    stopping ??= (async () => {
      request.log.note(`${why}: stopping process group ${pgid} (SIGTERM, SIGKILL after ${request.killGraceMs} ms)`);
      try {
        await stopGroup({ pid: pgid }, request.killGraceMs);
      } catch (error) {
        request.log.note((error as Error).message);
      }
    })();
    return stopping;
  };
  const timer = setTimeout(() => {
    timedOut = true;
    void stop(`timed out after ${formatMs(request.timeoutMs)}`);
    // setTimeout fires at once past 2^31-1 ms; no attempt needs 24 days.
  }, Math.min(request.timeoutMs, 2 ** 31 - 1));
  const onAbort = () => {
    aborted = true;
    void stop('stopped');
  };
  request.signal?.addEventListener('abort', onAbort, { once: true });

  const { code, signal } = await exited;
  clearTimeout(timer);
  request.signal?.removeEventListener('abort', onAbort);
  if (pgid > 0 && !startError) {
    if (stopping) await stopping;
    else if (groupAlive(pgid)) await stop('the command exited but left processes running');
  }
  // Every writer of the pipes is gone now, so they close; the bound only guards against the odd
  // descriptor handed to a process outside the group.
  await Promise.race([streamsClosed, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
  return {
    exitCode: code,
    signal,
    timedOut,
    aborted,
    ...(startError ? { startError } : {}),
    pgid: startError ? -1 : pgid,
    durationMs: Date.now() - started,
  };
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  return `${Math.round(ms / 6000) / 10} min`;
}
