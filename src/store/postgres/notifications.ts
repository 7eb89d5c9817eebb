/**
 * LISTEN/NOTIFY for one store in one process: a dedicated connection (never the pool's) listening
 * on the store's channels, `<schema>_bo_tasks` (a task was written: `id version status`, comma
 * separated) and `<schema>_bo_events` (the outbox grew: the last seq). It reconnects on its own
 * after the server dropped it; while it is down `live` is false and users fall back to polling.
 * `epoch` changes on every (re)connection, since notifications sent in between were lost.
 * `<schema>_bo_sync_<pid>` is this listener's own channel: a NOTIFY sent there is received after
 * every notification committed before it (the server queues them in commit order), which makes
 * `sync` a barrier: "everything written so far has been heard".
 */
import type { Client, Notification } from 'pg';
import type { PgConnection } from './connection.js';

export type Channel = 'bo_tasks' | 'bo_events';

const LISTEN = `DO $$ BEGIN
  EXECUTE format('LISTEN %I', current_schema() || '_bo_tasks');
  EXECUTE format('LISTEN %I', current_schema() || '_bo_events');
  EXECUTE format('LISTEN %I', current_schema() || '_bo_sync_' || pg_backend_pid());
END $$`;

const RECONNECT_MS = [50, 100, 250, 500, 1_000, 2_000];

export class PgNotifications {
  live = false;
  epoch = 0;
  private client: Client | undefined;
  private connecting = false;
  private closed = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The listening connection's backend process id: the name of its own sync channel. */
  private pid: number | undefined;
  private readonly syncs = new Map<string, () => void>();
  private syncCount = 0;
  private readonly listeners = new Map<Channel, Set<(payload: string) => void>>();
  private readonly stateListeners = new Set<() => void>();

  constructor(private readonly connection: PgConnection) {}

  /** Starts listening (in the background) if not already; idempotent. */
  start(): void {
    if (this.closed || this.client || this.connecting || this.timer) return;
    this.connecting = true;
    void this.connect().finally(() => (this.connecting = false));
  }

  /** Calls `fn` with each payload on `channel` until the returned function is called. */
  subscribe(channel: Channel, fn: (payload: string) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  /** Calls `fn` whenever `live` changes (a follower then re-reads: it may have missed something). */
  onStateChange(fn: () => void): () => void {
    this.stateListeners.add(fn);
    return () => this.stateListeners.delete(fn);
  }

  /**
   * Resolves true once every notification committed before the call has been received, false
   * when that cannot be known (not listening, or the connection was replaced meanwhile).
   */
  async sync(timeoutMs = 2_000): Promise<boolean> {
    if (!this.live || this.pid === undefined) return false;
    const epoch = this.epoch;
    const token = String(++this.syncCount);
    const arrived = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.syncs.delete(token);
        resolve(false);
      }, timeoutMs);
      this.syncs.set(token, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    try {
      await this.connection.query(`SELECT pg_notify(current_schema() || '_bo_sync_' || $1::text, $2)`, [this.pid, token]);
    } catch {
      this.syncs.delete(token);
      return false;
    }
    return (await arrived) && this.live && this.epoch === epoch;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    this.setLive(false);
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    let client: Client | undefined;
    try {
      await this.connection.ready();
      client = await this.connection.dedicatedClient();
      const current = client;
      client.on('notification', (message: Notification) => this.dispatch(message));
      client.on('end', () => this.lost(current));
      client.on('error', () => this.lost(current));
      await client.query(LISTEN);
      this.pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      if (this.closed) {
        await client.end();
        return;
      }
      // A listener alone must not keep a finished command's process running.
      (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
      this.client = client;
      this.failures = 0;
      this.epoch++;
      this.setLive(true);
    } catch {
      await client?.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.setLive(false);
    // Barriers waiting on this connection will never be passed: they answer now (not live: false).
    for (const done of this.syncs.values()) done();
    this.syncs.clear();
    void client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.timer) return;
    const delay = RECONNECT_MS[Math.min(this.failures++, RECONNECT_MS.length - 1)] as number;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start();
    }, delay);
    this.timer.unref();
  }

  private setLive(live: boolean): void {
    if (this.live === live) return;
    this.live = live;
    for (const fn of this.stateListeners) fn();
  }

  private dispatch(message: Notification): void {
    if (/_bo_sync_\d+$/.test(message.channel)) {
      const done = this.syncs.get(message.payload ?? '');
      this.syncs.delete(message.payload ?? '');
      done?.();
      return;
    }
    const channel: Channel | undefined = message.channel.endsWith('_bo_tasks') ? 'bo_tasks' : message.channel.endsWith('_bo_events') ? 'bo_events' : undefined;
    if (!channel) return;
    for (const fn of this.listeners.get(channel) ?? []) fn(message.payload ?? '');
  }
}
