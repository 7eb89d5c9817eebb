/** Starting the bundled worker processes of the team-mode tests and collecting what they print. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Started {
  child: ChildProcess;
  /** Everything printed so far on stdout. */
  output(): string;
  /** Everything printed so far on stderr. */
  errors(): string;
  /** Resolves with stdout when the process exits (rejects on a non-zero exit, with stderr). */
  done: Promise<string>;
  /** Resolves once stdout holds a line matching `pattern`. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

export function startProcess(bundle: string, options: unknown, nodeArgs: readonly string[] = []): Started {
  const child = spawn(process.execPath, [...nodeArgs, bundle, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const wake of waiters) wake();
  });
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const done = new Promise<string>((resolve, reject) =>
    child.once('exit', (code, signal) => (code === 0 ? resolve(out) : reject(new Error(`worker exited ${code ?? signal}: ${err.slice(-2000)}`)))),
  );
  done.catch(() => undefined);
  const line = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = out.split('\n').find((l) => pattern.test(l));
        if (found === undefined) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout: ${out.slice(-500)} stderr: ${err.slice(-1000)}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  return { child, output: () => out, errors: () => err, done, line };
}
