/**
 * Delivers the outbox to the webhook subscriptions: takes new events after each subscription's
 * cursor, sends them in sequence order (one at a time, so a receiver sees them in the order they
 * happened), retries failures with backoff and moves a delivery to the dead letters after its
 * last attempt. All state is in the DeliveryStore, written after every attempt, so a new
 * dispatcher (another process, or after a crash) carries on where the last one stopped; the
 * webhook-id is the event id, so a resend after a crash is recognisable as the same delivery.
 */
import { randomBytes } from 'node:crypto';
import { BoError } from '../../core/errors.js';
import type { EventLog } from '../types.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.js';
import type { DeliveryStore } from './deliveries.js';
import { nextAttemptAt, replayDeadLetters, type DeadLetter, type DeliveryState } from './delivery-state.js';
import { SubscriptionPass, type AttemptReport, type PassContext } from './subscription-pass.js';
import type { WebhookTarget } from './subscriptions.js';

export type { AttemptReport } from './subscription-pass.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Pending deliveries kept per subscription; beyond that the backlog waits in the outbox. */
const DEFAULT_MAX_PENDING = 1_000;
/** `run` looks again at least this often even when nothing seems due (e.g. a missed wake-up). */
const DEFAULT_IDLE_MS = 60_000;

export interface DispatcherOptions {
  log: EventLog;
  store: DeliveryStore;
  subscriptions: readonly WebhookTarget[];
  fetch?: typeof fetch;
  /** The clock, in milliseconds since the epoch. */
  now?: () => number;
  /** Random numbers in [0, 1) for the backoff jitter. */
  random?: () => number;
  /** Per attempt; an attempt that takes longer is a failure. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** How long a lease lasts without being renewed (default: the timeout plus 30 s). */
  leaseMs?: number;
  maxPending?: number;
  idleMs?: number;
  /** Told about every attempt (the CLI prints them with --follow). */
  onAttempt?: (attempt: AttemptReport) => void;
}

export interface SubscriptionSummary {
  subscription: string;
  /** Another dispatcher holds the lease: nothing was done. */
  busy: boolean;
  /** The lease was taken over mid-way (this dispatcher looked dead): the counts are what it did until then. */
  leaseLost?: boolean;
  taken: number;
  delivered: number;
  retried: number;
  dead: number;
  pending: number;
  deadLetters: number;
  nextAttemptAt?: string;
}

export interface DeliverSummary {
  subscriptions: SubscriptionSummary[];
  /** When something may next be due (a retry, or another dispatcher's lease running out). */
  nextWakeAt?: number;
}

export interface ReplayOutcome {
  replayed: DeadLetter[];
  missing: string[];
}

export class WebhookDispatcher {
  private readonly options: DispatcherOptions;
  /** This instance's lease token: a new dispatcher (after a crash) is a new owner. */
  private readonly owner = randomBytes(8).toString('hex');
  private readonly now: () => number;
  private readonly pass: PassContext;
  /** One pass at a time per instance: two passes would share the lease and could send twice. */
  private inFlight: Promise<DeliverSummary> | undefined;

  constructor(options: DispatcherOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const leaseMs = options.leaseMs ?? timeoutMs + 30_000;
    this.pass = {
      log: options.log,
      store: options.store,
      fetch: options.fetch ?? globalThis.fetch,
      now: this.now,
      random: options.random ?? Math.random,
      timeoutMs,
      retry: options.retry ?? DEFAULT_RETRY_POLICY,
      maxPending: options.maxPending ?? DEFAULT_MAX_PENDING,
      lease: () => ({ owner: this.owner, ttlMs: leaseMs, nowMs: this.now() }),
      onAttempt: options.onAttempt,
    };
  }

  /**
   * Delivers everything that is due now, for every subscription, and says what happened. A call
   * made while a pass is under way joins that pass (and its signal) instead of starting another.
   */
  deliverDue(signal?: AbortSignal): Promise<DeliverSummary> {
    this.inFlight ??= this.deliverAll(signal).finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Delivers until `signal` aborts, waking for new events in the outbox and for retries. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      // Read before delivering: an event appended during the pass then wakes the wait at once.
      const seen = await this.options.log.lastSeq();
      const summary = await this.deliverDue(signal);
      if (signal.aborted) break;
      await this.waitForWork(seen, summary.nextWakeAt, signal);
    }
  }

  /** Moves dead letters of a subscription back to pending with their attempts reset. */
  async replay(subscriptionId: string, eventIds: readonly string[] | 'all'): Promise<ReplayOutcome> {
    if (!this.options.subscriptions.some((s) => s.id === subscriptionId)) {
      throw new BoError('BO_ERR_USAGE', `no webhook subscription "${subscriptionId}" (configured: ${this.options.subscriptions.map((s) => s.id).join(', ') || 'none'})`);
    }
    let outcome: ReplayOutcome = { replayed: [], missing: [] };
    await this.options.store.update(subscriptionId, (state) => {
      const result = replayDeadLetters(state, eventIds, this.now());
      outcome = { replayed: result.replayed, missing: result.missing };
      return result.state;
    });
    return outcome;
  }

  private async deliverAll(signal: AbortSignal | undefined): Promise<DeliverSummary> {
    const results = await Promise.all(this.options.subscriptions.map((target) => this.deliverSubscription(target, signal)));
    const wakes = results.map((r) => r.wakeAt).filter((at): at is number => at !== undefined);
    return { subscriptions: results.map((r) => r.summary), ...(wakes.length ? { nextWakeAt: Math.min(...wakes) } : {}) };
  }

  private async deliverSubscription(target: WebhookTarget, signal: AbortSignal | undefined): Promise<{ summary: SubscriptionSummary; wakeAt?: number }> {
    const { store } = this.options;
    const acquired = await store.acquire(target.id, this.pass.lease());
    if (!acquired) {
      // Another dispatcher is at it; look again when its lease would run out (if it died).
      const state = await store.read(target.id);
      const leaseEnd = state.lease ? Date.parse(state.lease.expiresAt) : undefined;
      return { summary: summarise(state, { busy: true }), ...(leaseEnd !== undefined ? { wakeAt: leaseEnd } : {}) };
    }
    const pass = new SubscriptionPass(this.pass, target, acquired, signal);
    try {
      await pass.run();
    } finally {
      if (!pass.lost) await store.release(target.id, this.owner);
    }
    const at = pass.lost ? undefined : nextAttemptAt(pass.state);
    return { summary: summarise(pass.state, { ...pass.counts, ...(pass.lost ? { leaseLost: true } : {}) }), ...(at !== undefined ? { wakeAt: at } : {}) };
  }

  private async waitForWork(seenSeq: number, wakeAt: number | undefined, signal: AbortSignal): Promise<void> {
    const delay = Math.min(wakeAt === undefined ? Infinity : wakeAt - this.now(), this.options.idleMs ?? DEFAULT_IDLE_MS);
    if (delay <= 0) return;
    const wake = new AbortController();
    const stop = () => wake.abort();
    signal.addEventListener('abort', stop, { once: true });
    const timer = setTimeout(stop, delay);
    try {
      await this.options.log.follow(seenSeq, stop, wake.signal);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
    }
  }
}

function summarise(state: DeliveryState, counts: Partial<SubscriptionSummary>): SubscriptionSummary {
  const at = nextAttemptAt(state);
  return {
    subscription: state.subscription,
    busy: false,
    taken: 0,
    delivered: 0,
    retried: 0,
    dead: 0,
    ...counts,
    pending: state.pending.length,
    deadLetters: state.deadLetters.length,
    ...(at !== undefined ? { nextAttemptAt: new Date(at).toISOString() } : {}),
  };
}
