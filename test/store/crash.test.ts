import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/file/file-store.js';
import { TASK_STATUSES } from '../../src/tasks/schema.js';
import { ensureBuilt, workerPath } from '../helpers/dist.js';
import { tempDir } from '../helpers/tasks.js';

const KILLS = 30;

/** Runs the random writer, kills it with SIGKILL after `ms`, returns the lines it printed. */
function runAndKill(root: string, seed: number, ms: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [workerPath('crash-writer.mjs'), root, `writer-${seed}`, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    // Kill only once the writer is working (its first line), at a random moment after that.
    let timer: NodeJS.Timeout | undefined;
    child.stdout.once('data', () => {
      timer = setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(out.split('\n').filter(Boolean));
      else reject(new Error(`writer exited on its own (${code}): ${err}`));
    });
  });
}

describe('a writer killed with SIGKILL at random points', () => {
  const t = tempDir('bo-crash-');
  beforeAll(() => ensureBuilt());
  afterAll(() => t.cleanup());

  it(`leaves a state that loads with every task in exactly one state, ${KILLS} times over`, async () => {
    const store = new FileStore({ projectRoot: t.dir });
    await store.init();
    const created = new Set<string>();
    const archived = new Set<string>();
    for (let round = 0; round < KILLS; round++) {
      const lines = await runAndKill(t.dir, round + 1, 20 + Math.floor(Math.random() * 200));
      for (const line of lines) {
        const [what, id] = line.split(' ');
        if (what === 'created') created.add(id as string);
        if (what === 'archived') archived.add(id as string);
      }

      const { tasks, problems } = await store.listTasks('all');
      expect(problems, `round ${round}`).toEqual([]);
      const activeFiles = readdirSync(store.layout.tasks).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
      const archivedFiles = readdirSync(store.layout.archive).filter((f) => f.endsWith('.json') && !f.startsWith('.'));
      // Exactly one place and one status per task.
      expect(activeFiles.filter((f) => archivedFiles.includes(f)), `round ${round}`).toEqual([]);
      const byId = new Map(tasks.map((task) => [task.id, task]));
      for (const task of tasks) {
        expect(TASK_STATUSES).toContain(task.status);
        if (task.status === 'in_progress') expect(task.claim).not.toBeNull();
        const last = task.history.at(-1);
        expect(last?.to, `${task.id} history ends in its status`).toBe(task.status);
      }
      // Nothing the writer reported as done to it was lost.
      for (const id of created) expect(byId.has(id), `${id} was created and must exist`).toBe(true);
      for (const id of archived) {
        expect(['done', 'cancelled']).toContain(byId.get(id)?.status);
        expect(archivedFiles.includes(`${id}.json`) || activeFiles.includes(`${id}.json`)).toBe(true);
      }
    }
    expect(created.size).toBeGreaterThan(KILLS);
    // Locks and temp files left by killed writers do not stop a new writer; their owner files
    // (.owner-<pid>-<token>) are swept once a minute old (test/store/lock.test.ts).
    const leftovers = readdirSync(path.join(store.layout.root, '.locks'));
    expect(leftovers.filter((name) => !/\.(lock|tmp|break)$/.test(name) && !name.startsWith('.owner-') && name !== 'ready-version')).toEqual([]);
  }, 300_000);
});
