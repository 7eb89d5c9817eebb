/**
 * Team mode when things break: a worker killed with SIGKILL while holding a claim (the task comes
 * back after its lease, to another agent), an instance killed in the middle of a webhook delivery
 * (another instance resends it, with the same webhook-id, and carries on), and the server dropping
 * every connection of the instances again and again (pg_terminate_backend): the work is finished
 * with nothing lost and nothing done twice.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/schema.js';
import { createEvent } from '../../../src/events/envelope.js';
import { publisher } from '../../../src/events/publish.js';
import { openStore, type OpenedStore } from '../../../src/store/open.js';
import { TaskEngine } from '../../../src/tasks/engine.js';
import { startReceiver } from '../../events/webhooks/receiver.js';
import { tempDir } from '../../helpers/tasks.js';
import { bundledWorker } from '../../workers/bundle.js';
import { startProcess, type Started } from '../../workers/processes.js';
import { adminClient, dropSchema, PG_SKIP, scratchSchema } from '../shared/pg-harness.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A scratch store, a project directory on it, and a way to start processes that are stopped afterwards. */
async function team() {
  const { schema, url } = scratchSchema();
  const temp = tempDir('bo-faults-');
  cleanups.push(() => temp.cleanup());
  cleanups.push(() => dropSchema(schema));
  const opened = await openStore({ projectRoot: temp.dir, config: { stateDir: 'ai-state', store: url }, env: {} });
  cleanups.push(() => opened.close());
  const started: Started[] = [];
  cleanups.push(() => {
    for (const s of started) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  });
  const start = async (name: 'team-worker' | 'team-instance', options: Record<string, unknown>) => {
    const s = startProcess(await bundledWorker(name), { root: temp.dir, store: url, ...options });
    started.push(s);
    return s;
  };
  return { schema, url, dir: temp.dir, opened, start };
}

const engineOn = (opened: OpenedStore) => new TaskEngine({ store: opened.store, config: defaultConfig(), publish: publisher(opened.events, 'urn:backend-orchestrator:faults') });

describe.skipIf(PG_SKIP !== undefined)(`team mode under faults${PG_SKIP ? ` (skipped: ${PG_SKIP})` : ''}`, () => {
  it('a worker killed with SIGKILL while holding a claim: the task is reclaimed by another agent once its lease lapses', async () => {
    const t = await team();
    const engine = engineOn(t.opened);
    await engine.add([{ title: 'Only task' }], 'setup');
    const goFile = path.join(t.dir, 'go');
    writeFileSync(goFile, '');
    const worker = await t.start('team-worker', { agent: 'doomed', goFile, leaseMs: 2_000, hang: true });
    const id = (await worker.line(/^claimed /)).split(' ')[1] as string;
    worker.child.kill('SIGKILL');
    await worker.done.catch(() => undefined);
    await expect(engine.claim(id, 'rescuer')).rejects.toMatchObject({ code: 'BO_ERR_TASK_CLAIMED' });
    expect(await engine.claimNext({ agent: 'rescuer' })).toEqual([]);
    await expect
      .poll(async () => (await engine.claimNext({ agent: 'rescuer' }))[0]?.id, { timeout: 8_000, interval: 200 })
      .toBe(id);
    const task = await engine.show(id);
    expect(task.claim?.agent).toBe('rescuer');
    expect(task.history.map((h) => h.note)).toEqual(['created', 'claimed', 'lease of doomed expired', 'claimed']);
  }, 60_000);

  it('an instance killed in the middle of a delivery: another instance resends it with the same webhook-id and delivers the rest', async () => {
    const t = await team();
    let victim: number | undefined;
    const receiver = await startReceiver({
      secret: SECRET,
      now: () => Date.now(),
      answer: (request) => (request.event.subject === 'e3' && victim === undefined ? 'hang' : 204),
    });
    cleanups.push(() => receiver.close());
    const subscriptions = [{ id: 'hook', url: receiver.url, secret: SECRET }];
    const instances = [await t.start('team-instance', { subscriptions, leaseMs: 3_000 }), await t.start('team-instance', { subscriptions, leaseMs: 3_000 })];
    await Promise.all(instances.map((i) => i.line(/^ready$/)));
    const events = ['e1', 'e2', 'e3', 'e4', 'e5'].map((subject) => createEvent({ type: 'backend.task.done', source: 'urn:backend-orchestrator:faults', subject, data: { task: subject } }));
    await t.opened.events.append(events);
    // The instance sending e3 holds the subscription's lease: that is the one to kill.
    await expect.poll(() => receiver.received.some((r) => r.event.subject === 'e3'), { timeout: 15_000 }).toBe(true);
    const admin = await adminClient(t.schema);
    victim = (await admin.query<{ lease_pid: number }>('SELECT lease_pid FROM bo_deliveries WHERE subscription = $1', ['hook'])).rows[0]?.lease_pid;
    await admin.end();
    const killed = instances.find((i) => i.child.pid === victim);
    expect(killed).toBeDefined();
    killed!.child.kill('SIGKILL');
    await expect.poll(() => receiver.received.length, { timeout: 20_000, interval: 200 }).toBe(6);
    expect(receiver.received.map((r) => r.event.subject)).toEqual(['e1', 'e2', 'e3', 'e3', 'e4', 'e5']);
    expect(receiver.received[2]?.id).toBe(events[2]?.id);
    expect(receiver.received[3]?.id).toBe(events[2]?.id);
    // The sender records a delivery after the receiver has answered it: wait for the last record.
    await expect
      .poll(() => t.opened.deliveries.read('hook'), { timeout: 10_000, interval: 100 })
      .toMatchObject({ cursor: 5, delivered: 5, pending: [] });
    receiver.releaseHanging(204);
  }, 60_000);

  it('connections dropped again and again (pg_terminate_backend): every task done once, every event stored once and delivered', async () => {
    const t = await team();
    const TASKS = 150;
    const engine = engineOn(t.opened);
    await engine.add(Array.from({ length: TASKS }, (_, i) => ({ key: `k${i}`, title: `Fault task ${i}`, ...(i % 3 === 2 ? { depends: [`k${i - 1}`] } : {}) })), 'setup');
    const receiver = await startReceiver({ secret: SECRET, now: () => Date.now() });
    cleanups.push(() => receiver.close());
    const application = `bo-fault-${randomBytes(4).toString('hex')}`;
    const goFile = path.join(t.dir, 'go');
    const instance = await t.start('team-instance', { subscriptions: [{ id: 'hook', url: receiver.url, secret: SECRET }], applicationName: application });
    await instance.line(/^ready$/);
    const workers = await Promise.all(Array.from({ length: 4 }, (_, i) => t.start('team-worker', { agent: `agent-${i}`, goFile, applicationName: application, poolMax: 2 })));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    writeFileSync(goFile, '');

    // Drop every connection of the workers and the instance, every 150 ms, while they work.
    const admin = await adminClient();
    let drops = 0;
    let dropping = true;
    const killer = (async () => {
      while (dropping) {
        const { rows } = await admin.query('SELECT pg_terminate_backend(pid) AS dropped FROM pg_stat_activity WHERE application_name = $1', [application]);
        drops += rows.length;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();
    const results = await Promise.all(workers.map((w) => w.done));
    dropping = false;
    await killer;
    await admin.end();
    expect(drops).toBeGreaterThan(10);

    const done = results.flatMap((out) => (JSON.parse(out) as { done: string[] }).done);
    expect(done).toHaveLength(TASKS);
    expect(new Set(done).size).toBe(TASKS);
    const { tasks } = await t.opened.store.listTasks('all');
    for (const task of tasks) {
      expect(task.status).toBe('done');
      expect(task.history.filter((h) => h.to === 'in_progress')).toHaveLength(1);
      expect(task.history.filter((h) => h.to === 'done')).toHaveLength(1);
    }
    // created + claimed + done per task: no publish lost, none repeated.
    const outbox = await t.opened.events.read();
    expect(outbox).toHaveLength(TASKS * 3);
    expect(outbox.map((e) => e.seq)).toEqual(outbox.map((_, i) => i + 1));
    // Every event reaches the subscriber; one interrupted mid-send may come twice, always under its own webhook-id.
    await expect.poll(() => new Set(receiver.received.map((r) => r.id)).size, { timeout: 60_000, interval: 500 }).toBe(outbox.length).catch((error) => {
      throw new Error(`${error}\ninstance: ${instance.output()} ${instance.errors()}`);
    });
    expect([...new Set(receiver.received.map((r) => r.id))].sort()).toEqual(outbox.map((e) => e.event.id).sort());
    instance.child.kill('SIGTERM');
    await instance.done;
  }, 180_000);
});
