/**
 * The file store's live index (a long-lived process keeps the active tasks in memory): what it
 * lists is what is on disk, whether this process, another one, or someone's editor wrote it; it
 * hears about changes, and a sweep finds what it was never told about.
 */
import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync, rmSync, writeFileSync, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../src/store/file/file-store.js';
import { LiveTaskIndex } from '../../src/store/file/live-index.js';
import type { Task } from '../../src/tasks/schema.js';
import { makeTask, tempDir } from '../helpers/tasks.js';

let dir: string;
let cleanup: () => void;
const stores: FileStore[] = [];

beforeEach(() => {
  ({ dir, cleanup } = tempDir('bo-live-'));
});
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  cleanup();
});

const open = (options: { liveIndex?: boolean } = {}) => {
  const store = new FileStore({ projectRoot: dir, ...options });
  stores.push(store);
  return store;
};
const task = (n: number, overrides: Partial<Task> = {}) => makeTask({ id: `task-${String(n).padStart(3, '0')}-t`, title: `Task ${n}`, ...overrides });
const taskFile = (n: number) => path.join(dir, 'ai-state/active/backend/tasks', `task-${String(n).padStart(3, '0')}-t.json`);
const titles = async (store: FileStore) => (await store.listTasks()).tasks.map((t) => `${t.id.slice(5, 8)} ${t.title} ${t.status}`);

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition never held');
}

describe('FileStore with a live index', () => {
  it('lists what another process writes, creates and archives, once the change is heard', async () => {
    const live = open({ liveIndex: true });
    await live.init();
    const changes: number[] = [];
    const stop = live.watch(() => changes.push(1));
    expect(stop).toBeTypeOf('function');
    expect(await titles(live)).toEqual([]);

    const other = open(); // another process, as far as the live store can tell
    await other.createTasks(() => [task(1), task(2)]);
    await until(async () => (await titles(live)).length === 2);
    expect(changes.length).toBeGreaterThan(0);

    await other.updateTask('task-001-t', (t) => ({ ...t, title: 'Renamed elsewhere' }));
    await until(async () => (await titles(live)).includes('001 Renamed elsewhere ready'));

    await other.updateTask('task-002-t', (t) => ({ ...t, status: 'cancelled' }));
    await until(async () => (await titles(live)).length === 1);
    expect((await live.listTasks('archived')).tasks.map((t) => t.id)).toEqual(['task-002-t']);

    stop?.();
    const heard = changes.length;
    await other.createTasks(() => [task(3)]);
    await until(async () => (await titles(live)).length === 2);
    expect(changes.length).toBe(heard);
  });

  it('shows its own writes at once, without waiting for the notification', async () => {
    const live = open({ liveIndex: true });
    await live.init();
    await live.createTasks(() => [task(1)]);
    expect(await titles(live)).toEqual(['001 Task 1 ready']);
    await live.updateTask('task-001-t', (t) => ({ ...t, status: 'in_progress', claim: { agent: 'a', claimedAt: t.updatedAt, leaseUntil: t.updatedAt, leaseMs: 1 } }));
    expect(await titles(live)).toEqual(['001 Task 1 in_progress']);
    await live.updateTask('task-001-t', (t) => ({ ...t, status: 'done', claim: null }));
    expect(await titles(live)).toEqual([]);
  });

  it('reports a file damaged by hand with its path, and lists it again once repaired', async () => {
    const live = open({ liveIndex: true });
    await live.init();
    await live.createTasks(() => [task(1), task(2)]);
    await live.listTasks();
    const good = readFileSync(taskFile(2), 'utf8');
    writeFileSync(taskFile(2), '{ "id": "task-002-t", ');
    await until(async () => (await live.listTasks()).problems.length === 1);
    const { tasks, problems } = await live.listTasks();
    expect(tasks.map((t) => t.id)).toEqual(['task-001-t']);
    expect(problems[0]?.file).toBe(taskFile(2));
    writeFileSync(taskFile(2), good);
    await until(async () => (await live.listTasks()).tasks.length === 2);
  });

  it('peeks without looking at the disk while nothing was heard, and sees a change once it was', async () => {
    const live = open({ liveIndex: true });
    await live.init();
    await live.createTasks(() => [task(1)]);
    const [listed] = (await live.listTasks()).tasks;
    expect(live.peek(listed as Task)).toBe('unchanged');
    await open().updateTask('task-001-t', (t) => ({ ...t, title: 'Changed' }));
    await until(async () => live.peek(listed as Task) === 'changed');
  });

  it('cannot tell about changes without a live index (watch answers undefined)', () => {
    expect(open().watch(() => undefined)).toBeUndefined();
  });

  it('keeps the parse cache for the next one-shot process when it closes', async () => {
    const live = open({ liveIndex: true });
    await live.init();
    await live.createTasks(() => Array.from({ length: 60 }, (_, i) => task(i + 1)));
    for (let i = 1; i <= 60; i++) await live.updateTask(`task-${String(i).padStart(3, '0')}-t`, (t) => ({ ...t, title: `Changed before close ${i}` }));
    await live.listTasks();
    const snapshot = path.join(dir, 'ai-state/.cache/tasks.json');
    expect(readFileSync(snapshot, 'utf8').includes('Changed before close 60')).toBe(false); // not on the hot path
    live.close();
    expect(readFileSync(snapshot, 'utf8').includes('Changed before close 60')).toBe(true);
    const next = open();
    expect((await next.listTasks()).tasks.map((t) => t.title)).toContain('Changed before close 60');
  });
});

/** A watcher that never reports anything: notifications lost (a full queue, a network file system). */
function deafWatcher(): FSWatcher {
  const watcher = new EventEmitter() as unknown as FSWatcher;
  (watcher as unknown as { close(): void }).close = () => undefined;
  return watcher;
}

describe('LiveTaskIndex', () => {
  const tasksDir = () => path.join(dir, 'ai-state/active/backend/tasks');

  async function indexWith(watch: (dir: string, listener: (event: string, name: string | null) => void) => FSWatcher) {
    const store = open();
    await store.init();
    await store.createTasks(() => [task(1), task(2)]);
    const versions = new Map<string, string>();
    const index = new LiveTaskIndex({
      dir: tasksDir(),
      names: () => readdirSync(tasksDir()).filter((name) => name.endsWith('.json') && !name.startsWith('.')),
      read: (file) => {
        try {
          const text = readFileSync(file, 'utf8');
          versions.set(file, text);
          return { task: JSON.parse(text) as Task };
        } catch {
          versions.delete(file);
          return undefined;
        }
      },
      heldVersion: (file) => versions.get(file),
      versionOf: () => 'never the same',
      sweepMs: 0,
      watch,
    });
    return { index, store, versions };
  }

  it('finds changes it was never told about on its next sweep: rewritten, new and removed files', async () => {
    const { index, store } = await indexWith(deafWatcher);
    expect(index.start()).toBe(true);
    const ids = () => index.results().map((r) => (r && 'task' in r ? `${r.task.id} ${r.task.title}` : String(r)));
    expect(ids().sort()).toEqual(['task-001-t Task 1', 'task-002-t Task 2']);
    await store.updateTask('task-001-t', (t) => ({ ...t, title: 'Rewritten' }));
    await store.createTasks(() => [task(3)]);
    rmSync(taskFile(2));
    expect(ids().sort()).toEqual(['task-001-t Task 1', 'task-002-t Task 2']); // not heard
    const changes: number[] = [];
    index.subscribe(() => changes.push(1));
    await index.sweep();
    expect(changes).toHaveLength(1);
    expect(ids().sort()).toEqual(['task-001-t Rewritten', 'task-003-t Task 3']);
    index.close();
  });

  it('catches up with many changes a chunk per turn of the event loop, so other work runs in between', async () => {
    let emit: ((event: string, name: string | null) => void) | undefined;
    const { index, store, versions } = await indexWith((_dir, listener) => {
      emit = listener;
      return deafWatcher();
    });
    index.start();
    expect(index.results()).toHaveLength(2);
    const many = Array.from({ length: 700 }, (_, i) => task(i + 3));
    await store.createTasks(() => many);
    for (const made of many) emit?.('rename', `${made.id}.json`);
    const reads = () => versions.size;
    // Count the turns the event loop takes while the index catches up, and what it had read by each.
    const seen: number[] = [];
    let turning = true;
    const turn = () => {
      seen.push(reads());
      if (turning) setImmediate(turn);
    };
    setImmediate(turn);
    await index.caughtUp();
    turning = false;
    expect(index.results()).toHaveLength(702);
    // Other work ran between the chunks: turns saw part of the files read, not all or nothing.
    expect(seen.some((n) => n > 2 && n < 702)).toBe(true);
    // A notification without a name (read everything again) is caught up with the same way.
    versions.clear();
    emit?.('rename', null);
    seen.length = 0;
    turning = true;
    setImmediate(turn);
    await index.caughtUp();
    turning = false;
    expect(seen.some((n) => n > 0 && n < 702)).toBe(true);
    expect(index.results()).toHaveLength(702);
    index.close();
  });

  it('reads the whole directory again after a watcher error or a notification without a file name', async () => {
    let emit: ((event: string, name: string | null) => void) | undefined;
    const watcher = deafWatcher();
    const { index, store } = await indexWith((_dir, listener) => {
      emit = listener;
      return watcher;
    });
    index.start();
    expect(index.results()).toHaveLength(2);
    await store.createTasks(() => [task(3)]);
    emit?.('rename', null);
    expect(index.results()).toHaveLength(3);
    await store.createTasks(() => [task(4)]);
    emit?.('rename', '.task-004-t.json.123.abc.tmp'); // a temp file: ignored
    expect(index.results()).toHaveLength(3);
    watcher.emit('error', new Error('watch failed'));
    expect(index.live).toBe(false);
    expect(index.results()).toHaveLength(4);
    index.close();
  });
});
