/**
 * The executor tests' fixtures: a tiny Express project whose collection GET lacks pagination (the
 * static gates fail on it, and pass once ?limit/?offset are read), fake agents written as small
 * node scripts, and `bo run` in-process (registerRun on a program of its own, as main.ts will
 * register it) or as a child process under tsx.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Orchestrator } from '../../src/orchestrator.js';
import { bo, type CliResult } from '../helpers/cli.js';
import { repoRoot } from '../helpers/dist.js';

export const UNPAGED = `app.get('/api/v1/products', (req, res) => {
  res.json({ data: products });
});`;

export const PAGED = `app.get('/api/v1/products', (req, res) => {
  const limit = Math.min(Number(req.query.limit ?? 20), 100);
  const offset = Number(req.query.offset ?? 0);
  res.json({ data: products.slice(offset, offset + limit), pagination: { limit, offset, total: products.length } });
});`;

/** Reads a query param, but not one that paginates: the gate still fails. */
export const WRONG = `app.get('/api/v1/products', (req, res) => {
  const count = Number(req.query.count ?? 20);
  res.json({ data: products.slice(0, count) });
});`;

export const APP = `import express from 'express';
import rateLimit from 'express-rate-limit';

const products = [{ id: 1, name: 'Pen' }];
const app = express();
app.use(rateLimit({ windowMs: 60_000, limit: 100 }));

${UNPAGED}

export default app;
`;

export const PAGINATION_TASK = { title: 'Add pagination to GET /api/v1/products', requirements: ['pagination'], targets: ['GET /api/v1/products'], skill: 'api-development-skill' };

export interface Project {
  dir: string;
  cleanup(): void;
  /** Writes a fake agent script and returns its absolute path. */
  agent(name: string, source: string): string;
  orchestrator(): Promise<Orchestrator>;
  read(file: string): string;
}

/** A tiny project with the given config (merged over static-only submits), initialised and scanned. */
export async function makeProject(config: Record<string, unknown>, files: Record<string, string> = { 'src/app.js': APP }): Promise<Project> {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'bo-exec-')));
  const agents = path.join(dir, '.agents');
  mkdirSync(agents);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'tiny-shop', version: '1.0.0', type: 'module', dependencies: { express: '^4.19.0', 'express-rate-limit': '^7.0.0' } }, null, 2));
  writeFileSync(path.join(dir, '.gitignore'), 'ai-state/\n.agents/\nnode_modules/\n');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  writeFileSync(path.join(dir, 'backend-orchestrator.config.json'), JSON.stringify({ submit: { live: false }, ...config }, null, 2));
  const init = await bo(dir, ['init', '--json']);
  if (init.code !== 0) throw new Error(`bo init failed: ${init.stderr}`);
  const scan = await bo(dir, ['scan', '--json']);
  if (scan.code !== 0) throw new Error(`bo scan failed: ${scan.stderr}`);
  return {
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
    agent(name, source) {
      const file = path.join(agents, name);
      writeFileSync(file, source);
      return file;
    },
    orchestrator: () => Orchestrator.open(dir),
    read: (file) => readFileSync(path.join(dir, file), 'utf8'),
  };
}

/** A skill config running `node <script> …args` for its tasks. */
export function nodeExecutor(script: string, extra: { args?: string[]; timeoutMinutes?: number; worktree?: boolean } = {}) {
  return {
    kind: 'command',
    command: [process.execPath, script, ...(extra.args ?? [])],
    ...(extra.timeoutMinutes !== undefined ? { timeoutMinutes: extra.timeoutMinutes } : {}),
    ...(extra.worktree !== undefined ? { worktree: extra.worktree } : {}),
  };
}

/** `bo run …` in-process, with captured output (the commands that run agents need PATH). */
export function boRun(cwd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return bo(cwd, ['run', ...args], { PATH: process.env.PATH, ...env });
}

const TSX_ESM = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/esm/index.mjs')).href;
const ENTRY = path.join(repoRoot, 'test/executors/bo-run-entry.ts');

/** `bo run …` as its own process (tsx's ESM loader: the CJS one trips over some dependencies' exports). */
export function spawnBoRun(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', TSX_ESM, ENTRY, 'run', ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

/** Whether a process runs (a zombie no longer does: in a container nobody may reap it). */
export function processRuns(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(probe: () => T | undefined, ms: number, what: string): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
