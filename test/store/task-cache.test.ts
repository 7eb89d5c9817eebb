import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/file/file-store.js';
import { makeTask, tempDir } from '../helpers/tasks.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function storeWith(count: number) {
  const t = tempDir('bo-cache-');
  cleanup = t.cleanup;
  const store = new FileStore({ projectRoot: t.dir });
  await store.init();
  await store.createTasks(() => Array.from({ length: count }, (_, i) => makeTask({ id: `task-${String(i + 1).padStart(3, '0')}-t`, title: `Task ${i}` })));
  return { dir: t.dir, snapshot: path.join(t.dir, 'ai-state', '.cache', 'tasks.json') };
}

describe('the task snapshot shared between processes', () => {
  it('is written after creating many tasks and lets a new process list without reading them', async () => {
    const { dir, snapshot } = await storeWith(60);
    expect(readFileSync(snapshot, 'utf8').split('\n')[0]).toMatch(/"checksum":"[0-9a-f]{40}"/);
    const fresh = new FileStore({ projectRoot: dir });
    const { tasks, problems } = await fresh.listTasks();
    expect(problems).toEqual([]);
    expect(tasks).toHaveLength(60);
    // The listed tasks came from the snapshot: peek knows them without a read.
    expect(fresh.peek(tasks[0]!)).toBe('unchanged');
  });

  it('never serves an entry whose file changed since', async () => {
    const { dir } = await storeWith(60);
    await new Promise((r) => setTimeout(r, 5));
    writeFileSync(path.join(dir, 'ai-state/active/backend/tasks/task-001-t.json'), JSON.stringify(makeTask({ id: 'task-001-t', title: 'Edited by hand' })));
    const { tasks } = await new FileStore({ projectRoot: dir }).listTasks();
    expect(tasks.find((t) => t.id === 'task-001-t')?.title).toBe('Edited by hand');
  });

  it('ignores a damaged or tampered snapshot', async () => {
    const { dir, snapshot } = await storeWith(60);
    writeFileSync(snapshot, readFileSync(snapshot, 'utf8').replace('Task 1"', 'Task one"'));
    const listed = await new FileStore({ projectRoot: dir }).listTasks();
    expect(listed.tasks.find((t) => t.id === 'task-002-t')?.title).toBe('Task 1');
    writeFileSync(snapshot, 'not json at all');
    expect((await new FileStore({ projectRoot: dir }).listTasks()).tasks).toHaveLength(60);
  });
});
