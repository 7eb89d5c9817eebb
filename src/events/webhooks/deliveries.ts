/**
 * Where webhook delivery state lives: the `DeliveryStore` interface (the PostgreSQL store will
 * implement it too) and the file implementation, one JSON file per subscription under
 * `ai-state/events/deliveries/`. Every change is a read-modify-write under a file lock, written
 * atomically. Sending is guarded by a lease kept in the state itself: one dispatcher at a time
 * sends for a subscription, and a lease whose holder died (or that expired) can be taken over.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { BoError } from '../../core/errors.js';
import { JsonParseError, parseJson, stableStringify } from '../../core/json.js';
import { check } from '../../core/validation.js';
import { writeFileAtomicSync } from '../../store/file/atomic.js';
import type { StateLayout } from '../../store/file/layout.js';
import { isProcessAlive, withLock, type LockOptions } from '../../store/file/lock.js';
import { DeliveryState, emptyDeliveryState, type Lease } from './delivery-state.js';

export interface LeaseRequest {
  /** A token unique to one dispatcher instance. */
  owner: string;
  ttlMs: number;
  /** The caller's clock, in milliseconds since the epoch. */
  nowMs: number;
}

export type StateChange = (state: DeliveryState) => DeliveryState;

export interface DeliveryStore {
  /** The state of one subscription (an empty one if nothing was ever recorded). */
  read(subscription: string): Promise<DeliveryState>;
  /** Every subscription's state that exists. */
  list(): Promise<DeliveryState[]>;
  /**
   * Takes (or renews) the subscription's lease for `lease.owner`, returning the state; undefined
   * when another owner holds a lease that has not expired and whose process is alive.
   */
  acquire(subscription: string, lease: LeaseRequest): Promise<DeliveryState | undefined>;
  /**
   * Applies `change` to the current state and saves it. With `lease`, only while that owner still
   * holds the lease (which is renewed); undefined when the lease was lost to another dispatcher.
   */
  update(subscription: string, change: StateChange, lease?: LeaseRequest): Promise<DeliveryState | undefined>;
  /** Gives the lease up (if `owner` still holds it). */
  release(subscription: string, owner: string): Promise<void>;
}

const HOST = hostname();

/** Is `lease` in force against `owner` at `nowMs`? A holder that died on this host holds nothing. */
export function leaseHeldByOther(lease: Lease | null | undefined, owner: string, nowMs: number, alive: (pid: number) => boolean = isProcessAlive): boolean {
  if (!lease || lease.owner === owner) return false;
  if (Date.parse(lease.expiresAt) <= nowMs) return false;
  return !(lease.host === HOST && !alive(lease.pid));
}

const leaseFor = (request: LeaseRequest): Lease => ({ owner: request.owner, pid: process.pid, host: HOST, expiresAt: new Date(request.nowMs + request.ttlMs).toISOString() });

/**
 * A file name for a subscription id (often a URL): kept as is when it is already a plain name,
 * else slugged and suffixed with a hash of the id, so two ids never share a file.
 */
export function subscriptionSlug(id: string): string {
  if (/^[a-z0-9][a-z0-9._-]{0,63}$/.test(id) && !id.endsWith('.json')) return id;
  const slug = id
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 8);
  return `${slug || 'subscription'}-${hash}`;
}

export interface FileDeliveryStoreOptions {
  lock?: LockOptions;
}

export class FileDeliveryStore implements DeliveryStore {
  readonly dir: string;
  private readonly locks: string;
  private readonly lockOptions: LockOptions;

  constructor(layout: Pick<StateLayout, 'events' | 'locks'>, options: FileDeliveryStoreOptions = {}) {
    this.dir = path.join(layout.events, 'deliveries');
    this.locks = layout.locks;
    this.lockOptions = options.lock ?? {};
  }

  fileFor(subscription: string): string {
    return path.join(this.dir, `${subscriptionSlug(subscription)}.json`);
  }

  async read(subscription: string): Promise<DeliveryState> {
    return this.load(subscription);
  }

  async list(): Promise<DeliveryState[]> {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((name) => name.endsWith('.json') && !name.startsWith('.'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names.sort().map((name) => parseStateFile(path.join(this.dir, name), readFileSync(path.join(this.dir, name), 'utf8')));
  }

  async acquire(subscription: string, lease: LeaseRequest): Promise<DeliveryState | undefined> {
    return this.locked(subscription, () => {
      const state = this.load(subscription);
      if (leaseHeldByOther(state.lease, lease.owner, lease.nowMs)) return undefined;
      return this.save({ ...state, lease: leaseFor(lease) });
    });
  }

  async update(subscription: string, change: StateChange, lease?: LeaseRequest): Promise<DeliveryState | undefined> {
    return this.locked(subscription, () => {
      const state = this.load(subscription);
      if (lease && state.lease?.owner !== lease.owner) return undefined;
      const next = change(state);
      return this.save(lease ? { ...next, lease: leaseFor(lease) } : next);
    });
  }

  async release(subscription: string, owner: string): Promise<void> {
    await this.locked(subscription, () => {
      const state = this.load(subscription);
      if (state.lease?.owner === owner) this.save({ ...state, lease: null });
    });
  }

  private async locked<T>(subscription: string, fn: () => T): Promise<T> {
    await mkdir(this.dir, { recursive: true });
    return withLock(this.locks, `delivery-${subscriptionSlug(subscription)}`, async () => fn(), this.lockOptions);
  }

  private load(subscription: string): DeliveryState {
    const file = this.fileFor(subscription);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyDeliveryState(subscription);
      throw error;
    }
    const state = parseStateFile(file, text);
    if (state.subscription !== subscription) {
      throw new BoError('BO_ERR_STATE_CORRUPT', `${file}: holds the deliveries of "${state.subscription}", not "${subscription}" (move the file away to start over)`);
    }
    return state;
  }

  private save(state: DeliveryState): DeliveryState {
    writeFileAtomicSync(this.fileFor(state.subscription), stableStringify(state));
    return state;
  }
}

function parseStateFile(file: string, text: string): DeliveryState {
  let raw: unknown;
  try {
    raw = parseJson(text);
  } catch (error) {
    const e = error as JsonParseError;
    throw new BoError('BO_ERR_STATE_CORRUPT', `${file}:${e.line}:${e.column}: ${e.message}`);
  }
  const result = check(DeliveryState, raw);
  if (!result.ok) throw new BoError('BO_ERR_STATE_CORRUPT', `${file}: ${result.errors.join('; ')}`);
  return result.value;
}
