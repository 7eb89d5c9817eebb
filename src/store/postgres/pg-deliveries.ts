/**
 * Webhook delivery state on PostgreSQL: one `bo_deliveries` row per subscription, its state as
 * jsonb and the sending lease in columns. Every change is a transaction that takes the row with
 * SELECT … FOR UPDATE, so of all the dispatchers on all instances exactly one holds a
 * subscription's lease at a time; a holder that crashed loses it when it expires (or at once when
 * it was on this host and its process is gone) and another instance carries on from the state
 * saved after the last attempt. The state changes themselves are the pure ones of delivery-state.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { PoolClient } from 'pg';
import { BoError } from '../../core/errors.js';
import { check } from '../../core/validation.js';
import { leaseHeldByOther, type DeliveryStore, type LeaseRequest, type StateChange } from '../../events/webhooks/deliveries.js';
import { DeliveryState, emptyDeliveryState, type Lease } from '../../events/webhooks/delivery-state.js';
import type { PgConnection } from './connection.js';

interface DeliveryRow {
  subscription: string;
  state: unknown;
  lease_owner: string | null;
  lease_pid: number | null;
  lease_host: string | null;
  lease_expires_at: Date | null;
  write_token: string | null;
}

const HOST = hostname();
const COLUMNS = 'subscription, state, lease_owner, lease_pid, lease_host, lease_expires_at, write_token';

const newToken = () => randomBytes(9).toString('base64url');

/** The columns a change writes ($2–$7 of stateParams). */
const SET_STATE = 'state = $2, lease_owner = $3, lease_pid = $4, lease_host = $5, lease_expires_at = $6, write_token = $7, updated_at = now()';

function stateParams(subscription: string, state: DeliveryState, token: string): unknown[] {
  const { lease, ...rest } = state;
  return [subscription, JSON.stringify(rest), lease?.owner ?? null, lease?.pid ?? null, lease?.host ?? null, lease?.expiresAt ?? null, token];
}

const leaseFor = (request: LeaseRequest): Lease => ({ owner: request.owner, pid: process.pid, host: HOST, expiresAt: new Date(request.nowMs + request.ttlMs).toISOString() });

export class PgDeliveryStore implements DeliveryStore {
  /** Per subscription: the state this process last read or wrote, and the row's write token then. */
  private readonly kept = new Map<string, { state: DeliveryState; token: string | null }>();

  constructor(private readonly connection: PgConnection) {}

  async read(subscription: string): Promise<DeliveryState> {
    const [row] = await this.connection.query<DeliveryRow>(`SELECT ${COLUMNS} FROM bo_deliveries WHERE subscription = $1`, [subscription]);
    return row ? this.stateOf(row) : emptyDeliveryState(subscription);
  }

  async list(): Promise<DeliveryState[]> {
    const rows = await this.connection.query<DeliveryRow>(`SELECT ${COLUMNS} FROM bo_deliveries ORDER BY subscription`);
    return rows.map((row) => this.stateOf(row));
  }

  async acquire(subscription: string, lease: LeaseRequest): Promise<DeliveryState | undefined> {
    return this.change(subscription, (state) => (leaseHeldByOther(state.lease, lease.owner, lease.nowMs) ? undefined : { ...state, lease: leaseFor(lease) }));
  }

  async update(subscription: string, change: StateChange, lease?: LeaseRequest): Promise<DeliveryState | undefined> {
    return this.change(subscription, (state) => {
      if (lease && state.lease?.owner !== lease.owner) return undefined;
      const next = change(state);
      return lease ? { ...next, lease: leaseFor(lease) } : next;
    });
  }

  async release(subscription: string, owner: string): Promise<void> {
    // A new token too: a state kept from before no longer passes for the current one.
    this.kept.delete(subscription);
    await this.connection.query(
      `UPDATE bo_deliveries SET lease_owner = NULL, lease_pid = NULL, lease_host = NULL, lease_expires_at = NULL, write_token = $3, updated_at = now()
       WHERE subscription = $1 AND lease_owner = $2`,
      [subscription, owner, newToken()],
    );
  }

  /**
   * Read-modify-write of one subscription's state. `decide` returns the new state, or undefined to
   * change nothing (and answer undefined); it is pure, so it may be asked twice. The dispatcher
   * holding the lease is usually the only writer, so the state this process wrote last is tried
   * first, as a compare-and-set on the row's write token (one round trip); when another writer
   * came in between, the row is read and written under its row lock (FOR UPDATE).
   */
  private async change(subscription: string, decide: (state: DeliveryState) => DeliveryState | undefined): Promise<DeliveryState | undefined> {
    const kept = this.kept.get(subscription);
    let attempted: { token: string; state: DeliveryState } | undefined;
    if (kept) {
      const next = decide(kept.state);
      if (next) {
        attempted = { token: newToken(), state: next };
        const written = await this.connection.query(
          `UPDATE bo_deliveries SET ${SET_STATE} WHERE subscription = $1 AND write_token = $8 RETURNING 1 AS written`,
          [...stateParams(subscription, next, attempted.token), kept.token],
        );
        if (written.length > 0) {
          this.kept.set(subscription, { state: next, token: attempted.token });
          return next;
        }
      }
    }
    return this.changeLocked(subscription, decide, attempted);
  }

  private async changeLocked(subscription: string, decide: (state: DeliveryState) => DeliveryState | undefined, attempted: { token: string; state: DeliveryState } | undefined): Promise<DeliveryState | undefined> {
    const writeToken = newToken();
    let outcome: { state: DeliveryState; token: string | null; written: boolean } | undefined;
    const result = await this.connection.transaction(
      async (client) => {
        const { state, token } = await this.locked(client, subscription);
        // The compare-and-set above may have been applied with its answer lost: then that was the change.
        if (attempted && token === attempted.token) {
          outcome = { state: attempted.state, token, written: true };
          return attempted.state;
        }
        const next = decide(state);
        if (!next) {
          outcome = { state, token, written: false };
          return undefined;
        }
        await client.query(`UPDATE bo_deliveries SET ${SET_STATE} WHERE subscription = $1`, stateParams(subscription, next, writeToken));
        outcome = { state: next, token: writeToken, written: true };
        return next;
      },
      async () => {
        const [row] = await this.connection.query<DeliveryRow>(`SELECT ${COLUMNS} FROM bo_deliveries WHERE subscription = $1`, [subscription]);
        return row?.write_token === writeToken && outcome?.written ? outcome.state : undefined;
      },
    );
    if (outcome?.token) this.kept.set(subscription, { state: outcome.state, token: outcome.token });
    else this.kept.delete(subscription);
    return result;
  }

  /** The subscription's state and write token with its row locked for this transaction (a missing row is created empty). */
  private async locked(client: PoolClient, subscription: string): Promise<{ state: DeliveryState; token: string | null }> {
    const { lease: _none, ...empty } = emptyDeliveryState(subscription);
    await client.query('INSERT INTO bo_deliveries (subscription, state) VALUES ($1, $2) ON CONFLICT (subscription) DO NOTHING', [subscription, JSON.stringify(empty)]);
    const { rows } = await client.query<DeliveryRow>(`SELECT ${COLUMNS} FROM bo_deliveries WHERE subscription = $1 FOR UPDATE`, [subscription]);
    const row = rows[0] as DeliveryRow;
    return { state: this.stateOf(row), token: row.write_token };
  }

  private stateOf(row: DeliveryRow): DeliveryState {
    const lease: Lease | null =
      row.lease_owner && row.lease_expires_at
        ? { owner: row.lease_owner, pid: row.lease_pid ?? 0, host: row.lease_host ?? '', expiresAt: new Date(row.lease_expires_at).toISOString() }
        : null;
    const result = check(DeliveryState, { ...(row.state as object), lease });
    if (!result.ok) throw new BoError('BO_ERR_STATE_CORRUPT', `postgres://${this.connection.label}/bo_deliveries/${row.subscription}: ${result.errors.join('; ')}`);
    if (result.value.subscription !== row.subscription) {
      throw new BoError('BO_ERR_STATE_CORRUPT', `postgres://${this.connection.label}/bo_deliveries/${row.subscription}: holds the deliveries of "${result.value.subscription}"`);
    }
    return result.value;
  }
}
