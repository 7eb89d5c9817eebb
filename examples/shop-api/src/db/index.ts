/**
 * Minimal database access layer.
 *
 * - With DATABASE_URL set, queries go to PostgreSQL through a `pg` connection pool.
 * - Without it, an embedded PostgreSQL (PGlite) is used, in memory or in PGLITE_DATA_DIR.
 *
 * Everything else in the app only uses `query`, `exec` and `transaction`.
 */
import pg from 'pg';
import { openPglite } from './pglite.js';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
}

export interface TransactionClient extends Queryable {
  exec(sql: string): Promise<void>;
}

interface Driver extends TransactionClient {
  readonly kind: 'pg' | 'pglite';
  transaction<T>(fn: (tx: TransactionClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
}

let driver: Driver | undefined;

function createPgDriver(connectionString: string): Driver {
  const pool = new pg.Pool({ connectionString, max: 10 });
  const wrap = (client: pg.Pool | pg.PoolClient): TransactionClient => ({
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await client.query(sql, params);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? result.rows.length };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });
  return {
    kind: 'pg',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function createPgliteDriver(dataDir: string | undefined): Promise<Driver> {
  const db = await openPglite(dataDir);
  type PgliteLike = Pick<typeof db, 'query' | 'exec'>;
  const wrap = (client: PgliteLike): TransactionClient => ({
    async query<T>(sql: string, params: unknown[] = []) {
      const result = await client.query<T>(sql, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await client.exec(sql);
    },
  });
  return {
    kind: 'pglite',
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}

export async function connect(options: ConnectOptions = {}): Promise<void> {
  if (driver) return;
  driver = options.databaseUrl ? createPgDriver(options.databaseUrl) : await createPgliteDriver(options.dataDir);
}

function current(): Driver {
  if (!driver) throw new Error('Database is not connected; call connect() first');
  return driver;
}

export function query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<QueryResult<T>> {
  return current().query<T>(sql, params);
}

export function exec(sql: string): Promise<void> {
  return current().exec(sql);
}

export function transaction<T>(fn: (tx: TransactionClient) => Promise<T>): Promise<T> {
  return current().transaction(fn);
}

export const db: Queryable = { query };

export async function disconnect(): Promise<void> {
  const active = driver;
  driver = undefined;
  if (active) await active.close();
}
