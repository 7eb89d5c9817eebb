/** Intake of `frontend.api.request`: one task per request, repeats answered, requests for the same endpoint merged. */
import { afterEach, describe, expect, it } from 'vitest';
import { createEvent } from '../../src/events/envelope.js';
import { receiveEvents } from '../../src/events/receive.js';
import { FileEventLog } from '../../src/store/file/event-log.js';
import { stateLayout } from '../../src/store/file/layout.js';
import { TaskEngine, type TaskEvent } from '../../src/tasks/engine.js';
import { defaultConfig } from '../../src/config/schema.js';
import { makeEngine } from '../helpers/tasks.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function setup() {
  const made = await makeEngine();
  cleanups.push(made.cleanup);
  const log = new FileEventLog(stateLayout(made.dir, 'ai-state'));
  return { ...made, log, deps: { log, engine: made.engine, actor: 'tester' } };
}

const request = (id: string, data: Record<string, unknown>) => createEvent({ type: 'frontend.api.request', source: 'urn:frontend', id, data });

describe('receiveEvents', () => {
  it('creates an api task linked to the request, its requirements turned into gates', async () => {
    const { deps, engine } = await setup();
    const [received] = await receiveEvents([request('r1', { endpoint: '/api/orders', requirements: ['pagination', 'auth required'], requestedBy: 'frontend-orchestrator' })], deps);
    expect(received).toMatchObject({ seq: 1, duplicate: false, task: { action: 'created' } });
    const task = await engine.show(received?.task?.id as string);
    expect(task).toMatchObject({
      skill: 'api-development-skill',
      type: 'api',
      targets: ['GET /api/orders'],
      requirements: ['pagination', 'auth required'],
      source: { type: 'frontend.api.request', id: 'r1', source: 'urn:frontend' },
    });
    expect(task.criteria.gates).toEqual(expect.arrayContaining(['api', 'security', 'contract', 'api/pagination', 'sec/authn-required']));
    expect(task.history[0]?.by).toBe('frontend-orchestrator');
  });

  it('answers a repeat with the task the first one created, and creates nothing', async () => {
    const { deps, engine } = await setup();
    const event = request('r1', { endpoint: '/api/orders', requirements: [] });
    const [first] = await receiveEvents([event], deps);
    const [again] = await receiveEvents([{ ...event, time: new Date().toISOString() }], deps);
    expect(again).toMatchObject({ seq: first?.seq, duplicate: true, task: { id: first?.task?.id, action: 'created' } });
    expect((await engine.list()).tasks).toHaveLength(1);
  });

  it('links a request for an endpoint with an open task to it, merging the requirements', async () => {
    const { deps, engine } = await setup();
    const [first] = await receiveEvents([request('r1', { endpoint: '/api/orders/{id}', requirements: ['pagination'] })], deps);
    const [second] = await receiveEvents([request('r2', { endpoint: '/api/orders/:orderId', method: 'get', requirements: ['filtering'] })], deps);
    expect(second).toMatchObject({ duplicate: false, task: { id: first?.task?.id, action: 'linked' } });
    const task = await engine.show(first?.task?.id as string);
    expect(task.requirements).toEqual(['pagination', 'filtering']);
    expect(task.criteria.gates).toEqual(expect.arrayContaining(['api/pagination', 'api/filtering']));
    expect(task.history.at(-1)?.note).toBe('linked request urn:frontend#r2');
    const [repeat] = await receiveEvents([request('r2', { endpoint: '/api/orders/:orderId', requirements: ['filtering'] })], deps);
    expect(repeat).toMatchObject({ duplicate: true, task: { id: first?.task?.id, action: 'linked' } });
    const [other] = await receiveEvents([request('r3', { endpoint: '/api/orders/{id}', method: 'DELETE' })], deps);
    expect(other?.task?.action).toBe('created');
  });

  it('acts on a logged request no task knows (the first receiver died before acting)', async () => {
    const { deps, log, engine } = await setup();
    const event = request('r1', { endpoint: '/api/orders' });
    await log.append([event]);
    const [received] = await receiveEvents([event], deps);
    expect(received).toMatchObject({ duplicate: true, task: { action: 'created' } });
    expect((await engine.list()).tasks).toHaveLength(1);
  });

  it('refuses a request without a valid endpoint, and passes other types through', async () => {
    const { deps } = await setup();
    await expect(receiveEvents([request('bad', { endpoint: 'orders' })], deps)).rejects.toThrow(/data\.endpoint/);
    const [other] = await receiveEvents([createEvent({ type: 'backend.task.done', source: 'urn:x', data: {} })], deps);
    expect(other).toMatchObject({ type: 'backend.task.done', duplicate: false });
    expect(other?.task).toBeUndefined();
  });
});

describe('lifecycle events from the engine', () => {
  it('publishes created, claimed, progress, blocked and cancelled after each change is stored', async () => {
    const { dir, cleanup } = await makeEngine();
    cleanups.push(cleanup);
    const published: TaskEvent[] = [];
    const { FileStore } = await import('../../src/store/file/file-store.js');
    // A clock that stands still: the renewal comes in the same millisecond as the claim, which
    // must not make it look like a new claim.
    const now = new Date('2026-03-01T10:00:00.000Z');
    const engine = new TaskEngine({ store: new FileStore({ projectRoot: dir, stateDir: 'ai-state' }), config: defaultConfig(), now: () => now, publish: async (events) => void published.push(...events) });
    const [a, b] = await engine.add([{ title: 'Add GET /api/a' }, { title: 'Add GET /api/b' }], 'me');
    await engine.claim(a?.id as string, 'agent-1');
    await engine.claim(a?.id as string, 'agent-1'); // a renewal, not a new claim
    await engine.progress(a?.id as string, 'half way', 50, 'agent-1');
    await engine.block(b?.id as string, 'waiting for the design', 'me');
    await engine.cancel(b?.id as string, 'me', 'not needed');
    expect(published.map((e) => `${e.type} ${e.subject}`)).toEqual([
      `backend.task.created ${a?.id}`,
      `backend.task.created ${b?.id}`,
      `backend.task.claimed ${a?.id}`,
      `backend.task.progress ${a?.id}`,
      `backend.task.blocked ${b?.id}`,
      `backend.task.cancelled ${b?.id}`,
    ]);
    expect(published[3]?.data).toMatchObject({ message: 'half way', percent: 50, agent: 'agent-1' });
  });
});
