/**
 * `bo migrate-store`: a project's whole state from the file store into PostgreSQL and back,
 * verified by counts and checksums; a target that is not empty is refused; a copy that differs is
 * reported part by part (the summaries are compared, so this is tested on the values too).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/schema.js';
import { openFileStores, openStore } from '../../../src/store/open.js';
import { differences, summarise, type StateDump } from '../../../src/store/postgres/state-dump.js';
import { TaskEngine } from '../../../src/tasks/engine.js';
import { bo } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tasks.js';
import { cloudEvent } from '../shared/event-cases.js';
import { dropSchema, PG_SKIP, scratchSchema } from '../shared/pg-harness.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** `bo migrate-store …` in-process. */
const migrateStore = (cwd: string, args: string[]) => bo(cwd, ['migrate-store', ...args]);

/** A project on the file store with some of everything: tasks (one archived), registry, reports, events, deliveries. */
async function fileProject(): Promise<string> {
  const t = tempDir('bo-migrate-');
  cleanups.push(t.cleanup);
  const opened = openFileStores({ projectRoot: t.dir, config: { stateDir: 'ai-state', store: 'file' } });
  await opened.store.init();
  const engine = new TaskEngine({ store: opened.store, config: defaultConfig(), now: () => new Date('2026-03-01T10:00:00.000Z') });
  const [a, , c] = await engine.add([{ key: 'a', title: 'Orders endpoint', targets: ['GET /api/orders'] }, { title: 'Index orders', depends: ['a'] }, { title: 'Users endpoint' }], 'tester');
  await engine.claim(a!.id, 'agent-1');
  await engine.progress(a!.id, 'halfway', 50, 'agent-1');
  await engine.cancel(c!.id, 'tester', 'not needed');
  await opened.store.writeRegistry('models', [{ name: 'Order', kind: 'prisma', fields: [], indexes: [] }]);
  await opened.store.saveReport('project', 'r1', { verdict: 'fail' });
  await opened.store.saveReport('project', 'r2', { verdict: 'pass' });
  await opened.store.saveReport(a!.id, 'r3', { verdict: 'pass', task: a!.id });
  await opened.events.append([cloudEvent('e1'), cloudEvent('e2', 'backend.api.ready')]);
  await opened.deliveries.update('hook', (state) => ({ ...state, cursor: 2, delivered: 1, deadLetters: [{ seq: 1, eventId: 'e1', type: 'backend.task.created', attempts: 8, lastError: 'HTTP 500', deadAt: '2026-03-01T11:00:00.000Z' }] }));
  return t.dir;
}

describe('state summaries', () => {
  const dump = (): StateDump => ({ tasks: [], registry: [{ kind: 'models', text: '{"models":[]}' }], reports: [], events: [{ seq: 1, event: cloudEvent('e1') }], deliveries: [] });

  it('agree for the same state, whatever the formatting of a registry text or the order of items', () => {
    const other = { ...dump(), registry: [{ kind: 'models' as const, text: '{\n  "models": []\n}\n' }] };
    expect(differences(summarise(dump()), summarise(other))).toEqual([]);
  });

  it('name the part that differs, by count or by content', () => {
    const fewer = { ...dump(), events: [] };
    expect(differences(summarise(dump()), summarise(fewer))).toEqual(['events: 1 in the original, 0 in the copy']);
    const changed = { ...dump(), events: [{ seq: 1, event: cloudEvent('e1', 'backend.task.done') }] };
    expect(differences(summarise(dump()), summarise(changed))[0]).toMatch(/^events: same count \(1\) but different content/);
  });
});

describe.skipIf(PG_SKIP !== undefined)(`bo migrate-store${PG_SKIP ? ` (skipped: ${PG_SKIP})` : ''}`, () => {
  it('moves the whole state from the file store into PostgreSQL and back, verified part by part', async () => {
    const dir = await fileProject();
    const { schema, url } = scratchSchema();
    cleanups.push(() => dropSchema(schema));
    const dry = await migrateStore(dir, ['--from', 'file', '--to', url, '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    expect(dry.json().sections.map((s: { section: string; count: number }) => [s.section, s.count])).toEqual([['tasks', 3], ['registry', 3], ['reports', 3], ['events', 2], ['deliveries', 1]]);

    const moved = await migrateStore(dir, ['--from', 'file', '--to', url]);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain('✓ verified');
    const there = await openStore({ projectRoot: dir, config: { stateDir: 'ai-state', store: url }, env: {} });
    cleanups.push(() => there.close());
    const all = await there.store.listTasks('all');
    expect(all.tasks.map((t) => [t.id, t.status])).toEqual([['task-001-orders-endpoint', 'in_progress'], ['task-002-index-orders', 'pending'], ['task-003-users-endpoint', 'cancelled']]);
    expect((await there.store.listTasks()).tasks).toHaveLength(2);
    expect(await there.store.readReport('project', 'latest')).toEqual({ verdict: 'pass' });
    expect((await there.events.read()).map((e) => e.seq)).toEqual([1, 2]);
    expect((await there.deliveries.read('hook')).deadLetters).toHaveLength(1);
    // The store keeps working after the move: the next task number follows, events continue the sequence.
    const [next] = await new TaskEngine({ store: there.store, config: defaultConfig() }).add([{ title: 'After the move' }], 'tester');
    expect(next?.id).toMatch(/^task-004-/);
    expect((await there.events.append([cloudEvent('e9')])).appended[0]?.seq).toBe(3);

    const back = tempDir('bo-migrate-back-');
    cleanups.push(back.cleanup);
    const returned = await migrateStore(back.dir, ['--from', url, '--to', 'file', '--json']);
    expect(returned.code).toBe(0);
    expect(returned.json()).toMatchObject({ verified: true, differences: [] });
    expect(existsSync(path.join(back.dir, 'ai-state/archive/backend/tasks/task-003-users-endpoint.json'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(back.dir, 'ai-state/active/backend/reports/project/latest.json'), 'utf8'))).toEqual({ verdict: 'pass' });
    expect(readFileSync(path.join(back.dir, 'ai-state/events/backend.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('refuses a target that already holds state (exit 3), and a move between two file stores (exit 2)', async () => {
    const dir = await fileProject();
    const { schema, url } = scratchSchema();
    cleanups.push(() => dropSchema(schema));
    expect((await migrateStore(dir, ['--from', 'file', '--to', url])).code).toBe(0);
    const again = await migrateStore(dir, ['--from', 'file', '--to', url]);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/already holds 3 tasks, 2 events, 3 reports, 3 registry snapshot\(s\), 1 deliveries: migrate-store only fills an empty store/);
    const intoFull = await migrateStore(dir, ['--from', url, '--to', 'file']);
    expect(intoFull.code).toBe(3);
    expect(intoFull.stderr).toContain('already holds');
    expect((await migrateStore(dir, ['--from', 'file', '--to', 'file'])).code).toBe(2);
    writeFileSync(path.join(dir, 'ai-state/active/backend/tasks/task-009-bad.json'), '{ oops');
    const damaged = await migrateStore(dir, ['--from', 'file', '--to', scratchSchema().url, '--dry-run']);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toMatch(/task-009-bad\.json.*repair them or move them away first/);
  });
});
