/**
 * Runs knex and TypeORM migration files, only when the user opts in (`--run-js-migrations`):
 * that executes project code, so it happens in a child process of its own (its own process
 * group, stopped with everything it started when the run ends), with the project's own knex or
 * TypeORM (and its tsx for TypeScript files), connected to the gates' scratch database. The parent
 * asks for one step at a time (a file's `up` or `down`) and compares schemas between steps, exactly
 * as it does for SQL migrations.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { stopGroup } from '../../live/service/process-group.js';
import type { StatementFailure } from './apply.js';
import { describeError } from './apply.js';

export type JsMigrationTool = 'knex' | 'typeorm';

/** One direction of one JS migration file, run by the child. */
export interface JsStep {
  kind: 'js';
  file: string;
  direction: 'up' | 'down';
  /** Where the function starts: the failure's line when the error's stack does not name one. */
  line: number;
  tool: JsMigrationTool;
}

interface StepRequest {
  id: number;
  file: string;
  direction: 'up' | 'down';
  tool: JsMigrationTool;
}

interface StepAnswer {
  id: number;
  ok: boolean;
  error?: { message: string; detail?: string; hint?: string; position?: string; statement?: string; stack?: string };
}

/** Why the project's migrations cannot be run here (a missing package), or undefined. */
export function runnerProblem(projectRoot: string, steps: readonly JsStep[]): string | undefined {
  const require = createRequire(path.join(projectRoot, 'package.json'));
  const has = (name: string) => {
    for (const specifier of [`${name}/package.json`, name]) {
      try {
        require.resolve(specifier);
        return true;
      } catch {
        // not this way
      }
    }
    return false;
  };
  for (const tool of new Set(steps.map((s) => s.tool))) {
    if (!has(tool)) return `the project's migrations need ${tool}, which is not installed in ${projectRoot} (npm install)`;
    if (tool === 'typeorm' && !has('pg')) return 'TypeORM needs the `pg` driver installed in the project to run its migrations on PostgreSQL';
  }
  if (steps.some((s) => /\.[cm]?tsx?$/.test(s.file)) && !has('tsx')) {
    return 'TypeScript migration files are run with the project\'s tsx, which is not installed (npm install -D tsx)';
  }
  return undefined;
}

/**
 * The child's program, sent as source (`node -e`): it imports nothing of ours, only the project's
 * own packages, resolved from the project's folder. Kept self-contained on purpose.
 */
async function childMain(): Promise<void> {
  // Built-ins through getBuiltinModule and imports through a Function: this source is sent as text,
  // and a test runner's transform of `import()` would not exist in the child.
  const builtin = (process as unknown as { getBuiltinModule(id: string): unknown }).getBuiltinModule;
  const { createRequire: projectRequireOf } = builtin('node:module') as typeof import('node:module');
  const { pathToFileURL } = builtin('node:url') as typeof import('node:url');
  const nodePath = builtin('node:path') as typeof import('node:path');
  const load = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;
  const projectRequire = projectRequireOf(nodePath.join(process.cwd(), 'package.json'));
  const url = process.env.BO_MIGRATION_DATABASE_URL as string;
  let knex: { destroy(): Promise<void>; on(event: string, fn: (q: { sql: string }) => void): void } | undefined;
  let lastSql: string | undefined;
  let dataSource: { initialize(): Promise<unknown>; destroy(): Promise<void>; createQueryRunner(): { release(): Promise<void> } } | undefined;
  const knexInstance = () => {
    if (!knex) {
      type Create = (config: object) => NonNullable<typeof knex>;
      const loaded = projectRequire('knex') as Create | { knex?: Create; default?: Create };
      const create = typeof loaded === 'function' ? loaded : (loaded.knex ?? loaded.default);
      knex = (create as Create)({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
      knex.on('query', (q) => {
        lastSql = q.sql;
      });
    }
    return knex;
  };
  const typeormRunner = async () => {
    if (!dataSource) {
      const { DataSource } = projectRequire('typeorm') as { DataSource: new (options: object) => NonNullable<typeof dataSource> };
      dataSource = new DataSource({ type: 'postgres', url, logging: false });
      await dataSource.initialize();
    }
    return dataSource.createQueryRunner();
  };
  // Where the migration last touched its database object: the call site of the statement that
  // fails (the driver's own error stack only shows the socket's callbacks).
  let site: string | undefined;
  const watched = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, key, receiver) {
        site = new Error().stack;
        return Reflect.get(object, key, receiver);
      },
      apply(fn, self, args) {
        site = new Error().stack;
        return Reflect.apply(fn as (...a: unknown[]) => unknown, self, args);
      },
    });
  type Fn = (arg: unknown) => unknown;
  const findFunction = (module: Record<string, unknown>, direction: 'up' | 'down'): Fn | undefined => {
    const candidates = [module, module.default as Record<string, unknown> | undefined].filter((c): c is Record<string, unknown> => !!c && (typeof c === 'object' || typeof c === 'function'));
    for (const candidate of candidates) {
      if (typeof candidate[direction] === 'function') return (candidate[direction] as Fn).bind(candidate);
    }
    for (const candidate of candidates) {
      for (const value of [candidate, ...Object.values(candidate)]) {
        const proto = typeof value === 'function' ? (value as { prototype?: Record<string, unknown> }).prototype : undefined;
        if (proto && typeof proto[direction] === 'function') {
          const instance = new (value as new () => Record<string, Fn>)();
          return (instance[direction] as Fn).bind(instance);
        }
      }
    }
    return undefined;
  };
  process.on('message', async (request: { id: number; file: string; direction: 'up' | 'down'; tool: 'knex' | 'typeorm' }) => {
    lastSql = undefined;
    site = undefined;
    let queryRunner: { release(): Promise<void>; query?: unknown } | undefined;
    try {
      const module = await load(pathToFileURL(nodePath.resolve(request.file)).href);
      const fn = findFunction(module, request.direction);
      if (!fn) throw new Error(`${request.file} exports no ${request.direction} function`);
      if (request.tool === 'typeorm') {
        queryRunner = await typeormRunner();
        await fn(watched(queryRunner));
      } else {
        await fn(watched(knexInstance() as object));
      }
      process.send?.({ id: request.id, ok: true });
    } catch (error) {
      const e = error as Record<string, unknown> & { driverError?: Record<string, unknown> };
      const source = e.driverError ?? e;
      const text = (key: string) => (typeof source[key] === 'string' ? (source[key] as string) : typeof e[key] === 'string' ? (e[key] as string) : undefined);
      const statement = typeof e.query === 'string' ? e.query : lastSql;
      let message = text('message') ?? String(error);
      // knex puts the SQL in front of PostgreSQL's message: keep the message alone.
      if (statement && message.startsWith(statement)) message = message.slice(statement.length).replace(/^\s*-\s*/, '');
      process.send?.({ id: request.id, ok: false, error: { message, detail: text('detail'), hint: text('hint'), position: text('position'), statement, stack: [site, typeof e.stack === 'string' ? e.stack : undefined].filter(Boolean).join('\n') } });
    } finally {
      await queryRunner?.release().catch(() => undefined);
    }
  });
  process.on('disconnect', () => {
    void Promise.allSettled([knex?.destroy(), dataSource?.destroy()]).then(() => process.exit(0));
  });
  process.send?.({ id: 0, ok: true });
}

/** The line in `file` the error's stack points at (the migration's own frame), if any. */
export function stackLine(stack: string | undefined, file: string): number | undefined {
  if (!stack) return undefined;
  const base = path.basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${base}:(\\d+):\\d+`).exec(stack);
  return match ? Number(match[1]) : undefined;
}

export interface JsMigrationRunner {
  run(step: JsStep, signal?: AbortSignal): Promise<StatementFailure | undefined>;
  close(): Promise<void>;
}

export interface RunnerOptions {
  projectRoot: string;
  databaseUrl: string;
  /** A step that takes longer fails (and the child is stopped). */
  stepTimeoutMs?: number;
  typescript: boolean;
}

export async function startJsMigrationRunner(options: RunnerOptions): Promise<JsMigrationRunner> {
  const execArgv = options.typescript ? ['--import', 'tsx'] : [];
  const child: ChildProcess = spawn(process.execPath, [...execArgv, '--input-type=module', '-e', `(${childMain.toString()})()`], {
    cwd: options.projectRoot,
    env: { ...process.env, BO_MIGRATION_DATABASE_URL: options.databaseUrl },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    output.push(chunk.toString('utf8'));
    if (output.length > 40) output.shift();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const waiting = new Map<number, (answer: StepAnswer) => void>();
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      for (const [id, resolveAnswer] of waiting) resolveAnswer({ id, ok: false, error: { message: `the migration runner exited${output.length ? `: ${output.join('').trim().split('\n').slice(-3).join(' ')}` : ''}` } });
      waiting.clear();
      resolve();
    });
  });
  child.on('message', (answer: StepAnswer) => {
    waiting.get(answer.id)?.(answer);
    waiting.delete(answer.id);
  });
  const ask = (request: StepRequest, timeoutMs: number, signal?: AbortSignal) =>
    new Promise<StepAnswer>((resolve) => {
      const timer = setTimeout(() => finish({ id: request.id, ok: false, error: { message: `did not finish within ${Math.round(timeoutMs / 1000)} s` } }), timeoutMs);
      const onAbort = () => finish({ id: request.id, ok: false, error: { message: 'stopped (interrupted)' } });
      const finish = (answer: StepAnswer) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        waiting.delete(request.id);
        resolve(answer);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (exited) return finish({ id: request.id, ok: false, error: { message: 'the migration runner is not running' } });
      waiting.set(request.id, finish);
      if (request.id !== 0) child.send(request);
    });
  const stop = async () => {
    if (child.connected) child.disconnect();
    if (!exited) await Promise.race([exit, new Promise((r) => setTimeout(r, 2000))]);
    await stopGroup({ pid: child.pid ?? -1 }, 1000).catch(() => undefined);
  };
  const ready = await ask({ id: 0, file: '', direction: 'up', tool: 'knex' }, 15_000);
  if (!ready.ok) {
    await stop();
    throw new Error(`could not start the migration runner: ${ready.error?.message}`);
  }
  let next = 1;
  const timeoutMs = options.stepTimeoutMs ?? 60_000;
  return {
    async run(step, signal) {
      const answer = await ask({ id: next++, file: step.file, direction: step.direction, tool: step.tool }, timeoutMs, signal);
      if (answer.ok) return undefined;
      const error = answer.error ?? { message: 'failed' };
      if (!exited && (error.message.startsWith('did not finish') || error.message.startsWith('stopped'))) await stop();
      return {
        file: step.file,
        line: stackLine(error.stack, step.file) ?? step.line,
        statement: error.statement ?? `${step.direction}() of ${step.file}`,
        message: describeError(error),
      };
    },
    close: stop,
  };
}
