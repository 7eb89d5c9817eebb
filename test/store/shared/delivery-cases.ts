/**
 * Webhook delivery state (DeliveryStore) on every store: the lease that lets one dispatcher at a
 * time send for a subscription, state changes only while holding it, and two instances'
 * dispatchers draining one outbox into one receiver without sending anything twice.
 */
import { describe, expect, it } from 'vitest';
import { markDelivered, takeIn } from '../../../src/events/webhooks/delivery-state.js';
import { WebhookDispatcher } from '../../../src/events/webhooks/dispatcher.js';
import { startReceiver } from '../../events/webhooks/receiver.js';
import { cloudEvent } from './event-cases.js';
import { caseKit, type StoreHarness } from './harness.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const lease = (owner: string, nowMs = T0, ttlMs = 30_000) => ({ owner, nowMs, ttlMs });

export function deliveryCases(harness: StoreHarness): void {
  const { title, fresh, later } = caseKit(harness);

  describe.skipIf(harness.skip !== undefined)(title('webhook delivery state'), () => {
    it('starts empty, and lists only subscriptions that have state', async () => {
      const { opened } = await fresh();
      expect(await opened.deliveries.read('hook')).toEqual({ subscription: 'hook', cursor: 0, pending: [], delivered: 0, deadLetters: [], lease: null });
      expect(await opened.deliveries.list()).toEqual([]);
      await opened.deliveries.update('hook', (state) => ({ ...state, cursor: 4 }));
      expect((await opened.deliveries.list()).map((s) => [s.subscription, s.cursor])).toEqual([['hook', 4]]);
    });

    it('leases a subscription to one owner at a time, on any instance, until it expires or is released', async () => {
      const s = await fresh();
      const other = await s.another();
      const held = await s.opened.deliveries.acquire('hook', lease('one'));
      expect(held?.lease).toMatchObject({ owner: 'one', expiresAt: new Date(T0 + 30_000).toISOString() });
      expect(await other.deliveries.acquire('hook', lease('two'))).toBeUndefined();
      expect(await other.deliveries.acquire('hook', lease('two', T0 + 30_001))).toMatchObject({ lease: { owner: 'two' } });
      await other.deliveries.release('hook', 'one'); // not the holder: nothing happens
      expect((await s.opened.deliveries.read('hook')).lease?.owner).toBe('two');
      await other.deliveries.release('hook', 'two');
      expect((await s.opened.deliveries.read('hook')).lease).toBeNull();
    });

    it('applies a change only while the lease is still held, renewing it', async () => {
      const s = await fresh();
      const other = await s.another();
      await s.opened.deliveries.acquire('hook', lease('one'));
      const events = [{ seq: 1, event: cloudEvent('e1') }];
      const taken = await s.opened.deliveries.update('hook', (state) => takeIn(state, events, undefined, T0).state, lease('one', T0 + 1000));
      expect(taken).toMatchObject({ cursor: 1, pending: [{ seq: 1, eventId: 'e1' }], lease: { owner: 'one', expiresAt: new Date(T0 + 31_000).toISOString() } });
      // Another dispatcher took it over after expiry: the first one's next change is refused.
      await other.deliveries.acquire('hook', lease('two', T0 + 40_000));
      expect(await s.opened.deliveries.update('hook', (state) => markDelivered(state, 1), lease('one', T0 + 40_001))).toBeUndefined();
      expect(await other.deliveries.read('hook')).toMatchObject({ pending: [{ seq: 1 }], delivered: 0, lease: { owner: 'two' } });
    });

    it('two instances delivering one outbox send each event once, in order', async () => {
      const s = await fresh();
      const other = await s.another();
      const receiver = await startReceiver({ secret: SECRET, now: () => Date.now(), delayMs: 2 });
      later(() => receiver.close());
      const ids = Array.from({ length: 30 }, (_, i) => `e${i}`);
      await s.opened.events.append(ids.map((id) => cloudEvent(id)));
      const dispatcher = (opened: typeof s.opened) =>
        new WebhookDispatcher({ log: opened.events, store: opened.deliveries, subscriptions: [{ id: 'hook', url: receiver.url, secret: SECRET }], timeoutMs: 5000 });
      const a = dispatcher(s.opened);
      const b = dispatcher(other);
      for (let round = 0; round < 200 && receiver.received.length < ids.length; round++) await Promise.all([a.deliverDue(), b.deliverDue()]);
      expect(receiver.received.map((r) => r.id)).toEqual(ids);
      expect(receiver.received.every((r) => r.verified.ok)).toBe(true);
      expect(await other.deliveries.read('hook')).toMatchObject({ cursor: 30, delivered: 30, pending: [] });
    });
  });
}
