/**
 * The connection to the PostgreSQL store: the `pg` driver loaded at run time (the file store's
 * path never loads it), one pool per process, the store's schema migrated before first use, and
 * retries that make a dropped connection (a restarted server, `pg_terminate_backend`) a pause
 * rather than an error. Only what cannot have been applied is retried blindly; a COMMIT whose
 * answer was lost is resolved by the caller's `verify` (every write carries a token for that).
 */
import type { Client, ClientConfig, Pool, PoolClient, QueryResultRow } from 'pg';
import { BoError } from '../../core/errors.js';
import { isConnectionLoss, isTransient } from './errors.js';
import { migrate } from './migrations.js';
import type { StoreLocation } from './url.js';

export type PostgresLocation = Extract<StoreLocation, { kind: 'postgres' }>;

export interface PgConnectionOptions {
  location: PostgresLocation;
  /** Connections in this process's pool (default 4). */
  max?: number;
  /** Shown in pg_stat_activity (default `backend-orchestrator`). */
  applicationName?: string;
  /** How long an operation keeps retrying while the server cannot be reached (default 15 s). */
  retryMs?: number;
}

type PgModule = typeof import('pg');

/** Loaded by a variable specifier: bundlers leave it alone, and nothing loads it until needed. */
const DRIVER = 'pg';
let driver: Promise<PgModule> | undefined;

async function loadDriver(): Promise<PgModule> {
  driver ??= (import(DRIVER) as Promise<PgModule & { default?: PgModule }>)
    .then((loaded) => loaded.default ?? loaded)
    .catch(() => {
      driver = undefined;
      throw new BoError('BO_ERR_CONFIG_INVALID', 'the PostgreSQL store needs the `pg` package, which is not installed (npm install pg)');
    });
  return driver;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An error this module raised because the server could not be reached (long-running loops wait it out). */
export const isUnreachable = (error: unknown): boolean => error instanceof BoError && error.details?.unreachable === true;

export class PgConnection {
  readonly schema: string;
  readonly label: string;
  private readonly options: PgConnectionOptions;
  private opening: Promise<Pool> | undefined;
  private pool: Pool | undefined;
  private everConnected = false;
  private closed = false;

  constructor(options: PgConnectionOptions) {
    this.options = options;
    this.schema = options.location.schema;
    this.label = options.location.label;
  }

  /** The pool, once the store's schema is up to date (migrated by whichever instance gets there first). */
  ready(): Promise<Pool> {
    if (this.closed) return Promise.reject(new BoError('BO_ERR_USAGE', `the PostgreSQL store at ${this.label} is closed`));
    this.opening ??= this.retrying(async () => {
      const pool = await this.createPool();
      try {
        await migrate(pool, this.schema);
      } catch (error) {
        await pool.end().catch(() => undefined);
        throw error;
      }
      this.everConnected = true;
      this.pool = pool;
      return pool;
    }).catch((error: unknown) => {
      this.opening = undefined; // the next call tries again
      throw error;
    });
    return this.opening;
  }

  /** The settings of every connection: the store's schema first on the search path. */
  private async clientConfig(): Promise<ClientConfig> {
    return {
      connectionString: this.options.location.url,
      application_name: this.options.applicationName ?? 'backend-orchestrator',
      options: `-c search_path=${this.schema}`,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
    };
  }

  private async createPool(): Promise<Pool> {
    const pg = await loadDriver();
    const pool = new pg.Pool({ ...(await this.clientConfig()), max: this.options.max ?? 4, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
    // An idle connection the server dropped is removed by the pool; the next query opens another.
    pool.on('error', () => undefined);
    // A connection dropped while checked out (between a transaction's statements) must not take the
    // process down: the statement in flight, or the next one, fails and is retried on another.
    pool.on('connect', (client) => client.on('error', () => undefined));
    return pool;
  }

  /** A connection of its own, outside the pool (LISTEN needs one that stays open). */
  async dedicatedClient(): Promise<Client> {
    const pg = await loadDriver();
    const client = new pg.Client(await this.clientConfig());
    client.on('error', () => undefined); // the owner watches 'end' and reconnects
    await client.connect();
    return client;
  }

  /** One statement, its values as parameters, safe to send again (a read, or a write made idempotent). */
  async query<R extends QueryResultRow = QueryResultRow>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    return this.retrying(async () => {
      const pool = await this.ready();
      return (await pool.query<R>(sql, [...params])).rows;
    });
  }

  /** The same as a named prepared statement: planned once per connection (for the hot paths). */
  async prepared<R extends QueryResultRow = QueryResultRow>(name: string, sql: string, params: readonly unknown[]): Promise<R[]> {
    return this.retrying(async () => {
      const pool = await this.ready();
      return (await pool.query<R>({ name, text: sql, values: [...params] })).rows;
    });
  }

  /**
   * `fn` inside BEGIN … COMMIT on one connection. A connection lost before the COMMIT was sent,
   * or a serialization failure, runs the whole of `fn` again (nothing of it was applied). A COMMIT
   * whose answer was lost is ambiguous: `verify` says whether it was applied (its result is then
   * returned); without it, or when it cannot tell, the transaction runs again.
   */
  async transaction<T>(fn: (client: PoolClient) => Promise<T>, verify?: () => Promise<T | undefined>): Promise<T> {
    return this.retrying(async () => {
      const pool = await this.ready();
      const client = await pool.connect();
      let broken: Error | undefined;
      let committing = false;
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        committing = true;
        await client.query('COMMIT');
        return result;
      } catch (error) {
        if (isConnectionLoss(error)) broken = error as Error;
        else await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError as Error));
        if (committing && broken && verify) {
          const applied = await this.retrying(verify);
          if (applied !== undefined) return applied;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    });
  }

  /** Runs `operation` again while the server is unreachable, up to the retry budget. */
  private async retrying<T>(operation: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + (this.options.retryMs ?? 15_000);
    for (let attempt = 0; ; attempt++) {
      try {
        return await operation();
      } catch (error) {
        const loss = isConnectionLoss(error);
        // A server never reached is a setting to fix, not a blip to wait out.
        const neverUp = loss && !this.everConnected && attempt >= 1;
        if (this.closed || (!loss && !isTransient(error)) || neverUp || Date.now() >= deadline) throw this.explain(error);
        await sleep(Math.min(25 * 2 ** attempt, 1_000));
      }
    }
  }

  /** Connection failures become a message that says where and what to change; others pass through. */
  private explain(error: unknown): unknown {
    if (error instanceof BoError) return error;
    const e = error as { code?: string; message?: string };
    const code = String(e?.code ?? '');
    const fix = 'start the server, or fix `store` in the config (or BO_STORE_URL)';
    if (isConnectionLoss(error)) return new BoError('BO_ERR_CONFIG_INVALID', `cannot reach the PostgreSQL store at ${this.label} (${e.message ?? code}): ${fix}`, { code, unreachable: true });
    if (code.startsWith('28') || code === '3D000') return new BoError('BO_ERR_CONFIG_INVALID', `the PostgreSQL store at ${this.label} refused the connection: ${e.message}; ${fix}`, { code });
    return error;
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool ?? (await this.opening?.catch(() => undefined));
    this.pool = undefined;
    this.opening = undefined;
    await pool?.end().catch(() => undefined);
  }
}
