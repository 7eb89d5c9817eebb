/**
 * The Store contract, run against every implementation (file, PostgreSQL): tasks (creation with
 * its lock and numbering, read-modify-write, the archive, noWait), peek and readyVersion, the
 * registry and reports. The same expectations for each; only the harness differs.
 */
import { describe, expect, it } from 'vitest';
import { stableStringify } from '../../../src/core/json.js';
import { registryStamp } from '../../../src/scan/scan.js';
import type { Store } from '../../../src/store/types.js';
import type { Task } from '../../../src/tasks/schema.js';
import { makeTask } from '../../helpers/tasks.js';
import { caseKit, type StoreHarness } from './harness.js';

const numbered = (n: number, slug: string) => `task-${String(n).padStart(3, '0')}-${slug}`;

async function createOne(store: Store, slug: string, overrides: Partial<Task> = {}): Promise<Task> {
  const [task] = await store.createTasks(({ nextNumber }) => [makeTask({ id: numbered(nextNumber, slug), ...overrides })]);
  return task as Task;
}

export function storeCases(harness: StoreHarness): void {
  const { title, fresh } = caseKit(harness);

  describe.skipIf(harness.skip !== undefined)(title('tasks'), () => {
    it('starts empty, and init can run again', async () => {
      const { opened } = await fresh();
      await opened.store.init();
      expect(await opened.store.listTasks()).toEqual({ tasks: [], problems: [] });
      expect(await opened.store.getTask('task-001-none')).toBeUndefined();
    });

    it('numbers new tasks after the highest active or archived one, and keeps what the build returned', async () => {
      const { opened } = await fresh();
      const first = await createOne(opened.store, 'a', { title: 'First' });
      expect(first.id).toBe('task-001-a');
      await opened.store.updateTask(first.id, (t) => ({ ...t, status: 'cancelled' }));
      const second = await createOne(opened.store, 'b');
      expect(second.id).toBe('task-002-b');
      expect((await opened.store.getTask('task-001-a'))?.title).toBe('First');
    });

    it('hands the build the active tasks and a lookup that finds archived ones', async () => {
      const { opened } = await fresh();
      await createOne(opened.store, 'a');
      await createOne(opened.store, 'b');
      await opened.store.updateTask('task-002-b', (t) => ({ ...t, status: 'done' }));
      let seen: { active: string[]; found: string | undefined; missing: unknown } | undefined;
      await opened.store.createTasks(async ({ active, lookup }) => {
        seen = { active: active.map((t) => t.id), found: (await lookup('task-002-b'))?.status, missing: await lookup('task-009-x') };
        return [];
      });
      expect(seen).toEqual({ active: ['task-001-a'], found: 'done', missing: undefined });
    });

    it('gives unique numbers to tasks created by two instances at the same time', async () => {
      const s = await fresh();
      const other = await s.another();
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => createOne(i % 2 ? other.store : s.opened.store, `t${i}`)),
      );
      const { tasks } = await s.opened.store.listTasks();
      expect(tasks.map((t) => Number(t.id.slice(5, 8))).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it('writes nothing when the build throws', async () => {
      const { opened } = await fresh();
      await expect(opened.store.createTasks(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
      expect((await opened.store.listTasks()).tasks).toEqual([]);
    });

    it('reads, modifies and writes a task; a mutation that returns undefined changes nothing', async () => {
      const { opened } = await fresh();
      await createOne(opened.store, 'a');
      const changed = await opened.store.updateTask('task-001-a', (t) => ({ ...t, title: 'Renamed', attempts: t.attempts + 1 }));
      expect(changed).toMatchObject({ changed: true, task: { title: 'Renamed', attempts: 1 } });
      const same = await opened.store.updateTask('task-001-a', () => undefined);
      expect(same).toMatchObject({ changed: false, task: { title: 'Renamed' } });
      expect((await opened.store.getTask('task-001-a'))?.attempts).toBe(1);
    });

    it('loses no update when two instances change one task at once', async () => {
      const s = await fresh();
      const other = await s.another();
      await createOne(s.opened.store, 'a');
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          (i % 2 ? other : s.opened).store.updateTask('task-001-a', (t) => ({ ...t, progress: [...t.progress, { at: 'x', message: `step ${i}` }] })),
        ),
      );
      const task = await (await s.another()).store.getTask('task-001-a');
      expect(task?.progress.map((p) => p.message).sort()).toEqual(Array.from({ length: 30 }, (_, i) => `step ${i}`).sort());
    });

    it('sees a change another instance made to a task it read before', async () => {
      const s = await fresh();
      const other = await s.another();
      await createOne(s.opened.store, 'a');
      await s.opened.store.listTasks();
      await other.store.updateTask('task-001-a', (t) => ({ ...t, title: 'Changed elsewhere' }));
      // A mutation decided on a stale copy is decided again on the stored task.
      const seen: string[] = [];
      await s.opened.store.updateTask('task-001-a', (t) => {
        seen.push(t.title);
        return t.title === 'Changed elsewhere' ? { ...t, priority: 'high' } : undefined;
      });
      expect(seen.at(-1)).toBe('Changed elsewhere');
      expect((await other.store.getTask('task-001-a'))?.priority).toBe('high');
      expect((await s.opened.store.listTasks()).tasks.map((t) => t.title)).toEqual(['Changed elsewhere']);
    });

    it('archives done and cancelled tasks, and refuses to change them again', async () => {
      const { opened } = await fresh();
      await createOne(opened.store, 'a');
      await createOne(opened.store, 'b');
      await opened.store.updateTask('task-001-a', (t) => ({ ...t, status: 'done' }));
      expect((await opened.store.listTasks()).tasks.map((t) => t.id)).toEqual(['task-002-b']);
      expect((await opened.store.listTasks('archived')).tasks.map((t) => t.id)).toEqual(['task-001-a']);
      expect((await opened.store.listTasks('all')).tasks.map((t) => t.id)).toEqual(['task-001-a', 'task-002-b']);
      await expect(opened.store.updateTask('task-001-a', (t) => ({ ...t, status: 'ready' }))).rejects.toMatchObject({ code: 'BO_ERR_TASK_CONFLICT' });
      expect(await opened.store.updateTask('task-001-a', () => undefined)).toMatchObject({ changed: false, task: { status: 'done' } });
    });

    it('says not found for a missing task and refuses ids that are not task ids', async () => {
      const { opened } = await fresh();
      await expect(opened.store.updateTask('task-001-none', (t) => t)).rejects.toMatchObject({ code: 'BO_ERR_TASK_NOT_FOUND' });
      await expect(opened.store.getTask('../../etc/passwd')).rejects.toMatchObject({ code: 'BO_ERR_TASK_ID_INVALID' });
      await expect(opened.store.updateTask('task-1-x', (t) => t)).rejects.toMatchObject({ code: 'BO_ERR_TASK_ID_INVALID' });
    });

    it('with noWait, refuses a task a writer holds instead of waiting; without, waits for it', async () => {
      const s = await fresh();
      await createOne(s.opened.store, 'a');
      const held = await s.holdTask('task-001-a');
      await expect(s.opened.store.updateTask('task-001-a', (t) => ({ ...t, title: 'Now' }), { noWait: true })).rejects.toMatchObject({ code: 'BO_ERR_LOCK_BUSY' });
      const waiting = s.opened.store.updateTask('task-001-a', (t) => ({ ...t, title: 'Later' }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await held.release();
      expect((await waiting).task.title).toBe('Later');
    });

    it('reports a damaged task with where it is, and still lists the others', async () => {
      const s = await fresh();
      await createOne(s.opened.store, 'good');
      await createOne(s.opened.store, 'bad');
      await s.damageTask('task-002-bad');
      const reader = await s.another();
      const { tasks, problems } = await reader.store.listTasks();
      expect(tasks.map((t) => t.id)).toEqual(['task-001-good']);
      expect(problems).toHaveLength(1);
      expect(problems[0]?.file).toContain('task-002-bad');
      await expect(reader.store.getTask('task-002-bad')).rejects.toMatchObject({ code: 'BO_ERR_STATE_CORRUPT' });
    });
  });

  describe.skipIf(harness.skip !== undefined)(title('peek and readyVersion'), () => {
    it('peek: unchanged for a task as listed, changed once another instance rewrote it, unknown for a foreign object', async () => {
      const s = await fresh();
      const other = await s.another();
      await createOne(s.opened.store, 'a');
      await s.listening();
      const [listed] = (await s.opened.store.listTasks()).tasks;
      expect(s.opened.store.peek?.(listed as Task)).toBe('unchanged');
      await other.store.updateTask('task-001-a', (t) => ({ ...t, title: 'Other' }));
      await expect.poll(() => s.opened.store.peek?.(listed as Task), { timeout: 5000 }).toBe('changed');
      expect(s.opened.store.peek?.(makeTask({ id: 'task-001-a' }))).toBe('unknown');
    });

    it('readyVersion: moves when another instance creates a task or makes one ready or done, not for a claim', async () => {
      const s = await fresh();
      const other = await s.another();
      await s.listening();
      const v0 = s.opened.store.readyVersion?.();
      await createOne(other.store, 'a');
      await expect.poll(() => s.opened.store.readyVersion?.(), { timeout: 5000 }).not.toBe(v0);
      const v1 = s.opened.store.readyVersion?.();
      await other.store.updateTask('task-001-a', (t) => ({ ...t, status: 'in_progress' }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(s.opened.store.readyVersion?.()).toBe(v1);
      await other.store.updateTask('task-001-a', (t) => ({ ...t, status: 'done' }));
      await expect.poll(() => s.opened.store.readyVersion?.(), { timeout: 5000 }).not.toBe(v1);
    });
  });

  describe.skipIf(harness.skip !== undefined)(title('registry and reports'), () => {
    it('round-trips the registry, and equal registries give equal stamps', async () => {
      const s = await fresh();
      const empty = registryStamp(await s.opened.store.registryTexts());
      await s.opened.store.writeRegistry('models', [{ name: 'User', kind: 'prisma', fields: [], indexes: [] }]);
      const reader = await s.another();
      const { registry, problems } = await reader.store.readRegistry();
      expect(problems).toEqual([]);
      expect(registry.models.map((m) => m.name)).toEqual(['User']);
      expect(registry.endpoints).toEqual([]);
      const texts = await reader.store.registryTexts();
      expect(texts[1]).toBe(stableStringify({ models: registry.models }));
      expect(registryStamp(texts)).not.toBe(empty);
      await s.opened.store.writeRegistry('models', []);
      expect(registryStamp(await reader.store.registryTexts())).not.toBe(registryStamp(texts));
    });

    it('reports a damaged registry kind and still reads the others', async () => {
      const s = await fresh();
      await s.opened.store.writeRegistry('models', [{ name: 'User', kind: 'prisma', fields: [], indexes: [] }]);
      await s.damageRegistry('endpoints');
      const { registry, problems } = await s.opened.store.readRegistry();
      expect(problems).toHaveLength(1);
      expect(problems[0]?.file).toContain('endpoints');
      expect(registry.models).toHaveLength(1);
      expect(registry.endpoints).toEqual([]);
    });

    it('saves reports by scope and id, with the newest as latest; refuses a bad scope', async () => {
      const { opened } = await fresh();
      await opened.store.saveReport('project', 'r1', { n: 1 });
      const where = await opened.store.saveReport('project', 'r2', { n: 2 });
      expect(where).toContain('r2');
      expect(await opened.store.readReport('project', 'r1')).toEqual({ n: 1 });
      expect(await opened.store.readReport('project', 'latest')).toEqual({ n: 2 });
      await opened.store.saveReport('project', 'r1', { n: 3 });
      expect(await opened.store.readReport('project', 'latest')).toEqual({ n: 3 });
      expect(await opened.store.readReport('project', 'r9')).toBeUndefined();
      expect(await opened.store.readReport('project', '../x')).toBeUndefined();
      await expect(opened.store.saveReport('../up', 'r1', {})).rejects.toMatchObject({ code: 'BO_ERR_INPUT_INVALID' });
    });
  });
}
