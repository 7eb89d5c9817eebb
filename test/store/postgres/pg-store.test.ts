/**
 * What only the PostgreSQL store has: its schema migrations (applied once when many instances
 * start at once, a newer schema refused), NOTIFY (another instance's write reaches `watch`, and
 * `follow` carries on after its listening connection was dropped), and the task history table.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../../src/config/schema.js';
import type { StoredEvent } from '../../../src/events/types.js';
import { openStore, type OpenedStore } from '../../../src/store/open.js';
import { PgConnection } from '../../../src/store/postgres/connection.js';
import { LATEST_VERSION, MIGRATIONS } from '../../../src/store/postgres/migrations.js';
import { parseStoreLocation } from '../../../src/store/postgres/url.js';
import { TaskEngine } from '../../../src/tasks/engine.js';
import { tempDir } from '../../helpers/tasks.js';
import { cloudEvent } from '../shared/event-cases.js';
import { adminClient, dropSchema, PG_SKIP, scratchSchema, untilListening } from '../shared/pg-harness.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function instance(url: string, applicationName?: string): Promise<OpenedStore> {
  const t = tempDir('bo-pg-store-');
  cleanups.push(t.cleanup);
  const opened = await openStore({ projectRoot: t.dir, config: { stateDir: 'ai-state', store: url }, env: {}, postgres: { retryMs: 10_000, events: { pollMs: 60_000 }, ...(applicationName ? { applicationName } : {}) } });
  cleanups.push(() => opened.close());
  return opened;
}

function scratch() {
  const s = scratchSchema();
  cleanups.push(() => dropSchema(s.schema));
  return s;
}

describe.skipIf(PG_SKIP !== undefined)(`the PostgreSQL store${PG_SKIP ? ` (skipped: ${PG_SKIP})` : ''}`, () => {
  it('applies its migrations once when eight instances start at the same moment', async () => {
    const { schema, url } = scratch();
    const location = parseStoreLocation(url);
    if (location.kind !== 'postgres') throw new Error('expected a postgres location');
    const connections = Array.from({ length: 8 }, () => new PgConnection({ location, max: 1 }));
    cleanups.push(() => Promise.all(connections.map((c) => c.close())));
    await Promise.all(connections.map((c) => c.ready()));
    const admin = await adminClient(schema);
    try {
      const { rows } = await admin.query<{ version: number }>('SELECT version FROM bo_store_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(LATEST_VERSION).toBe(2);
    } finally {
      await admin.end();
    }
  });

  it('refuses a store migrated by a newer bo, saying to upgrade', async () => {
    const { schema, url } = scratch();
    await (await instance(url)).store.init();
    const admin = await adminClient(schema);
    await admin.query(`INSERT INTO bo_store_migrations (version, name) VALUES (99, 'from the future')`);
    await admin.end();
    const late = await instance(url);
    await expect(late.store.init()).rejects.toMatchObject({ code: 'BO_ERR_CONFIG_INVALID', message: expect.stringMatching(/store schema version 99, and this bo knows versions up to 2: upgrade backend-orchestrator/) });
  });

  it('tells watchers about another instance\'s writes', async () => {
    const { url } = scratch();
    const here = await instance(url);
    const there = await instance(url);
    let changes = 0;
    const stop = here.store.watch?.(() => changes++);
    cleanups.push(() => stop?.());
    await untilListening(here);
    await new TaskEngine({ store: there.store, config: defaultConfig() }).add([{ title: 'Elsewhere' }], 'tester');
    await expect.poll(() => changes, { timeout: 5_000 }).toBeGreaterThan(0);
    const before = changes;
    stop?.();
    await there.store.updateTask('task-001-elsewhere', (t) => ({ ...t, title: 'Again' }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(changes).toBe(before);
  });

  it('lists by reading again only the tasks NOTIFY named since a full listing, and in full after tasks were created', async () => {
    const { url } = scratch();
    const reader = await instance(url);
    const writer = await instance(url);
    const engine = new TaskEngine({ store: writer.store, config: defaultConfig() });
    await engine.add([{ title: 'One' }, { title: 'Two' }, { title: 'Three' }], 'tester');
    reader.store.readyVersion?.();
    await untilListening(reader);
    const full = await reader.store.listTasks();
    expect(full.tasks.map((t) => t.title)).toEqual(['One', 'Two', 'Three']);
    const statements = vi.spyOn(PgConnection.prototype, 'query');
    cleanups.push(() => statements.mockRestore());
    const listings = () => statements.mock.calls.filter(([sql]) => /jsonb_each_text/.test(sql)).length;

    await writer.store.updateTask('task-001-one', (t) => ({ ...t, title: 'One, renamed' }));
    await writer.store.updateTask('task-002-two', (t) => ({ ...t, status: 'done' }));
    const changed = await reader.store.listTasks();
    expect(changed.tasks.map((t) => t.title)).toEqual(['One, renamed', 'Three']);
    expect(changed.tasks[1]).toBe(full.tasks[2]); // unchanged: not read again
    expect(listings()).toBe(0);
    expect(statements.mock.calls.some(([sql, params]) => /id = ANY/.test(sql) && JSON.stringify(params) === JSON.stringify([['task-001-one', 'task-002-two']]))).toBe(true);

    await engine.add([{ title: 'Four' }], 'tester');
    await expect.poll(async () => (await reader.store.listTasks()).tasks.map((t) => t.title), { timeout: 5_000 }).toEqual(['One, renamed', 'Three', 'Four']);
    expect(listings()).toBeGreaterThan(0);
  });

  it('keeps following the outbox when its listening connection is dropped, and records every status change in bo_task_history', async () => {
    const { schema, url } = scratch();
    const application = `bo-listen-${randomBytes(4).toString('hex')}`;
    const follower = await instance(url, application);
    const writer = await instance(url);
    await follower.store.init();
    const seen: StoredEvent[] = [];
    const stop = new AbortController();
    const following = follower.events.follow(0, (batch) => {
      seen.push(...batch);
    }, stop.signal);
    await untilListening(follower);
    await writer.events.append([cloudEvent('e1')]);
    await expect.poll(() => seen.length, { timeout: 5_000 }).toBe(1);
    const admin = await adminClient(schema);
    const { rows } = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [application]);
    expect(rows.length).toBeGreaterThan(0);
    await writer.events.append([cloudEvent('e2')]);
    // The poll is a minute here: only the reconnected listener (or its reconnection) can bring e2 this fast.
    await expect.poll(() => seen.map((e) => e.event.id), { timeout: 10_000 }).toEqual(['e1', 'e2']);
    stop.abort();
    await following;

    const engine = new TaskEngine({ store: writer.store, config: defaultConfig() });
    const [task] = await engine.add([{ title: 'Tracked' }], 'tester');
    await engine.claim(task!.id, 'agent-1');
    await engine.complete(task!.id, 'agent-1');
    const history = await admin.query<{ from_status: string | null; to_status: string; actor: string }>('SELECT from_status, to_status, actor FROM bo_task_history WHERE task_id = $1 ORDER BY seq', [task!.id]);
    await admin.end();
    expect(history.rows).toEqual([
      { from_status: null, to_status: 'ready', actor: 'tester' },
      { from_status: 'ready', to_status: 'in_progress', actor: 'agent-1' },
      { from_status: 'in_progress', to_status: 'done', actor: 'agent-1' },
    ]);
  });
});
