/**
 * The delivery state of one webhook subscription and the pure steps that change it. Events move
 * from the outbox into `pending` together with the cursor (one write), leave `pending` when the
 * receiver answers 2xx (counted in `delivered`) or after the last failed attempt (into
 * `deadLetters`), and come back from `deadLetters` when replayed. Stores only persist these values.
 */
import * as z from 'zod/mini';
import { typeMatches, type StoredEvent } from '../types.js';
import { nextRetry, type RetryPolicy } from './backoff.js';

export const PendingDelivery = z.strictObject({
  seq: z.int().check(z.positive()),
  eventId: z.string(),
  type: z.string(),
  /** Attempts made so far (0 until the first send). */
  attempts: z.int().check(z.minimum(0)),
  nextAttemptAt: z.string(),
  lastError: z.optional(z.string()),
  lastStatus: z.optional(z.int()),
});
export type PendingDelivery = z.infer<typeof PendingDelivery>;

export const DeadLetter = z.strictObject({
  seq: z.int().check(z.positive()),
  eventId: z.string(),
  type: z.string(),
  attempts: z.int().check(z.minimum(0)),
  lastError: z.string(),
  lastStatus: z.optional(z.int()),
  deadAt: z.string(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** Who is delivering for this subscription right now, until when (see DeliveryStore.acquire). */
export const Lease = z.strictObject({
  owner: z.string(),
  pid: z.int(),
  host: z.string(),
  expiresAt: z.string(),
});
export type Lease = z.infer<typeof Lease>;

export const DeliveryState = z.strictObject({
  subscription: z.string(),
  /** The last outbox sequence number taken in (delivered, pending, dead, or not matching the types). */
  cursor: z.int().check(z.minimum(0)),
  /** In sequence order; only the first is ever being sent (deliveries keep the outbox's order). */
  pending: z.array(PendingDelivery),
  delivered: z.int().check(z.minimum(0)),
  deadLetters: z.array(DeadLetter),
  lease: z.optional(z.nullable(Lease)),
});
export type DeliveryState = z.infer<typeof DeliveryState>;

export function emptyDeliveryState(subscription: string): DeliveryState {
  return { subscription, cursor: 0, pending: [], delivered: 0, deadLetters: [], lease: null };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Takes events read from the outbox after the cursor: those whose type matches become pending
 * (due now), the others are only passed over. Stops when `pending` holds `maxPending`, so a
 * receiver that is down for long leaves the backlog in the outbox instead of in this file.
 */
export function takeIn(state: DeliveryState, events: readonly StoredEvent[], types: readonly string[] | undefined, nowMs: number, maxPending = Infinity): { state: DeliveryState; taken: number } {
  const pending = [...state.pending];
  let cursor = state.cursor;
  let taken = 0;
  for (const { seq, event } of [...events].sort((a, b) => a.seq - b.seq)) {
    if (seq <= cursor) continue;
    const matches = typeMatches(event.type, types);
    if (matches && pending.length >= maxPending) break;
    if (matches) {
      pending.push({ seq, eventId: event.id, type: event.type, attempts: 0, nextAttemptAt: iso(nowMs) });
      taken++;
    }
    cursor = seq;
  }
  return { state: { ...state, cursor, pending }, taken };
}

/** The delivery to send next, if it is due: the first pending one (order is kept). */
export function nextDue(state: DeliveryState, nowMs: number): PendingDelivery | undefined {
  const head = state.pending[0];
  return head && Date.parse(head.nextAttemptAt) <= nowMs ? head : undefined;
}

/** When the first pending delivery is next due (undefined when nothing is pending). */
export function nextAttemptAt(state: DeliveryState): number | undefined {
  const head = state.pending[0];
  return head ? Date.parse(head.nextAttemptAt) : undefined;
}

export function markDelivered(state: DeliveryState, seq: number): DeliveryState {
  if (!state.pending.some((p) => p.seq === seq)) return state;
  return { ...state, pending: state.pending.filter((p) => p.seq !== seq), delivered: state.delivered + 1 };
}

export interface FailedAttempt {
  error: string;
  status?: number;
}

export type FailureOutcome = { kind: 'retry'; attempts: number; nextAttemptAt: number } | { kind: 'dead'; attempts: number } | { kind: 'gone' };

/** One more failed attempt: schedule the retry with backoff, or move the delivery to the dead letters. */
export function markFailed(state: DeliveryState, seq: number, failure: FailedAttempt, policy: RetryPolicy, random: () => number, nowMs: number): { state: DeliveryState; outcome: FailureOutcome } {
  const delivery = state.pending.find((p) => p.seq === seq);
  if (!delivery) return { state, outcome: { kind: 'gone' } };
  const attempts = delivery.attempts + 1;
  const status = failure.status !== undefined ? { lastStatus: failure.status } : {};
  const decision = nextRetry(attempts, policy, random);
  if (decision.retry) {
    const at = nowMs + decision.delayMs;
    // Built field by field so a network error does not keep the status of an earlier attempt.
    const updated: PendingDelivery = { seq, eventId: delivery.eventId, type: delivery.type, attempts, nextAttemptAt: iso(at), lastError: failure.error, ...status };
    return { state: { ...state, pending: state.pending.map((p) => (p.seq === seq ? updated : p)) }, outcome: { kind: 'retry', attempts, nextAttemptAt: at } };
  }
  const dead: DeadLetter = { seq, eventId: delivery.eventId, type: delivery.type, attempts, lastError: failure.error, ...status, deadAt: iso(nowMs) };
  return {
    state: { ...state, pending: state.pending.filter((p) => p.seq !== seq), deadLetters: [...state.deadLetters, dead] },
    outcome: { kind: 'dead', attempts },
  };
}

/** A delivery whose event is no longer in the outbox cannot be sent: it goes straight to the dead letters. */
export function markUnsendable(state: DeliveryState, seq: number, error: string, nowMs: number): DeliveryState {
  const delivery = state.pending.find((p) => p.seq === seq);
  if (!delivery) return state;
  const dead: DeadLetter = { seq, eventId: delivery.eventId, type: delivery.type, attempts: delivery.attempts, lastError: error, deadAt: iso(nowMs) };
  return { ...state, pending: state.pending.filter((p) => p.seq !== seq), deadLetters: [...state.deadLetters, dead] };
}

export interface ReplayResult {
  state: DeliveryState;
  replayed: DeadLetter[];
  /** Event ids asked for that are not in the dead-letter list. */
  missing: string[];
}

/** Moves dead letters back to pending (attempts reset, due now), in sequence order with the rest. */
export function replayDeadLetters(state: DeliveryState, eventIds: readonly string[] | 'all', nowMs: number): ReplayResult {
  const wanted = eventIds === 'all' ? undefined : new Set(eventIds);
  const replayed = state.deadLetters.filter((d) => !wanted || wanted.has(d.eventId));
  const missing = eventIds === 'all' ? [] : eventIds.filter((id) => !replayed.some((d) => d.eventId === id));
  if (replayed.length === 0) return { state, replayed, missing };
  const alreadyPending = new Set(state.pending.map((p) => p.seq));
  const back: PendingDelivery[] = replayed
    .filter((d) => !alreadyPending.has(d.seq))
    .map((d) => ({ seq: d.seq, eventId: d.eventId, type: d.type, attempts: 0, nextAttemptAt: iso(nowMs) }));
  const pending = [...state.pending, ...back].sort((a, b) => a.seq - b.seq);
  const deadLetters = state.deadLetters.filter((d) => !replayed.includes(d));
  return { state: { ...state, pending, deadLetters }, replayed, missing };
}
