import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../../src/config/schema.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { TaskEngine } from '../../src/tasks/engine.js';
import { ensureBuilt, workerPath } from '../helpers/dist.js';
import { tempDir } from '../helpers/tasks.js';

const PROCESSES = 8;
const TASKS = 200;

interface WorkerResult {
  agent: string;
  claimed: string[];
}

function runWorker(root: string, agent: string, goFile: string): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [workerPath('claim-worker.mjs'), root, agent, goFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as WorkerResult) : reject(new Error(`worker ${agent} exited ${code}: ${err}`))));
  });
}

describe(`${PROCESSES} processes claiming from ${TASKS} ready tasks at once`, () => {
  const t = tempDir('bo-concurrency-');
  beforeAll(() => ensureBuilt());
  afterAll(() => t.cleanup());

  it('claims every task exactly once, with no lost update and no torn file', async () => {
    const store = new FileStore({ projectRoot: t.dir });
    await store.init();
    const engine = new TaskEngine({ store, config: Config.parse({}) });
    await engine.add(
      Array.from({ length: TASKS }, (_, i) => ({ title: `Concurrent task ${i}` })),
      'setup',
    );
    const goFile = path.join(t.dir, 'go');
    const workers = Array.from({ length: PROCESSES }, (_, i) => runWorker(t.dir, `agent-${i}`, goFile));
    await new Promise((r) => setTimeout(r, 300)); // let the processes start, then release them together
    writeFileSync(goFile, '');
    const results = await Promise.all(workers);

    const claims = results.flatMap((r) => r.claimed.map((id) => ({ id, agent: r.agent })));
    const ids = claims.map((c) => c.id);
    expect(ids).toHaveLength(TASKS);
    expect(new Set(ids).size).toBe(TASKS);
    // More than one process actually took part.
    expect(results.filter((r) => r.claimed.length > 0).length).toBeGreaterThan(1);

    // What is on disk agrees with what each process was told: no lost update, no torn file.
    const { tasks, problems } = await store.listTasks();
    expect(problems).toEqual([]);
    expect(tasks).toHaveLength(TASKS);
    const holder = new Map(claims.map((c) => [c.id, c.agent]));
    for (const task of tasks) {
      expect(task.status).toBe('in_progress');
      expect(task.claim?.agent).toBe(holder.get(task.id));
      expect(task.history.filter((h) => h.to === 'in_progress')).toHaveLength(1);
    }
  }, 120_000);
});
