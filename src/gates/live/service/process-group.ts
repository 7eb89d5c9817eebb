/**
 * A child started in its own process group (detached), so that stopping it stops everything it
 * started too (`npm start` → sh → node → workers): SIGTERM to the group, SIGKILL after a grace
 * period, and a check that no process of the group is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const OUTPUT_LINES = 40;

export interface GroupProcess {
  /** The leader's pid, which is also the group id. */
  pid: number;
  child: ChildProcess;
  /** Resolves when the leader exits (never rejects). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** The last lines the process wrote (stdout and stderr interleaved). */
  output(): string[];
}

export interface StartOptions {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export function startGroup({ argv, cwd, env }: StartOptions): GroupProcess {
  const [command, ...args] = argv;
  if (!command) throw new Error('empty start command');
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  const collect = (chunk: Buffer) => {
    const text = partial + chunk.toString('utf8');
    const parts = text.split(/\r?\n/);
    partial = parts.pop() ?? '';
    lines.push(...parts);
    if (lines.length > OUTPUT_LINES) lines.splice(0, lines.length - OUTPUT_LINES);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (error) => {
      lines.push(`could not start ${command}: ${error.message}`);
      done = true;
      resolve({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
  });
  return {
    pid: child.pid ?? -1,
    child,
    exited,
    hasExited: () => done,
    output: () => (partial ? [...lines, partial] : [...lines]).slice(-OUTPUT_LINES),
  };
}

/** Whether any live (non-zombie) process is still in the group. */
export function groupAlive(pgid: number): boolean {
  if (pgid <= 0) return false;
  if (process.platform === 'linux') {
    try {
      return readdirSync('/proc').some((entry) => /^\d+$/.test(entry) && inGroup(entry, pgid));
    } catch {
      // fall through to the signal probe
    }
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function inGroup(pid: string, pgid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid pgrp …`: comm may hold spaces and parentheses, so read after the last `)`.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] !== 'Z' && fields[0] !== 'X' && Number(fields[2]) === pgid;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitGone(pgid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!groupAlive(pgid)) return true;
    await sleep(50);
  }
  return !groupAlive(pgid);
}

/** SIGTERM to the whole group, SIGKILL after `graceMs` if anything is left; resolves when the group is gone. */
export async function stopGroup(process_: Pick<GroupProcess, 'pid'>, graceMs = 5000): Promise<void> {
  if (process_.pid <= 0) return;
  if (!groupAlive(process_.pid)) return;
  signalGroup(process_.pid, 'SIGTERM');
  if (await waitGone(process_.pid, graceMs)) return;
  signalGroup(process_.pid, 'SIGKILL');
  if (!(await waitGone(process_.pid, 2000))) throw new Error(`process group ${process_.pid} survived SIGKILL`);
}
