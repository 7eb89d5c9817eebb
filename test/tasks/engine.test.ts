import { afterEach, describe, expect, it } from 'vitest';
import { Config } from '../../src/config/schema.js';
import { FileStore } from '../../src/store/file/file-store.js';
import { TaskEngine } from '../../src/tasks/engine.js';
import { TASK_ID_PATTERN } from '../../src/tasks/schema.js';
import { makeEngine } from '../helpers/tasks.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function setup(config = Config.parse({})) {
  const env = await makeEngine(config);
  cleanup = env.cleanup;
  return env;
}

describe('TaskEngine.add', () => {
  it('creates a routed, ready task with criteria from the skill and requirements', async () => {
    const { engine } = await setup();
    const [task] = await engine.add([{ title: 'Add pagination to GET /api/products', type: 'api', requirements: ['pagination'] }], 'lead');
    expect(task?.id).toMatch(TASK_ID_PATTERN);
    expect(task?.id).toBe('task-001-add-pagination-get-api-products');
    expect(task).toMatchObject({ skill: 'api-development-skill', type: 'api', status: 'ready', priority: 'medium' });
    expect(task?.criteria.gates).toEqual(['api', 'security', 'contract', 'api/pagination']);
    expect(task?.criteria.thresholds).toMatchObject({ api_p95_ms: 200, coverage_pct: 80 });
    expect(task?.history).toEqual([{ at: '2026-03-01T10:00:00.000Z', from: null, to: 'ready', by: 'lead', note: 'created' }]);
  });

  it('numbers tasks in sequence and makes dependents pending', async () => {
    const { engine } = await setup();
    const [a] = await engine.add([{ title: 'Create orders table migration' }], 'lead');
    const [b] = await engine.add([{ title: 'Add GET /api/orders', depends: [a!.id] }], 'lead');
    expect(a?.id.startsWith('task-001-')).toBe(true);
    expect(b?.id.startsWith('task-002-')).toBe(true);
    expect(b).toMatchObject({ status: 'pending', dependencies: [a!.id] });
  });

  it('rejects unknown dependencies and invalid input with exit-2 errors', async () => {
    const { engine } = await setup();
    await expect(engine.add([{ title: 'x', depends: ['task-999-nope'] }], 'lead')).rejects.toMatchObject({
      code: 'BO_ERR_TASK_DEPENDENCY_UNKNOWN',
      message: expect.stringContaining('task-999-nope'),
    });
    await expect(engine.add([{ title: 'x', depends: ['../../etc'] }], 'lead')).rejects.toMatchObject({ code: 'BO_ERR_TASK_DEPENDENCY_UNKNOWN' });
    await expect(engine.add([{ title: '' }], 'lead')).rejects.toMatchObject({ code: 'BO_ERR_INPUT_INVALID', message: expect.stringContaining('title') });
    await expect(engine.add([{ title: 'x', colour: 'red' }], 'lead')).rejects.toMatchObject({ message: expect.stringContaining('colour: unknown key') });
    expect((await engine.list()).tasks).toEqual([]);
  });

  it('resolves keys within a batch and names a cycle', async () => {
    const { engine } = await setup();
    const created = await engine.add(
      [
        { key: 'schema', title: 'Add reviews table', type: 'database' },
        { key: 'api', title: 'Add reviews endpoint', depends: ['schema'] },
      ],
      'lead',
    );
    expect(created[1]?.dependencies).toEqual([created[0]?.id]);
    await expect(
      engine.add(
        [
          { key: 'a', title: 'Alpha', depends: ['b'] },
          { key: 'b', title: 'Beta', depends: ['a'] },
        ],
        'lead',
      ),
    ).rejects.toMatchObject({ code: 'BO_ERR_TASK_DEPENDENCY_CYCLE', message: expect.stringMatching(/task-003-alpha → task-004-beta → task-003-alpha/) });
  });
});

describe('TaskEngine next and claims', () => {
  it('never offers a task whose dependencies are not done, and offers it once they are', async () => {
    const { engine } = await setup();
    const [base] = await engine.add([{ title: 'Create products migration', priority: 'low' }], 'lead');
    const [dep] = await engine.add([{ title: 'Add GET /api/products', priority: 'critical', depends: [base!.id] }], 'lead');
    expect((await engine.next()).map((t) => t.id)).toEqual([base!.id]);
    await expect(engine.claim(dep!.id, 'a1')).rejects.toMatchObject({ code: 'BO_ERR_TASK_CONFLICT', message: expect.stringContaining(base!.id) });
    await engine.claim(base!.id, 'a1');
    expect(await engine.next()).toEqual([]);
    await engine.complete(base!.id, 'gates');
    const [next] = await engine.next();
    expect(next).toMatchObject({ id: dep!.id, status: 'ready' });
    expect(next?.history.at(-1)).toMatchObject({ from: 'pending', to: 'ready', by: 'system' });
  });

  it('ranks by priority, then unblocks, then age', async () => {
    const { engine } = await setup();
    const [a] = await engine.add([{ title: 'First' }], 'lead');
    const [b] = await engine.add([{ title: 'Second' }], 'lead');
    await engine.add([{ title: 'Needs second', depends: [b!.id] }], 'lead');
    expect((await engine.next())[0]?.id).toBe(b!.id);
    const [c] = await engine.add([{ title: 'Urgent', priority: 'critical' }], 'lead');
    expect((await engine.next())[0]?.id).toBe(c!.id);
    expect((await engine.next({ batch: 5 })).map((t) => t.id)).toEqual([c!.id, b!.id, a!.id]);
  });

  it('claims exclusively; after the lease expires another agent can claim', async () => {
    const { engine, advance } = await setup();
    const [task] = await engine.add([{ title: 'Add GET /api/users' }], 'lead');
    await engine.claim(task!.id, 'a1', 60_000);
    await expect(engine.claim(task!.id, 'a2')).rejects.toMatchObject({ code: 'BO_ERR_TASK_CLAIMED' });
    advance(30_000);
    await engine.heartbeat(task!.id, 'a1');
    advance(59_000);
    await expect(engine.claim(task!.id, 'a2')).rejects.toMatchObject({ code: 'BO_ERR_TASK_CLAIMED' });
    advance(2_000);
    const listed = await engine.list();
    expect(listed.tasks[0]).toMatchObject({ status: 'ready', claim: null });
    expect(listed.tasks[0]?.history.at(-1)?.note).toBe('lease of a1 expired');
    expect((await engine.claim(task!.id, 'a2')).claim?.agent).toBe('a2');
  });

  it('claimNext skips tasks other agents took and batches disjoint targets', async () => {
    const { engine } = await setup();
    await engine.add(
      [
        { title: 'Products list', targets: ['GET /api/products'] },
        { title: 'Products filter', targets: ['GET /api/products'] },
        { title: 'Orders', targets: ['Order'] },
      ],
      'lead',
    );
    const first = await engine.claimNext({ agent: 'a1' });
    expect(first.map((t) => t.title)).toEqual(['Products list']);
    const batch = await engine.next({ batch: 3 });
    expect(batch.map((t) => t.title)).toEqual(['Orders']);
    const second = await engine.claimNext({ agent: 'a2', batch: 2 });
    expect(second.map((t) => t.title)).toEqual(['Orders']);
    expect(await engine.claimNext({ agent: 'a3', skill: 'database' })).toEqual([]);
  });

  it('progress, release, block, unblock and cancel', async () => {
    const { engine } = await setup();
    const [task] = await engine.add([{ title: 'Add GET /api/users' }], 'lead');
    await engine.claim(task!.id, 'a1');
    const progressed = await engine.progress(task!.id, 'routes done', 50, 'a1');
    expect(progressed.progress).toHaveLength(1);
    await expect(engine.progress(task!.id, ' ', 50, 'a1')).rejects.toMatchObject({ code: 'BO_ERR_INPUT_INVALID' });
    await expect(engine.progress(task!.id, 'x', 150, 'a1')).rejects.toMatchObject({ code: 'BO_ERR_INPUT_INVALID' });
    expect((await engine.release(task!.id, 'a1')).status).toBe('ready');
    expect((await engine.block(task!.id, 'waiting for design', 'lead')).status).toBe('blocked');
    await expect(engine.block(task!.id, '', 'lead')).rejects.toMatchObject({ code: 'BO_ERR_INPUT_INVALID' });
    expect((await engine.unblock(task!.id, 'lead')).status).toBe('ready');
    expect((await engine.cancel(task!.id, 'lead', 'dropped')).status).toBe('cancelled');
    expect((await engine.list()).tasks).toEqual([]);
    expect((await engine.list({ archived: true })).tasks.map((t) => t.status)).toEqual(['cancelled']);
    await expect(engine.show('task-404-missing')).rejects.toMatchObject({ code: 'BO_ERR_TASK_NOT_FOUND' });
  });

  it('blocks dependents of a cancelled task with the reason', async () => {
    const { engine } = await setup();
    const [a] = await engine.add([{ title: 'A' }], 'lead');
    const [b] = await engine.add([{ title: 'B', depends: [a!.id] }], 'lead');
    await engine.cancel(a!.id, 'lead');
    const shown = await engine.show(b!.id);
    expect(shown).toMatchObject({ status: 'blocked', blockedReason: expect.stringContaining(`${a!.id} (cancelled)`) });
  });

  it('filters lists by status, skill and agent', async () => {
    const { engine } = await setup();
    await engine.add([{ title: 'Add index on orders', type: 'database' }, { title: 'Add GET /api/users' }], 'lead');
    await engine.claimNext({ agent: 'a1' });
    expect((await engine.list({ skill: 'database' })).tasks).toHaveLength(1);
    expect((await engine.list({ agent: 'a1' })).tasks).toHaveLength(1);
    expect((await engine.list({ status: 'ready' })).tasks).toHaveLength(1);
  });
});

describe('claimNext in a worker loop', () => {
  it('sees work that another process made ready after its own listing, and only then lists again', async () => {
    const { engine, store, dir, clock } = await setup();
    const other = new TaskEngine({ store: new FileStore({ projectRoot: dir }), config: Config.parse({}), now: () => clock.now });
    await engine.add([{ title: 'Alpha' }, { title: 'Beta' }], 'lead');
    const [first] = await engine.claimNext({ agent: 'w1' });
    const [second] = await other.claimNext({ agent: 'w2' });
    expect(new Set([first?.title, second?.title])).toEqual(new Set(['Alpha', 'Beta']));
    const version = store.readyVersion();
    expect(await engine.claimNext({ agent: 'w1' })).toEqual([]);
    expect(store.readyVersion()).toBe(version); // claims make no new work
    await other.release(second!.id, 'w2');
    expect(store.readyVersion()).not.toBe(version);
    expect((await engine.claimNext({ agent: 'w1' })).map((t) => t.id)).toEqual([second!.id]);
    await other.add([{ title: 'Gamma' }], 'lead');
    expect((await engine.claimNext({ agent: 'w1' })).map((t) => t.title)).toEqual(['Gamma']);
  });

  it('shares one ranked queue among the engines of a process over one store: one listing, no task twice', async () => {
    const { engine, store, clock } = await setup();
    await engine.add(Array.from({ length: 40 }, (_, i) => ({ title: `Task ${i}`, targets: [`GET /api/t/${i}`] })), 'lead');
    let listings = 0;
    const listTasks = store.listTasks.bind(store);
    store.listTasks = (scope) => ((listings += 1), listTasks(scope));
    const agents = Array.from({ length: 8 }, () => new TaskEngine({ store, config: Config.parse({}), now: () => clock.now }));
    const claimed: string[] = [];
    await Promise.all(
      agents.map(async (agent, i) => {
        for (let task = (await agent.claimNext({ agent: `w${i}` }))[0]; task; task = (await agent.claimNext({ agent: `w${i}` }))[0]) claimed.push(task.id);
      }),
    );
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed).size).toBe(40);
    expect(listings).toBe(1);
  });
});

describe('TaskEngine.add and the registry', () => {
  it('resolves targets against the registry and infers them from the title', async () => {
    const { engine, store } = await setup();
    await store.writeRegistry('endpoints', [
      { id: 'GET /api/products/{id}', method: 'GET', path: '/api/products/{id}', auth: 'none', authBy: [], params: { path: ['id'], query: [], body: [] }, validation: 'none', responses: [], documented: true },
    ]);
    const [given] = await engine.add([{ title: 'Cache product reads', targets: ['GET /api/products/:id'] }], 'lead');
    const [inferred] = await engine.add([{ title: 'Add ETag to GET /api/products/:productId' }], 'lead');
    expect(given?.targets).toEqual(['GET /api/products/{id}']);
    expect(inferred?.targets).toEqual(['GET /api/products/{id}']);
    // Two tasks on one endpoint are not handed out together.
    expect(await engine.next({ batch: 2 })).toHaveLength(1);
  });
});
