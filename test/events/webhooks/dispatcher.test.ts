import { afterEach, describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../../src/events/webhooks/backoff.js';
import { FileDeliveryStore } from '../../../src/events/webhooks/deliveries.js';
import { WebhookDispatcher, type AttemptReport, type DispatcherOptions } from '../../../src/events/webhooks/dispatcher.js';
import { stateLayout } from '../../../src/store/file/layout.js';
import { tempDir } from '../../helpers/tasks.js';
import { MemoryEventLog, testEvent } from './memory-log.js';
import { startReceiver, type Receiver, type ReceiverOptions } from './receiver.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const RETRY: RetryPolicy = { attempts: 3, baseMs: 1000, maxMs: 10_000, jitter: 'none' };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A fake clock, a memory outbox, delivery state in real files, and a receiver to start. */
function setup() {
  const t = tempDir('bo-webhooks-');
  cleanups.push(t.cleanup);
  const clock = { now: T0 };
  const layout = stateLayout(t.dir);
  const log = new MemoryEventLog();
  const attempts: AttemptReport[] = [];
  const receiver = async (options: Omit<ReceiverOptions, 'secret' | 'now'> = {}) => {
    const r = await startReceiver({ secret: SECRET, now: () => clock.now, ...options });
    cleanups.push(() => r.close());
    return r;
  };
  const dispatcher = (subscriptions: { id: string; url: string; types?: string[] }[], options: Partial<DispatcherOptions> = {}) =>
    new WebhookDispatcher({
      log,
      store: new FileDeliveryStore(layout),
      subscriptions: subscriptions.map((s) => ({ ...s, secret: SECRET })),
      now: () => clock.now,
      random: () => 0.5,
      timeoutMs: 2000,
      retry: RETRY,
      onAttempt: (attempt) => attempts.push(attempt),
      ...options,
    });
  const store = new FileDeliveryStore(layout);
  return { clock, log, receiver, dispatcher, store, attempts };
}

const ids = (r: Receiver) => r.received.map((req) => req.id);

describe('WebhookDispatcher', () => {
  it('retries a failing receiver with backoff until it accepts, with one webhook-id and a valid signature on every attempt', async () => {
    const { clock, log, receiver, dispatcher, store, attempts } = setup();
    const r = await receiver({ answer: (_req, index) => (index < 2 ? 500 : 204) });
    const [stored] = (await log.append([testEvent('backend.api.ready', { endpoint: '/api/products' }, 'evt-ready-1')])).appended;
    const d = dispatcher([{ id: 'frontend', url: r.url }]);

    expect((await d.deliverDue()).subscriptions[0]).toMatchObject({ taken: 1, delivered: 0, retried: 1, pending: 1, nextAttemptAt: new Date(T0 + 1000).toISOString() });
    expect((await d.deliverDue()).subscriptions[0]).toMatchObject({ delivered: 0, retried: 0 }); // not due yet: nothing sent
    expect(r.received).toHaveLength(1);
    clock.now += 1000;
    expect((await d.deliverDue()).nextWakeAt).toBe(T0 + 1000 + 2000); // second failure: twice the wait
    clock.now += 2000;
    expect((await d.deliverDue()).subscriptions[0]).toMatchObject({ delivered: 1, pending: 0, deadLetters: 0 });

    expect(ids(r)).toEqual(['evt-ready-1', 'evt-ready-1', 'evt-ready-1']);
    expect(r.received.map((req) => req.timestamp)).toEqual([T0, T0 + 1000, T0 + 3000].map((ms) => String(ms / 1000)));
    for (const req of r.received) {
      expect(req.verified).toEqual({ ok: true });
      expect(req.method).toBe('POST');
      expect(req.contentType).toMatch(/^application\/cloudevents\+json/);
      expect(req.event).toEqual(stored!.event);
    }
    expect(attempts.map((a) => [a.outcome, a.attempts, a.status])).toEqual([['retry', 1, 500], ['retry', 2, 500], ['delivered', 3, 204]]);
    expect(attempts[0]?.error).toBe('HTTP 500: receiver says 500');
    expect(await store.read('frontend')).toMatchObject({ cursor: 1, delivered: 1, pending: [], lease: null });
  });

  it('moves a delivery that always fails to the dead letters after the configured attempts; a replay delivers it', async () => {
    const { clock, log, receiver, dispatcher, store } = setup();
    let up = false;
    const r = await receiver({ answer: () => (up ? 200 : 503) });
    await log.append([testEvent('backend.task.done', {}, 'evt-done')]);
    const d = dispatcher([{ id: 'frontend', url: r.url }]);
    for (let i = 0; i < 3; i++) {
      await d.deliverDue();
      clock.now += 10_000;
    }
    expect(r.received).toHaveLength(3);
    const dead = await store.read('frontend');
    expect(dead.pending).toEqual([]);
    expect(dead.deadLetters).toEqual([
      { seq: 1, eventId: 'evt-done', type: 'backend.task.done', attempts: 3, lastStatus: 503, lastError: 'HTTP 503: receiver says 503', deadAt: new Date(T0 + 20_000).toISOString() },
    ]);
    await d.deliverDue();
    expect(r.received).toHaveLength(3); // dead: not tried again

    up = true;
    expect(await d.replay('frontend', ['evt-done', 'evt-unknown'])).toMatchObject({ replayed: [{ eventId: 'evt-done' }], missing: ['evt-unknown'] });
    expect((await d.deliverDue()).subscriptions[0]).toMatchObject({ delivered: 1, deadLetters: 0, pending: 0 });
    expect(ids(r)).toEqual(['evt-done', 'evt-done', 'evt-done', 'evt-done']);
    expect(r.received.every((req) => req.verified.ok)).toBe(true);
    await expect(d.replay('nope', 'all')).rejects.toThrow(/no webhook subscription "nope" \(configured: frontend\)/);
  });

  it('after a crash mid-way, a new dispatcher on the same files resumes: nothing lost, nothing delivered re-sent', async () => {
    const { clock, log, receiver, dispatcher, store } = setup();
    const r = await receiver({ answer: (req, index) => (req.id === 'e3' && index === 2 ? 'hang' : 204) });
    await log.append(['e1', 'e2', 'e3', 'e4', 'e5'].map((id) => testEvent('backend.task.progress', {}, id)));

    // The first dispatcher delivers e1 and e2, then is stuck sending e3 and is given up for dead.
    const first = dispatcher([{ id: 'frontend', url: r.url }], { leaseMs: 5000, timeoutMs: 60_000 });
    const abandoned = first.deliverDue();
    while (r.received.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await store.read('frontend')).toMatchObject({ delivered: 2, pending: [{ eventId: 'e3' }, { eventId: 'e4' }, { eventId: 'e5' }] });

    // While its lease lasts, nobody else sends.
    const second = dispatcher([{ id: 'frontend', url: r.url }], { leaseMs: 5000 });
    expect((await second.deliverDue()).subscriptions[0]).toMatchObject({ busy: true, delivered: 0 });
    expect(r.received).toHaveLength(3);

    clock.now += 5001; // the stuck dispatcher's lease runs out
    expect((await second.deliverDue()).subscriptions[0]).toMatchObject({ busy: false, delivered: 3, pending: 0 });
    // e3 again (same webhook-id: the receiver can tell it is the same delivery), and never e1 or e2.
    expect(ids(r)).toEqual(['e1', 'e2', 'e3', 'e3', 'e4', 'e5']);

    // The stuck request finally succeeds: the old dispatcher lost its lease, so it records and sends nothing more.
    r.releaseHanging(200);
    expect((await abandoned).subscriptions[0]).toMatchObject({ delivered: 2, leaseLost: true });
    expect(ids(r)).toEqual(['e1', 'e2', 'e3', 'e3', 'e4', 'e5']);
    expect(await store.read('frontend')).toMatchObject({ cursor: 5, delivered: 5, pending: [], deadLetters: [] });
  });

  it('resumes a scheduled retry from the saved state after a restart', async () => {
    const { clock, log, receiver, dispatcher } = setup();
    const r = await receiver({ answer: (_req, index) => (index === 0 ? 500 : 204) });
    await log.append([testEvent('backend.task.created', {}, 'a'), testEvent('backend.task.created', {}, 'b')]);
    await dispatcher([{ id: 'hook', url: r.url }]).deliverDue();
    const restarted = dispatcher([{ id: 'hook', url: r.url }]);
    expect((await restarted.deliverDue()).subscriptions[0]).toMatchObject({ delivered: 0, pending: 2 }); // a's retry is not due yet
    clock.now += 1000;
    expect((await restarted.deliverDue()).subscriptions[0]).toMatchObject({ delivered: 2, pending: 0 });
    expect(ids(r)).toEqual(['a', 'a', 'b']);
  });

  it('two dispatchers on the same state at the same time never send one delivery twice', async () => {
    const { log, receiver, dispatcher } = setup();
    const r = await receiver({ delayMs: 5 });
    const events = Array.from({ length: 12 }, (_, i) => testEvent('backend.task.progress', { i }, `p${i + 1}`));
    const a = dispatcher([{ id: 'hook', url: r.url }]);
    const b = dispatcher([{ id: 'hook', url: r.url }]);
    let stoodAside = 0;
    for (let round = 0; round < 4; round++) {
      await log.append(events.slice(round * 3, round * 3 + 3));
      const passes = await Promise.all([a.deliverDue(), b.deliverDue(), a.deliverDue()]);
      const busy = passes.slice(0, 2).filter((p) => p.subscriptions[0]!.busy).length;
      expect(busy).toBeLessThanOrEqual(1); // whoever got the lease delivered; the other stood aside
      stoodAside += busy;
    }
    await Promise.all([a.deliverDue(), b.deliverDue()]);
    expect(stoodAside).toBeGreaterThan(0); // they did run into each other
    expect(ids(r)).toEqual(events.map((e) => e.id));
    expect(r.maxConcurrentSameId).toBe(1);
  });

  it('delivers only the types a subscription asks for, and skips the rest for good', async () => {
    const { log, receiver, dispatcher, store } = setup();
    const r = await receiver();
    await log.append([testEvent('backend.task.created', {}, 't1'), testEvent('backend.api.ready', {}, 'a1'), testEvent('backend.api.changed', {}, 'a2'), testEvent('backend.docs.updated', {}, 'd1')]);
    const d = dispatcher([{ id: 'frontend', url: r.url, types: ['backend.api.*'] }]);
    expect((await d.deliverDue()).subscriptions[0]).toMatchObject({ taken: 2, delivered: 2 });
    expect(ids(r)).toEqual(['a1', 'a2']);
    expect((await store.read('frontend')).cursor).toBe(4);
  });

  it('keeps each subscription in outbox order: a failing one waits, and does not hold the other back', async () => {
    const { clock, log, receiver, dispatcher } = setup();
    const slow = await receiver({ answer: (req, index) => (req.id === 'o2' && index === 1 ? 500 : 204) });
    const fast = await receiver();
    await log.append(['o1', 'o2', 'o3', 'o4'].map((id) => testEvent('backend.task.progress', {}, id)));
    const d = dispatcher([{ id: 'slow', url: slow.url }, { id: 'fast', url: fast.url }]);
    const summary = await d.deliverDue();
    expect(summary.subscriptions.map((s) => [s.subscription, s.delivered, s.pending])).toEqual([['slow', 1, 3], ['fast', 4, 0]]);
    expect(ids(slow)).toEqual(['o1', 'o2']); // o3 and o4 wait behind o2's retry
    expect(summary.nextWakeAt).toBe(T0 + 1000);
    clock.now += 1000;
    await d.deliverDue();
    expect(ids(slow)).toEqual(['o1', 'o2', 'o2', 'o3', 'o4']);
    expect(ids(fast)).toEqual(['o1', 'o2', 'o3', 'o4']);
  });

  it('counts a receiver that never answers as a failed attempt after the timeout', async () => {
    const { log, receiver, dispatcher, attempts } = setup();
    const r = await receiver({ answer: () => 'hang' });
    await log.append([testEvent('backend.task.done', {}, 'slow-1')]);
    const d = dispatcher([{ id: 'hook', url: r.url }], { timeoutMs: 150 });
    const started = Date.now();
    expect((await d.deliverDue()).subscriptions[0]).toMatchObject({ delivered: 0, retried: 1, pending: 1 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(attempts[0]).toMatchObject({ outcome: 'retry', eventId: 'slow-1', error: 'no answer within 150 ms' });
    expect(attempts[0]?.status).toBeUndefined();
  });

  it('counts redirects (not followed) and refused connections as failures', async () => {
    const { clock, log, receiver, dispatcher, attempts } = setup();
    const r = await receiver({ answer: () => 302 });
    await log.append([testEvent('backend.task.done', {}, 'r1')]);
    const closed = await receiver();
    await closed.close();
    await dispatcher([{ id: 'redirected', url: r.url }, { id: 'gone', url: closed.url }]).deliverDue();
    clock.now += 1;
    const byId = Object.fromEntries(attempts.map((a) => [a.subscription, a]));
    expect(byId.redirected).toMatchObject({ outcome: 'retry', status: 302, error: expect.stringMatching(/^redirect to \? \(not followed\)/) });
    expect(byId.gone).toMatchObject({ outcome: 'retry', error: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('dead-letters a pending delivery whose event is no longer in the outbox', async () => {
    const { log, receiver, dispatcher, store } = setup();
    const r = await receiver();
    await store.update('hook', (state) => ({ ...state, cursor: 3, pending: [{ seq: 3, eventId: 'lost', type: 'backend.task.done', attempts: 0, nextAttemptAt: new Date(T0).toISOString() }] }));
    await log.append([testEvent('backend.task.done', {}, 'x1')]);
    await dispatcher([{ id: 'hook', url: r.url }]).deliverDue();
    expect(r.received).toEqual([]);
    expect((await store.read('hook')).deadLetters).toMatchObject([{ seq: 3, eventId: 'lost', lastError: 'the outbox has no event at seq 3, so lost cannot be sent' }]);
  });

  it('run() delivers new events as they are appended, retries on time, and stops when aborted', async () => {
    const { log, receiver, dispatcher } = setup();
    const r = await receiver({ answer: (req, index) => (req.id === 'live-2' && index === 1 ? 500 : 204) });
    const d = dispatcher([{ id: 'hook', url: r.url }], { now: Date.now, retry: { attempts: 3, baseMs: 30, maxMs: 100, jitter: 'none' } });
    const controller = new AbortController();
    const running = d.run(controller.signal);
    await log.append([testEvent('backend.task.created', {}, 'live-1')]);
    await waitFor(() => r.received.length === 1);
    await log.append([testEvent('backend.task.done', {}, 'live-2')]);
    await waitFor(() => r.received.length === 3); // the failure, then the retry 30 ms later
    controller.abort();
    await running;
    expect(ids(r)).toEqual(['live-1', 'live-2', 'live-2']);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('WebhookDispatcher in two processes', () => {
  it('never sends one delivery twice when two processes deliver from the same state directory', async () => {
    const { spawn } = await import('node:child_process');
    const { writeFileSync } = await import('node:fs');
    const path = await import('node:path');
    const { FileEventLog } = await import('../../../src/store/file/event-log.js');
    const t = tempDir('bo-webhooks-procs-');
    cleanups.push(t.cleanup);
    const log = new FileEventLog(stateLayout(t.dir));
    const events = Array.from({ length: 30 }, (_, i) => testEvent('backend.task.progress', { i }, `proc-${i + 1}`));
    await log.append(events);
    const r = await startReceiver({ secret: SECRET, now: Date.now, delayMs: 2 });
    cleanups.push(() => r.close());
    const goFile = path.join(t.dir, 'go');
    const worker = path.join(import.meta.dirname, 'dispatch-worker.ts');
    const runs = ['a', 'b'].map(
      () =>
        new Promise<{ busy: number; delivered: number }>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', worker, t.dir, r.url, SECRET, goFile], { stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          let err = '';
          child.stdout.on('data', (chunk) => (out += chunk));
          child.stderr.on('data', (chunk) => (err += chunk));
          child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}: ${err}`))));
        }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // both workers loaded and waiting
    writeFileSync(goFile, '');
    const results = await Promise.all(runs);
    expect(r.received.map((req) => req.id)).toEqual(events.map((e) => e.id));
    expect(r.maxConcurrentSameId).toBe(1);
    expect(results.reduce((sum, x) => sum + x.delivered, 0)).toBe(30);
    expect(r.received.every((req) => req.verified.ok)).toBe(true);
  }, 30_000);
});
