/**
 * Team mode under load: 32 worker processes across 4 orchestrator instances (project directories
 * pointed at one PostgreSQL store, each instance running a webhook dispatcher and following the
 * outbox) claim and complete 2,000 tasks with dependencies. Every task is done exactly once, no
 * task is claimed twice, no task starts before its dependencies are done, and every outbox event
 * reaches each of the two subscribers exactly once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/schema.js';
import { publisher } from '../../../src/events/publish.js';
import { openStore, type OpenedStore } from '../../../src/store/open.js';
import { TaskEngine } from '../../../src/tasks/engine.js';
import type { TaskInput } from '../../../src/tasks/schema.js';
import { startReceiver, type Receiver } from '../../events/webhooks/receiver.js';
import { tempDir } from '../../helpers/tasks.js';
import { bundledWorker } from '../../workers/bundle.js';
import { startProcess } from '../../workers/processes.js';
import { dropSchema, PG_SKIP, scratchSchema } from '../shared/pg-harness.js';

const TASKS = 2000;
const INSTANCES = 4;
const WORKERS_PER_INSTANCE = 8;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** A deterministic DAG: each task depends on up to two of the 40 before it. */
function inputs(): TaskInput[] {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: TASKS }, (_, i) => {
    const depends = new Set<string>();
    for (let d = 0; d < 2 && i > 0; d++) if (random() < 0.6) depends.add(`k${Math.max(0, i - 1 - Math.floor(random() * 40))}`);
    return { key: `k${i}`, title: `Team task ${i}`, targets: [`GET /api/items/${i}`], depends: [...depends] };
  });
}

describe.skipIf(PG_SKIP !== undefined)(`team mode: ${INSTANCES * WORKERS_PER_INSTANCE} workers on ${INSTANCES} instances, ${TASKS} tasks${PG_SKIP ? ` (skipped: ${PG_SKIP})` : ''}`, () => {
  let schema: string;
  let url: string;
  let temp: ReturnType<typeof tempDir>;
  const receivers: Receiver[] = [];
  let setup: OpenedStore;

  beforeAll(async () => {
    ({ schema, url } = scratchSchema());
    temp = tempDir('bo-team-');
    for (let i = 0; i < 2; i++) receivers.push(await startReceiver({ secret: SECRET, now: () => Date.now() }));
    setup = await openStore({ projectRoot: temp.dir, config: { stateDir: 'ai-state', store: url }, env: {} });
    const engine = new TaskEngine({ store: setup.store, config: defaultConfig(), publish: publisher(setup.events, 'urn:backend-orchestrator:team-test') });
    await engine.add(inputs(), 'setup');
  }, 60_000);

  afterAll(async () => {
    await setup?.close();
    for (const r of receivers) await r.close();
    if (schema) await dropSchema(schema);
    temp?.cleanup();
  });

  it('does every task exactly once, in dependency order, and delivers every event once per subscriber', async () => {
    const [workerBundle, instanceBundle] = await Promise.all([bundledWorker('team-worker'), bundledWorker('team-instance')]);
    const subscriptions = receivers.map((r, i) => ({ id: `subscriber-${i}`, url: r.url, secret: SECRET }));
    const goFile = path.join(temp.dir, 'go');
    const instances = Array.from({ length: INSTANCES }, (_, i) => {
      const root = path.join(temp.dir, `instance-${i}`);
      mkdirSync(root, { recursive: true });
      return { root, process: startProcess(instanceBundle, { root, store: url, subscriptions }) };
    });
    await Promise.all(instances.map((instance) => instance.process.line(/^ready$/)));
    const workers = instances.flatMap(({ root }, i) =>
      Array.from({ length: WORKERS_PER_INSTANCE }, (_, w) => startProcess(workerBundle, { root, store: url, agent: `agent-${i}-${w}`, goFile })),
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000)); // every process up and listening
    writeFileSync(goFile, '');
    const results = (await Promise.all(workers.map((w) => w.done))).map((out) => JSON.parse(out) as { agent: string; done: string[] });

    // Every task done once, by the worker that claimed it, none left.
    const done = results.flatMap((r) => r.done);
    expect(done).toHaveLength(TASKS);
    expect(new Set(done).size).toBe(TASKS);
    expect(results.filter((r) => r.done.length > 0).length).toBeGreaterThan(INSTANCES * WORKERS_PER_INSTANCE / 2);
    const { tasks } = await setup.store.listTasks('all');
    expect(tasks).toHaveLength(TASKS);
    const byId = new Map(tasks.map((task) => [task.id, task]));
    for (const task of tasks) {
      expect(task.status).toBe('done');
      // One claim, one completion: no task was claimed twice or redone.
      expect(task.history.filter((h) => h.to === 'in_progress')).toHaveLength(1);
      expect(task.history.filter((h) => h.to === 'done')).toHaveLength(1);
      const claimedAt = Date.parse(task.history.find((h) => h.to === 'in_progress')!.at);
      for (const dep of task.dependencies) {
        const depDone = Date.parse(byId.get(dep)!.history.find((h) => h.to === 'done')!.at);
        expect(claimedAt).toBeGreaterThanOrEqual(depDone);
      }
    }

    // The outbox: created, claimed and done for every task; each subscriber gets each event once.
    const outbox = await setup.events.read();
    expect(outbox).toHaveLength(TASKS * 3);
    const expected = outbox.map((e) => e.event.id).sort();
    for (const receiver of receivers) {
      await expect.poll(() => receiver.received.length, { timeout: 120_000, interval: 500 }).toBeGreaterThanOrEqual(outbox.length);
      expect(receiver.received.map((r) => r.id).sort()).toEqual(expected);
      expect(receiver.received.every((r) => r.verified.ok)).toBe(true);
    }
    for (const instance of instances) instance.process.child.kill('SIGTERM');
    const followed = (await Promise.all(instances.map((i) => i.process.done))).map((out) => JSON.parse(out.split('\n').at(-1) as string).followed as number);
    // Each instance's follow (what an SSE stream sends) saw the whole outbox.
    expect(followed).toEqual(Array(INSTANCES).fill(outbox.length));
  }, 420_000);
});

