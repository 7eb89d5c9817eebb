/**
 * Claims on the PostgreSQL store beside the file store (called from run.ts): throughput and
 * latency of 16 and 64 concurrent workers claiming ready tasks until none is left. A worker is an
 * agent with its own task engine; the workers are spread over 4 processes (4 instances, each with
 * its own store connection, as a team runs them), and on PostgreSQL also all in 1 process (one
 * instance serving every agent). Each layout runs on a fresh store (a scratch schema on the server
 * of BO_BENCH_DATABASE_URL, else BO_TEST_DATABASE_URL, else 127.0.0.1:5432) with the same tasks;
 * the file store runs on a temp directory. Target: >= 3,000 claims/s with 64 workers on
 * PostgreSQL, and never a task claimed twice.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultConfig } from '../src/config/schema.js';
import { openStore } from '../src/store/open.js';
import { PgConnection } from '../src/store/postgres/connection.js';
import { parseStoreLocation } from '../src/store/postgres/url.js';
import { TaskEngine } from '../src/tasks/engine.js';
import { bundledWorker } from '../test/workers/bundle.js';
import { startProcess } from '../test/workers/processes.js';
import type { Figure } from './figure.js';

interface Layout {
  store: 'postgres' | 'file';
  processes: number;
}

interface Run {
  rate: number;
  claimed: number;
  doubles: number;
  latencies: number[];
}

const TARGET_RATE = 3000;
const SERVER = process.env.BO_BENCH_DATABASE_URL ?? process.env.BO_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

/** A store URL on a new schema of the bench server, and how to drop it afterwards. */
function scratchStore(): { url: string; drop(): Promise<void> } {
  const url = new URL(SERVER);
  url.searchParams.set('schema', `bo_bench_${randomBytes(5).toString('hex')}`);
  return {
    url: url.toString(),
    drop: async () => {
      const location = parseStoreLocation(url.toString());
      if (location.kind !== 'postgres') return;
      const connection = new PgConnection({ location, retryMs: 2_000 });
      try {
        await connection.query(`DO $$ BEGIN EXECUTE format('DROP SCHEMA %I CASCADE', current_schema()); END $$`);
      } finally {
        await connection.close();
      }
    },
  };
}

async function claimRun(layout: Layout, workers: number, tasks: number, bundle: string): Promise<Run> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bo-bench-pg-'));
  const scratch = layout.store === 'postgres' ? scratchStore() : undefined;
  const store = scratch?.url ?? 'file';
  try {
    const opened = await openStore({ projectRoot: dir, config: { stateDir: 'ai-state', store }, env: {} });
    await opened.store.init();
    const engine = new TaskEngine({ store: opened.store, config: defaultConfig() });
    for (let i = 0; i < tasks; i += 1000) {
      await engine.add(Array.from({ length: Math.min(1000, tasks - i) }, (_, j) => ({ title: `Benchmark task ${i + j}`, targets: [`GET /api/items/${i + j}`] })), 'bench');
    }
    await opened.close();
    const goFile = path.join(dir, 'go');
    const perProcess = workers / layout.processes;
    const started = Array.from({ length: layout.processes }, (_, p) =>
      startProcess(bundle, { root: dir, store, workers: perProcess, agent: `p${p}`, goFile, poolMax: Math.min(perProcess, 8) }),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500 + layout.processes * 200)); // all up and listening
    writeFileSync(goFile, '');
    const results = (await Promise.all(started.map((s) => s.done))).map((out) => JSON.parse(out) as { claimed: string[]; latencies: number[]; start: number; end: number });
    const ids = results.flatMap((r) => r.claimed);
    const seconds = (Math.max(...results.map((r) => r.end)) - Math.min(...results.map((r) => r.start))) / 1000;
    return { rate: ids.length / seconds, claimed: ids.length, doubles: ids.length - new Set(ids).size, latencies: results.flatMap((r) => r.latencies) };
  } finally {
    await scratch?.drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function figure(layout: Layout, workers: number, tasks: number, repeats: number, bundle: string): Promise<Figure> {
  const runs: Run[] = [];
  for (let i = 0; i < repeats; i++) runs.push(await claimRun(layout, workers, tasks, bundle));
  const rate = median(runs.map((r) => r.rate));
  const typical = runs.find((r) => r.rate === rate) as Run;
  const sorted = [...typical.latencies].sort((a, b) => a - b);
  const ok = runs.every((r) => r.claimed === tasks && r.doubles === 0);
  const gated = layout.store === 'postgres' && workers >= 64;
  const where = layout.processes === 1 ? '1 process' : `${layout.processes} processes × ${workers / layout.processes}`;
  return {
    name: `claims/s, ${layout.store === 'postgres' ? 'PostgreSQL' : 'file store'}, ${workers} workers (${where}), ${tasks} tasks`,
    value: Math.round(rate),
    unit: 'claims/s (median)',
    target: gated ? `>= ${TARGET_RATE}, 0 double claims` : '0 double claims',
    pass: ok && (!gated || rate >= TARGET_RATE),
    detail:
      `latency per claim p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p95 ${percentile(sorted, 0.95).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms; ` +
      `${runs.length} run(s): ${runs.map((r) => Math.round(r.rate)).join(', ')} claims/s; every run claimed ${tasks} with ${runs.reduce((n, r) => n + r.doubles, 0)} double claims`,
  };
}

/** Is the bench server there? (Without one the PostgreSQL figures are reported as skipped.) */
async function serverProblem(): Promise<string | undefined> {
  const location = parseStoreLocation(SERVER);
  if (location.kind !== 'postgres') return `${SERVER} is not a PostgreSQL URL`;
  const connection = new PgConnection({ location, retryMs: 1_000 });
  try {
    await connection.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await connection.close();
  }
}

export async function postgresClaimFigures(quick: boolean): Promise<Figure[]> {
  const problem = await serverProblem();
  if (problem) {
    return [16, 64].map((workers) => ({
      name: `claims/s, PostgreSQL, ${workers} workers`,
      value: 0,
      unit: 'claims/s',
      target: workers >= 64 ? `>= ${TARGET_RATE}` : '0 double claims',
      pass: true,
      detail: `skipped: no PostgreSQL server (${problem}); set BO_BENCH_DATABASE_URL`,
    }));
  }
  const bundle = await bundledWorker('claim-loop');
  const repeats = quick ? 1 : 3;
  const figures: Figure[] = [];
  for (const workers of [16, 64]) {
    const tasks = quick ? workers * 25 : workers * 60;
    for (const layout of [{ store: 'postgres', processes: 4 }, { store: 'postgres', processes: 1 }, { store: 'file', processes: 4 }] as const) {
      figures.push(await figure(layout, workers, tasks, repeats, bundle));
    }
  }
  return figures;
}
