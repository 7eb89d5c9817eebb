/**
 * Runs one command in its own process group, without a shell, within a timeout: on timeout, abort
 * or normal exit, whatever is still running in the group (the test runner's workers, a server a test
 * forgot to stop) gets SIGTERM, then SIGKILL after a grace period, so nothing outlives the run.
 */
import { spawn } from 'node:child_process';

export interface ProcessOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal: AbortSignal;
  /** Between SIGTERM and SIGKILL. */
  graceMs?: number;
}

export interface ProcessOutcome {
  /** `exited` on its own; `timed-out` / `aborted` when we stopped it; `not-started` when it could not be spawned. */
  end: 'exited' | 'timed-out' | 'aborted' | 'not-started';
  exitCode: number | null;
  pid?: number;
  /** Standard output (capped: enough for a TAP stream). */
  stdout: string;
  /** The last part of stdout and stderr together, to quote when no report was written. */
  tail: string;
  error?: string;
}

const STDOUT_CAP = 8 * 1024 * 1024;
const TAIL_CAP = 4 * 1024;

export function runProcess(argv: readonly string[], options: ProcessOptions): Promise<ProcessOutcome> {
  const [command, ...args] = argv;
  const graceMs = options.graceMs ?? 2_000;
  if (!command) return Promise.resolve({ end: 'not-started', exitCode: null, stdout: '', tail: '', error: 'empty command' });
  if (options.signal.aborted) return Promise.resolve({ end: 'aborted', exitCode: null, stdout: '', tail: '' });
  return new Promise((resolve) => {
    let stdout = '';
    let tail = '';
    let end: ProcessOutcome['end'] = 'exited';
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer, isStdout: boolean) => {
      const text = chunk.toString('utf8');
      if (isStdout && stdout.length < STDOUT_CAP) stdout += text;
      tail = (tail + text).slice(-TAIL_CAP);
    };
    child.stdout.on('data', (chunk: Buffer) => keep(chunk, true));
    child.stderr.on('data', (chunk: Buffer) => keep(chunk, false));
    const stop = (why: 'timed-out' | 'aborted') => {
      end = why;
      if (child.pid !== undefined) void stopGroup(child.pid, graceMs);
    };
    const timer = setTimeout(() => stop('timed-out'), options.timeoutMs);
    const onAbort = () => stop('aborted');
    options.signal.addEventListener('abort', onAbort, { once: true });
    child.once('error', (error) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      resolve({ end: 'not-started', exitCode: null, stdout, tail, error: error.message });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      const pid = child.pid as number;
      // The leader is gone; its group may not be (workers, a server a test left running).
      void stopGroup(pid, graceMs).then(() => {
        const done = () => resolve({ end, exitCode: code, pid, stdout, tail });
        // Let the pipes drain, but do not wait on a descendant that escaped the group and holds them.
        if (child.stdout.readableEnded && child.stderr.readableEnded) done();
        else {
          const cap = setTimeout(done, graceMs);
          child.once('close', () => {
            clearTimeout(cap);
            done();
          });
        }
      });
    });
  });
}

/** SIGTERM to the whole group, SIGKILL to what is left after `graceMs`; resolves when the group is gone (or was SIGKILLed). */
export async function stopGroup(pgid: number, graceMs: number): Promise<void> {
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    if (!groupAlive(pgid)) return;
  }
  signalGroup(pgid, 'SIGKILL');
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group ended in between.
  }
}

export function groupAlive(pgid: number): boolean {
  return processAlive(-pgid);
}

/** Whether a process (or, negative, a process group) exists. */
export function processAlive(id: number): boolean {
  try {
    process.kill(id, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
