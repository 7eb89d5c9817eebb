import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore, parseTaskText } from '../../src/store/file/file-store.js';
import { makeTask, tempDir } from '../helpers/tasks.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function freshStore() {
  const t = tempDir();
  cleanup = t.cleanup;
  const store = new FileStore({ projectRoot: t.dir });
  await store.init();
  return { store, dir: t.dir };
}

describe('FileStore layout', () => {
  it('creates the seed layout and empty registry files', async () => {
    const { dir } = await freshStore();
    for (const p of ['active/backend/tasks', 'active/backend/reports', 'archive/backend/tasks', 'events']) {
      expect(existsSync(path.join(dir, 'ai-state', p))).toBe(true);
    }
    expect(JSON.parse(readFileSync(path.join(dir, 'ai-state/active/backend/endpoints.json'), 'utf8'))).toEqual({ endpoints: [] });
  });

  it('init keeps an existing registry', async () => {
    const { store, dir } = await freshStore();
    await store.writeRegistry('models', [{ name: 'User', kind: 'prisma', fields: [], indexes: [] }]);
    await store.init();
    expect(readFileSync(path.join(dir, 'ai-state/active/backend/models.json'), 'utf8')).toContain('"User"');
  });
});

describe('FileStore tasks', () => {
  it('writes stable pretty JSON with sorted keys', async () => {
    const { store, dir } = await freshStore();
    await store.createTasks(() => [makeTask({ id: 'task-001-a' })]);
    const text = readFileSync(path.join(dir, 'ai-state/active/backend/tasks/task-001-a.json'), 'utf8');
    const keys = Object.keys(JSON.parse(text));
    expect(keys).toEqual([...keys].sort());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "id": "task-001-a",\n');
  });

  it('hands createTasks the next number across active and archived tasks', async () => {
    const { store } = await freshStore();
    await store.createTasks(({ nextNumber }) => [makeTask({ id: `task-${String(nextNumber).padStart(3, '0')}-a` })]);
    await store.updateTask('task-001-a', (t) => ({ ...t, status: 'cancelled' }));
    const [created] = await store.createTasks(({ nextNumber }) => [makeTask({ id: `task-${String(nextNumber).padStart(3, '0')}-b` })]);
    expect(created?.id).toBe('task-002-b');
  });

  it('moves finished tasks to the archive atomically and refuses changes to them', async () => {
    const { store, dir } = await freshStore();
    await store.createTasks(() => [makeTask({ id: 'task-001-a' })]);
    await store.updateTask('task-001-a', (t) => ({ ...t, status: 'done' }));
    expect(readdirSync(path.join(dir, 'ai-state/active/backend/tasks'))).toEqual([]);
    expect(existsSync(path.join(dir, 'ai-state/archive/backend/tasks/task-001-a.json'))).toBe(true);
    expect((await store.getTask('task-001-a'))?.status).toBe('done');
    await expect(store.updateTask('task-001-a', (t) => ({ ...t, status: 'ready' }))).rejects.toMatchObject({ code: 'BO_ERR_TASK_CONFLICT' });
    expect((await store.updateTask('task-001-a', () => undefined)).changed).toBe(false);
    expect((await store.listTasks('all')).tasks.map((t) => t.id)).toEqual(['task-001-a']);
    expect((await store.listTasks()).tasks).toEqual([]);
  });

  it('archives a finished task left in the active directory on its next update', async () => {
    const { store, dir } = await freshStore();
    const file = path.join(dir, 'ai-state/active/backend/tasks/task-001-a.json');
    writeFileSync(file, JSON.stringify(makeTask({ id: 'task-001-a', status: 'done' })));
    await store.updateTask('task-001-a', () => undefined);
    expect(existsSync(file)).toBe(false);
  });

  it('reports a corrupt task file with path and position, and still lists the rest', async () => {
    const { store, dir } = await freshStore();
    await store.createTasks(() => [makeTask({ id: 'task-001-good' })]);
    const bad = path.join(dir, 'ai-state/active/backend/tasks/task-002-bad.json');
    writeFileSync(bad, '{\n  "id": "task-002-bad",\n  "title": oops\n}\n');
    const { tasks, problems } = await store.listTasks();
    expect(tasks.map((t) => t.id)).toEqual(['task-001-good']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: bad, line: 3 });
    await expect(store.getTask('task-002-bad')).rejects.toMatchObject({ code: 'BO_ERR_STATE_CORRUPT', message: expect.stringContaining('task-002-bad.json:3:') });
  });

  it('reports schema problems and mismatched ids', () => {
    expect(parseTaskText('/x/task-001-a.json', JSON.stringify({ ...makeTask({ id: 'task-001-a' }), status: 'weird' }))).toMatchObject({
      problem: { message: expect.stringContaining('status: must be one of') },
    });
    expect(parseTaskText('/x/task-001-a.json', JSON.stringify(makeTask({ id: 'task-002-b' })))).toMatchObject({
      problem: { message: expect.stringContaining('does not match the file name') },
    });
    expect(parseTaskText('/x/task-001-a.json', '')).toMatchObject({ problem: { message: 'empty file' } });
  });

  it('rejects ids that could escape the state directory', async () => {
    const { store } = await freshStore();
    for (const id of ['../etc/passwd', 'task-001-../../x', 'task-1-a', 'TASK-001-A']) {
      await expect(store.getTask(id)).rejects.toMatchObject({ code: 'BO_ERR_TASK_ID_INVALID' });
      await expect(store.updateTask(id, () => undefined)).rejects.toMatchObject({ code: 'BO_ERR_TASK_ID_INVALID' });
    }
  });

  it('updateTask of a missing task is not found', async () => {
    const { store } = await freshStore();
    await expect(store.updateTask('task-009-none', () => undefined)).rejects.toMatchObject({ code: 'BO_ERR_TASK_NOT_FOUND' });
  });
});

describe('FileStore registry', () => {
  it('round-trips entries and reports a corrupt registry file without losing the others', async () => {
    const { store, dir } = await freshStore();
    await store.writeRegistry('endpoints', [
      { id: 'GET /api/users', method: 'GET', path: '/api/users', auth: 'required', authBy: ['authenticate'], params: { path: [], query: [], body: [] }, validation: 'zod', responses: ['200'], documented: true },
    ]);
    writeFileSync(path.join(dir, 'ai-state/active/backend/models.json'), '{"models": [}');
    const { registry, problems } = await store.readRegistry();
    expect(registry.endpoints.map((e) => e.id)).toEqual(['GET /api/users']);
    expect(registry.models).toEqual([]);
    expect(problems[0]?.file).toMatch(/models\.json$/);
    expect(problems[0]?.line).toBe(1);
  });

  it('fills defaults of sparse registry entries', async () => {
    const { store, dir } = await freshStore();
    writeFileSync(path.join(dir, 'ai-state/active/backend/endpoints.json'), JSON.stringify({ endpoints: [{ id: 'GET /x', method: 'GET', path: '/x' }] }));
    const { registry } = await store.readRegistry();
    expect(registry.endpoints[0]).toMatchObject({ auth: 'unknown', documented: false, validation: 'none' });
  });
});

describe('FileStore.peek', () => {
  it('tells unchanged, changed, busy and unknown apart', async () => {
    const { store, dir } = await freshStore();
    await store.createTasks(() => [makeTask({ id: 'task-001-a' })]);
    const [task] = (await store.listTasks()).tasks;
    expect(store.peek(task!)).toBe('unchanged');
    expect(store.peek(makeTask({ id: 'task-001-a' }))).toBe('unknown');
    writeFileSync(path.join(dir, 'ai-state/.locks/task-task-001-a.lock'), '{}');
    expect(store.peek(task!)).toBe('busy');
    await new Promise((r) => setTimeout(r, 5));
    writeFileSync(path.join(dir, 'ai-state/active/backend/tasks/task-001-a.json'), JSON.stringify(makeTask({ id: 'task-001-a', title: 'Edited' })));
    expect(store.peek(task!)).toBe('changed');
  });
});
