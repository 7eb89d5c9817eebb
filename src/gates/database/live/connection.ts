/**
 * The database the live gates run on: an embedded PostgreSQL (PGlite, in memory, created fresh) by
 * default, or a scratch database `bo_check_<random>` made on a given PostgreSQL server and dropped
 * on close, so the user's own databases are never touched. Both are loaded lazily: a static
 * `bo check` never pays for them.
 */
import { randomBytes } from 'node:crypto';
import type { Extension, PGlite } from '@electric-sql/pglite';

export type Row = Record<string, unknown>;

export interface Database {
  readonly kind: 'pglite' | 'postgresql';
  /** Where it runs, for messages. */
  readonly label: string;
  /** The scratch database's URL (a server only): what backup commands get as DATABASE_URL. */
  readonly url?: string;
  /** One statement, no parameters (simple protocol: DDL, several result sets). */
  exec(sql: string): Promise<void>;
  query<T extends object = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Back to an empty database. */
  reset(): Promise<void>;
  /**
   * A URL another process can connect to (the project's knex or TypeORM, when the user lets the
   * gates run its migrations): the scratch database's, or PGlite served on a loopback socket.
   */
  connectionUrl(): Promise<string>;
  close(): Promise<void>;
}

/** A PostgreSQL error as both drivers give it (the protocol's ErrorResponse fields). */
export interface PostgresError {
  message: string;
  code?: string;
  detail?: string;
  hint?: string;
  /** 1-based character position in the statement sent. */
  position?: string;
}

export const asPostgresError = (error: unknown): PostgresError => {
  if (error && typeof error === 'object' && 'message' in error) return error as PostgresError;
  return { message: String(error) };
};

/** PGlite's bundled contrib extensions, by the name `CREATE EXTENSION` uses. */
const CONTRIB = new Map<string, string>(
  ['btree_gin', 'btree_gist', 'citext', 'cube', 'earthdistance', 'fuzzystrmatch', 'hstore', 'intarray', 'isn', 'lo', 'ltree', 'pg_trgm', 'pgcrypto', 'seg', 'tablefunc', 'unaccent', 'moddatetime']
    .map((name) => [name, name] as [string, string])
    .concat([['uuid-ossp', 'uuid_ossp']]),
);

/** Extensions the migrations create that PGlite bundles: loaded at start so `CREATE EXTENSION` works. */
export function bundledExtensions(sqlTexts: readonly string[]): string[] {
  const names = new Set<string>();
  for (const text of sqlTexts) {
    for (const match of text.matchAll(/\bCREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([\w-]+)"?/gi)) {
      const name = (match[1] as string).toLowerCase();
      if (CONTRIB.has(name)) names.add(name);
    }
  }
  return [...names].sort();
}

/**
 * PGlite finds its WebAssembly and data files next to its own module, so it is loaded from
 * node_modules at run time (a variable specifier: a bundler leaves it alone) rather than bundled.
 */
const PGLITE = '@electric-sql/pglite';
const PGLITE_SOCKET = '@electric-sql/pglite-socket';

export async function openPglite(extensionNames: readonly string[] = []): Promise<Database> {
  const { PGlite } = (await import(PGLITE)) as typeof import('@electric-sql/pglite');
  const extensions: Record<string, Extension> = {};
  for (const name of extensionNames) {
    const module = CONTRIB.get(name);
    if (!module) continue;
    const loaded = (await import(`${PGLITE}/contrib/${module}`)) as Record<string, Extension>;
    const extension = loaded[module];
    if (extension) extensions[module] = extension;
  }
  const db: PGlite = await PGlite.create({ extensions });
  let socket: { stop(): Promise<void> } | undefined;
  let socketUrl: string | undefined;
  return {
    kind: 'pglite',
    label: 'embedded PostgreSQL (PGlite)',
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <T extends object>(sql: string, params: readonly unknown[] = []) => (await db.query<T>(sql, [...params])).rows,
    reset: async () => {
      const schemas = await db.query<{ name: string }>(`SELECT n.nspname AS name FROM pg_namespace n WHERE ${USER_SCHEMA}`);
      for (const { name } of schemas.rows) await db.exec(`DROP SCHEMA ${quoteIdent(name)} CASCADE`);
      const extensions = await db.query<{ name: string }>("SELECT extname AS name FROM pg_extension WHERE extname <> 'plpgsql'");
      for (const { name } of extensions.rows) await db.exec(`DROP EXTENSION IF EXISTS ${quoteIdent(name)} CASCADE`);
      await db.exec('CREATE SCHEMA IF NOT EXISTS public');
    },
    connectionUrl: async () => {
      if (!socketUrl) {
        const { PGLiteSocketServer } = (await import(PGLITE_SOCKET)) as typeof import('@electric-sql/pglite-socket');
        const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
        await server.start();
        socket = server;
        socketUrl = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
      }
      return socketUrl;
    },
    close: async () => {
      await socket?.stop().catch(() => undefined);
      await db.close();
    },
  };
}

/** Schemas that belong to the user (a condition on `n.nspname`). */
export const USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The part of `pg` the server connection uses (it is loaded at run time, when a server is given). */
interface PgClient {
  connect(): Promise<unknown>;
  query(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
type PgClientClass = new (config: { connectionString: string }) => PgClient;

async function pgClientClass(): Promise<PgClientClass> {
  const name = 'pg';
  let loaded: { Client?: PgClientClass; default?: { Client?: PgClientClass } };
  try {
    loaded = (await import(name)) as typeof loaded;
  } catch {
    throw new Error('the `pg` package is not installed (npm install pg), so a PostgreSQL server cannot be used');
  }
  const Client = loaded.Client ?? loaded.default?.Client;
  if (!Client) throw new Error('the `pg` package has no Client');
  return Client;
}

const urlWithDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

/** Host and port of a URL, never its credentials (for messages). */
export const serverLabel = (url: string): string => {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}`;
  } catch {
    return 'the given server';
  }
};

/**
 * A scratch database on the server at `url`: created with a random name, dropped on close.
 * The connection to `url` itself is only used to create and drop it.
 */
export async function openScratchDatabase(url: string, prefix = 'bo_check'): Promise<Database> {
  const Client = await pgClientClass();
  const admin = new Client({ connectionString: url });
  admin.on('error', () => undefined);
  await admin.connect();
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const scratchUrl = urlWithDatabase(url, name);
  let client: PgClient | undefined;
  const connect = async () => {
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    const next = new Client({ connectionString: scratchUrl });
    next.on('error', () => undefined);
    await next.connect();
    client = next;
  };
  const drop = async () => {
    await client?.end().catch(() => undefined);
    client = undefined;
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`).catch(() => admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`));
  };
  try {
    await connect();
  } catch (error) {
    await drop().catch(() => undefined);
    await admin.end().catch(() => undefined);
    throw error;
  }
  const current = () => {
    if (!client) throw new Error(`the scratch database ${name} is closed`);
    return client;
  };
  return {
    kind: 'postgresql',
    label: `scratch database ${name} on ${serverLabel(url)}`,
    url: scratchUrl,
    exec: async (sql) => {
      await current().query(sql);
    },
    query: async <T extends object>(sql: string, params: readonly unknown[] = []) => (await current().query(sql, [...params])).rows as T[],
    reset: async () => {
      await drop();
      await connect();
    },
    connectionUrl: async () => scratchUrl,
    close: async () => {
      try {
        await drop();
      } finally {
        await admin.end().catch(() => undefined);
      }
    },
  };
}
