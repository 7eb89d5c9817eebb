/**
 * One dispatcher's turn at one subscription, while it holds that subscription's lease: take new
 * outbox events in, then send the due deliveries one by one in sequence order, saving the outcome
 * of each attempt before the next. Losing the lease (another dispatcher took it over because this
 * one looked dead) stops the turn at once, so two dispatchers never send for one subscription.
 */
import type { EventLog, StoredEvent } from '../types.js';
import type { RetryPolicy } from './backoff.js';
import type { DeliveryStore, LeaseRequest, StateChange } from './deliveries.js';
import { markDelivered, markFailed, markUnsendable, nextDue, takeIn, type DeliveryState, type FailureOutcome, type PendingDelivery } from './delivery-state.js';
import { sendWebhook } from './send.js';
import type { WebhookTarget } from './subscriptions.js';

/** Events read from the outbox at a time (intake and look-ups). */
const OUTBOX_CHUNK = 500;

export interface AttemptReport {
  subscription: string;
  seq: number;
  eventId: string;
  type: string;
  outcome: 'delivered' | 'retry' | 'dead';
  /** Attempts made for this delivery, this one included. */
  attempts: number;
  status?: number;
  error?: string;
  nextAttemptAt?: string;
}

export interface PassContext {
  log: EventLog;
  store: DeliveryStore;
  fetch: typeof fetch;
  now: () => number;
  random: () => number;
  timeoutMs: number;
  retry: RetryPolicy;
  maxPending: number;
  lease: () => LeaseRequest;
  onAttempt: ((attempt: AttemptReport) => void) | undefined;
}

export interface PassCounts {
  taken: number;
  delivered: number;
  retried: number;
  dead: number;
}

export class SubscriptionPass {
  state: DeliveryState;
  /** The lease went to another dispatcher: `state` may be stale and nothing more is sent. */
  lost = false;
  readonly counts: PassCounts = { taken: 0, delivered: 0, retried: 0, dead: 0 };
  private readonly events = new Map<number, StoredEvent>();
  private outboxMayHaveMore = true;

  constructor(
    private readonly ctx: PassContext,
    private readonly target: WebhookTarget,
    state: DeliveryState,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.state = state;
  }

  async run(): Promise<void> {
    while (!this.lost && !this.signal?.aborted) {
      // Refill only once half the room is free: re-reading the outbox for every single free
      // slot would cost a read per delivery while a backlog drains.
      if (this.outboxMayHaveMore && this.state.pending.length < Math.ceil(this.ctx.maxPending / 2)) await this.takeIn();
      const due = nextDue(this.state, this.ctx.now());
      if (!due || this.lost) return;
      await this.attempt(due);
    }
  }

  /** Moves new outbox events into pending, chunk by chunk, until the outbox is read or pending is full. */
  private async takeIn(): Promise<void> {
    while (!this.lost && this.state.pending.length < this.ctx.maxPending) {
      const fresh = await this.ctx.log.read({ afterSeq: this.state.cursor, limit: OUTBOX_CHUNK });
      for (const stored of fresh) this.events.set(stored.seq, stored);
      if (fresh.length === 0) {
        this.outboxMayHaveMore = false;
        return;
      }
      let taken = 0;
      const committed = await this.commit((state) => {
        const result = takeIn(state, fresh, this.target.types, this.ctx.now(), this.ctx.maxPending);
        taken = result.taken;
        return result.state;
      });
      if (committed) this.counts.taken += taken;
      if (fresh.length < OUTBOX_CHUNK) {
        this.outboxMayHaveMore = false;
        return;
      }
    }
  }

  private async attempt(delivery: PendingDelivery): Promise<void> {
    const stored = await this.eventAt(delivery.seq);
    if (!stored || stored.event.id !== delivery.eventId) {
      const found = stored ? `holds event ${stored.event.id}` : 'has no event';
      const error = `the outbox ${found} at seq ${delivery.seq}, so ${delivery.eventId} cannot be sent`;
      if (await this.commit((state) => markUnsendable(state, delivery.seq, error, this.ctx.now()))) this.counts.dead++;
      return;
    }
    const result = await sendWebhook({
      url: this.target.url,
      event: stored.event,
      secret: this.target.secret,
      nowMs: this.ctx.now(),
      timeoutMs: this.ctx.timeoutMs,
      fetch: this.ctx.fetch,
      ...(this.signal ? { signal: this.signal } : {}),
    });
    if (result.kind === 'aborted') return; // not an attempt: it is sent again, with the same webhook-id
    const report = { subscription: this.target.id, seq: delivery.seq, eventId: delivery.eventId, type: delivery.type };
    if (result.kind === 'delivered') {
      if (await this.commit((state) => markDelivered(state, delivery.seq))) {
        this.counts.delivered++;
        this.ctx.onAttempt?.({ ...report, outcome: 'delivered', attempts: delivery.attempts + 1, status: result.status });
      }
      return;
    }
    let outcome: FailureOutcome = { kind: 'gone' };
    const committed = await this.commit((state) => {
      const next = markFailed(state, delivery.seq, result, this.ctx.retry, this.ctx.random, this.ctx.now());
      outcome = next.outcome;
      return next.state;
    });
    if (!committed) return;
    const failure = { ...report, attempts: 0, error: result.error, ...(result.status !== undefined ? { status: result.status } : {}) };
    // The assignment happens inside the closure, which control-flow analysis cannot see.
    const settled = outcome as FailureOutcome;
    if (settled.kind === 'retry') {
      this.counts.retried++;
      this.ctx.onAttempt?.({ ...failure, outcome: 'retry', attempts: settled.attempts, nextAttemptAt: new Date(settled.nextAttemptAt).toISOString() });
    } else if (settled.kind === 'dead') {
      this.counts.dead++;
      this.ctx.onAttempt?.({ ...failure, outcome: 'dead', attempts: settled.attempts });
    }
  }

  /** The outbox event at `seq`, read ahead in chunks (pending deliveries are mostly close together). */
  private async eventAt(seq: number): Promise<StoredEvent | undefined> {
    if (!this.events.has(seq)) {
      for (const stored of await this.ctx.log.read({ afterSeq: seq - 1, limit: OUTBOX_CHUNK })) this.events.set(stored.seq, stored);
    }
    return this.events.get(seq);
  }

  /** Saves a change while this dispatcher still holds the lease (renewing it); else stops the pass. */
  private async commit(change: StateChange): Promise<boolean> {
    const next = await this.ctx.store.update(this.target.id, change, this.ctx.lease());
    if (!next) {
      this.lost = true;
      return false;
    }
    this.state = next;
    return true;
  }
}
