import { describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../../src/events/webhooks/backoff.js';
import { emptyDeliveryState, markDelivered, markFailed, markUnsendable, nextAttemptAt, nextDue, replayDeadLetters, takeIn } from '../../../src/events/webhooks/delivery-state.js';
import type { StoredEvent } from '../../../src/events/types.js';
import { testEvent } from './memory-log.js';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const policy: RetryPolicy = { attempts: 2, baseMs: 1000, maxMs: 60_000, jitter: 'none' };
const stored = (seq: number, type: string): StoredEvent => ({ seq, event: testEvent(type, {}, `e${seq}`) });
const log = [stored(1, 'backend.task.created'), stored(2, 'backend.api.ready'), stored(3, 'backend.task.done'), stored(4, 'backend.docs.updated')];

describe('delivery state', () => {
  it('takes in matching events as due now and moves the cursor past the others', () => {
    const { state, taken } = takeIn(emptyDeliveryState('s'), log, ['backend.task.*'], T0);
    expect(taken).toBe(2);
    expect(state.cursor).toBe(4);
    expect(state.pending.map((p) => [p.seq, p.eventId, p.attempts, p.nextAttemptAt])).toEqual([
      [1, 'e1', 0, '2026-03-01T12:00:00.000Z'],
      [3, 'e3', 0, '2026-03-01T12:00:00.000Z'],
    ]);
    // Taking the same events in again changes nothing: they are behind the cursor.
    expect(takeIn(state, log, ['backend.task.*'], T0)).toEqual({ state, taken: 0 });
  });

  it('stops taking in when pending is full, leaving the rest behind the cursor in the outbox', () => {
    const { state } = takeIn(emptyDeliveryState('s'), log, undefined, T0, 2);
    expect(state.pending.map((p) => p.seq)).toEqual([1, 2]);
    expect(state.cursor).toBe(2);
  });

  it('keeps order: only the first pending delivery is ever due', () => {
    const { state } = takeIn(emptyDeliveryState('s'), log, undefined, T0);
    expect(nextDue(state, T0)?.seq).toBe(1);
    const failed = markFailed(state, 1, { error: 'HTTP 500', status: 500 }, policy, Math.random, T0).state;
    expect(nextDue(failed, T0)).toBeUndefined(); // seq 2 waits behind the retry of seq 1
    expect(nextAttemptAt(failed)).toBe(T0 + 1000);
    expect(nextDue(failed, T0 + 1000)?.seq).toBe(1);
  });

  it('counts a delivery and forgets it; an unknown seq changes nothing', () => {
    const { state } = takeIn(emptyDeliveryState('s'), log, undefined, T0);
    const delivered = markDelivered(state, 1);
    expect(delivered.delivered).toBe(1);
    expect(delivered.pending.map((p) => p.seq)).toEqual([2, 3, 4]);
    expect(markDelivered(delivered, 1)).toBe(delivered);
  });

  it('schedules a retry, then after the last attempt moves the delivery to the dead letters', () => {
    const { state } = takeIn(emptyDeliveryState('s'), log.slice(0, 1), undefined, T0);
    const first = markFailed(state, 1, { error: 'HTTP 503: down', status: 503 }, policy, Math.random, T0);
    expect(first.outcome).toEqual({ kind: 'retry', attempts: 1, nextAttemptAt: T0 + 1000 });
    expect(first.state.pending[0]).toMatchObject({ attempts: 1, lastError: 'HTTP 503: down', lastStatus: 503 });
    const second = markFailed(first.state, 1, { error: 'ECONNREFUSED' }, policy, Math.random, T0 + 1000);
    expect(second.outcome).toEqual({ kind: 'dead', attempts: 2 });
    expect(second.state.pending).toEqual([]);
    // The network error has no status: the 503 of the earlier attempt is not carried over.
    expect(second.state.deadLetters).toEqual([{ seq: 1, eventId: 'e1', type: 'backend.task.created', attempts: 2, lastError: 'ECONNREFUSED', deadAt: '2026-03-01T12:00:01.000Z' }]);
    expect(markFailed(second.state, 1, { error: 'x' }, policy, Math.random, T0).outcome).toEqual({ kind: 'gone' });
  });

  it('sends a delivery whose event left the outbox straight to the dead letters', () => {
    const { state } = takeIn(emptyDeliveryState('s'), log.slice(0, 1), undefined, T0);
    const next = markUnsendable(state, 1, 'gone from the outbox', T0);
    expect(next.pending).toEqual([]);
    expect(next.deadLetters[0]).toMatchObject({ seq: 1, attempts: 0, lastError: 'gone from the outbox' });
  });

  it('replays dead letters back into pending in sequence order, attempts reset, and names the ids it did not find', () => {
    let state = takeIn(emptyDeliveryState('s'), log, undefined, T0).state;
    for (const seq of [1, 3]) {
      state = markFailed(state, seq, { error: 'x' }, policy, Math.random, T0).state;
      state = markFailed(state, seq, { error: 'x' }, policy, Math.random, T0).state;
    }
    expect(state.deadLetters.map((d) => d.seq)).toEqual([1, 3]);
    const one = replayDeadLetters(state, ['e3', 'nope'], T0 + 5000);
    expect(one.replayed.map((d) => d.eventId)).toEqual(['e3']);
    expect(one.missing).toEqual(['nope']);
    expect(one.state.pending.map((p) => [p.seq, p.attempts])).toEqual([[2, 0], [3, 0], [4, 0]]);
    expect(one.state.deadLetters.map((d) => d.seq)).toEqual([1]);
    const all = replayDeadLetters(one.state, 'all', T0 + 5000);
    expect(all.state.pending.map((p) => p.seq)).toEqual([1, 2, 3, 4]);
    expect(all.state.deadLetters).toEqual([]);
    expect(replayDeadLetters(all.state, 'all', T0).replayed).toEqual([]);
  });
});
