/**
 * A configured command (backup dump / restore) run without a shell: the text split into argv
 * (quotes understood), `$VAR` / `${VAR}` replaced from the given environment, the process started
 * in its own process group and the whole group killed on timeout or interrupt.
 */
import { spawn } from 'node:child_process';

/** `pg_dump -Fc "$DATABASE_URL" -f '$BACKUP_FILE'` → argv, variables expanded (not inside single quotes). */
export function splitCommand(command: string, env: Readonly<Record<string, string | undefined>>): string[] {
  const args: string[] = [];
  let current = '';
  let started = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else current += c;
    } else if (c === '\\' && i + 1 < command.length) {
      current += command[++i];
      started = true;
    } else if (c === '$' && /[A-Za-z_{]/.test(command[i + 1] ?? '')) {
      const match = /^\$(?:\{(\w+)\}|(\w+))/.exec(command.slice(i));
      const name = match?.[1] ?? match?.[2];
      if (match && name) {
        current += env[name] ?? '';
        i += match[0].length - 1;
        started = true;
      } else current += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      started = true;
    } else if (/\s/.test(c)) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += c;
      started = true;
    }
  }
  if (started) args.push(current);
  return args;
}

export interface CommandResult {
  code: number | null;
  /** The end of what it wrote to stderr (and stdout), for messages. */
  output: string;
  timedOut: boolean;
  error?: string;
}

const TAIL = 600;
const GRACE_MS = 2_000;

export function runCommand(argv: readonly string[], options: { cwd: string; env: Record<string, string>; timeoutMs: number; signal?: AbortSignal }): Promise<CommandResult> {
  return new Promise((resolve) => {
    const [program, ...args] = argv;
    if (!program) {
      resolve({ code: null, output: '', timedOut: false, error: 'empty command' });
      return;
    }
    let output = '';
    let timedOut = false;
    const child = spawn(program, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-TAIL * 2);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    let grace: NodeJS.Timeout | undefined;
    const stop = () => {
      killGroup('SIGTERM');
      grace = setTimeout(() => killGroup('SIGKILL'), GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    options.signal?.addEventListener('abort', stop, { once: true });
    const finish = (result: CommandResult) => {
      clearTimeout(timer);
      clearTimeout(grace);
      options.signal?.removeEventListener('abort', stop);
      resolve(result);
    };
    child.on('error', (error) => finish({ code: null, output: output.slice(-TAIL), timedOut, error: error.message }));
    child.on('close', (code) => {
      // Whatever it started in its group goes too.
      killGroup('SIGKILL');
      finish({ code, output: output.slice(-TAIL).trim(), timedOut });
    });
  });
}
