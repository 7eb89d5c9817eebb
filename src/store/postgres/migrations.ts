/**
 * The PostgreSQL store's own schema, as numbered migrations applied in order on start and recorded
 * in `bo_store_migrations`. Several instances starting at once are safe: an instance that finds
 * work to do takes a session advisory lock (per schema) and looks again before applying anything,
 * so each migration runs exactly once, in its own transaction. A database migrated by a newer `bo`
 * is refused instead of being used half-understood.
 */
import type { Pool, PoolClient } from 'pg';
import { BoError } from '../../core/errors.js';
import { isConnectionLoss } from './errors.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tasks, task history, registry snapshots, reports',
    sql: `
      CREATE TABLE bo_tasks (
        id text PRIMARY KEY,
        number integer NOT NULL,
        status text NOT NULL,
        -- done and cancelled tasks are the archive: they never change again
        archived boolean GENERATED ALWAYS AS (status IN ('done', 'cancelled')) STORED,
        -- bumped by every write: the compare-and-set of read-modify-write
        version integer NOT NULL DEFAULT 1,
        doc jsonb NOT NULL,
        agent text,
        lease_until timestamptz,
        -- the token of the last write, so a writer whose COMMIT answer was lost can tell it was applied
        write_token text,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX bo_tasks_active ON bo_tasks (number) WHERE NOT archived;
      CREATE INDEX bo_tasks_ready ON bo_tasks (status) WHERE status = 'ready';

      -- Every status change, in the order written (also in the task's own history).
      CREATE TABLE bo_task_history (
        seq bigserial PRIMARY KEY,
        task_id text NOT NULL,
        at text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        actor text NOT NULL,
        note text
      );
      CREATE INDEX bo_task_history_task ON bo_task_history (task_id, seq);

      -- Each registry write is a snapshot; the newest per kind is the registry.
      CREATE TABLE bo_registry_snapshots (
        seq bigserial PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('endpoints', 'models', 'services')),
        body text NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX bo_registry_snapshots_kind ON bo_registry_snapshots (kind, seq DESC);

      CREATE SEQUENCE bo_report_saves;
      CREATE TABLE bo_reports (
        scope text NOT NULL,
        id text NOT NULL,
        body text NOT NULL,
        -- the order of saves: the newest in a scope is its "latest"
        saved_seq bigint NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, id)
      );
      CREATE INDEX bo_reports_latest ON bo_reports (scope, saved_seq DESC);
    `,
  },
  {
    version: 2,
    name: 'event outbox and webhook deliveries',
    sql: `
      CREATE TABLE bo_events (
        -- 1, 2, 3… in append order, no gaps: given by bo_append_events under its lock
        seq bigint PRIMARY KEY,
        source text NOT NULL,
        id text NOT NULL,
        type text NOT NULL,
        event jsonb NOT NULL,
        -- the appending call's token (see bo_tasks.write_token)
        batch text,
        appended_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (source, id)
      );
      CREATE INDEX bo_events_id ON bo_events (id);

      -- Appends one batch (repeats within it already removed by the caller). One appender at a
      -- time (a transaction advisory lock): sequence numbers follow each other without gaps and
      -- become visible in increasing order, so a reader that has seen seq N never later finds a
      -- smaller one committed behind it. An event whose source + id is stored already is skipped.
      CREATE FUNCTION bo_append_events(events jsonb, batch_token text)
      RETURNS TABLE (appended_seq bigint, appended_source text, appended_id text)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        written integer;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext(current_schema() || ':bo_events'));
        RETURN QUERY
          WITH input AS (
            SELECT e.value, e.n FROM jsonb_array_elements(events) WITH ORDINALITY AS e(value, n)
          ), fresh AS (
            SELECT i.value, i.n FROM input i
            WHERE NOT EXISTS (SELECT 1 FROM bo_events b WHERE b.source = i.value->>'source' AND b.id = i.value->>'id')
          ), numbered AS (
            SELECT f.value, (SELECT coalesce(max(b.seq), 0) FROM bo_events b) + row_number() OVER (ORDER BY f.n) AS seq FROM fresh f
          )
          INSERT INTO bo_events AS stored (seq, source, id, type, event, batch)
          SELECT x.seq, x.value->>'source', x.value->>'id', x.value->>'type', x.value, batch_token FROM numbered x ORDER BY x.seq
          RETURNING stored.seq, stored.source, stored.id;
        GET DIAGNOSTICS written = ROW_COUNT;
        IF written > 0 THEN
          PERFORM pg_notify(current_schema() || '_bo_events', (SELECT max(b.seq)::text FROM bo_events b));
        END IF;
      END
      $fn$;

      -- One row per webhook subscription: its delivery state, and the lease of the one
      -- dispatcher (on any instance) allowed to send for it.
      CREATE TABLE bo_deliveries (
        subscription text PRIMARY KEY,
        state jsonb NOT NULL,
        lease_owner text,
        lease_pid integer,
        lease_host text,
        lease_expires_at timestamptz,
        write_token text,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** The version recorded in the database (0 when the store was never set up there). */
async function currentVersion(client: PoolClient): Promise<number> {
  const found = await client.query<{ present: boolean }>(`SELECT to_regclass('bo_store_migrations') IS NOT NULL AS present`);
  if (!found.rows[0]?.present) return 0;
  const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM bo_store_migrations');
  return rows[0]?.version ?? 0;
}

function refuseNewer(version: number, schema: string): void {
  if (version > LATEST_VERSION) {
    throw new BoError(
      'BO_ERR_CONFIG_INVALID',
      `the PostgreSQL store (schema ${schema}) is at store schema version ${version}, and this bo knows versions up to ${LATEST_VERSION}: upgrade backend-orchestrator on this machine`,
    );
  }
}

/** Brings the store's tables up to LATEST_VERSION; returns the versions it applied. */
export async function migrate(pool: Pool, schema: string): Promise<number[]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const seen = await currentVersion(client);
    refuseNewer(seen, schema);
    if (seen === LATEST_VERSION) return [];
    await client.query(`SELECT pg_advisory_lock(hashtext($1))`, [`${schema}:bo_store_migrations`]);
    try {
      // The schema named in the search path (set for every connection of the store).
      await client.query(`DO $$ BEGIN EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', split_part(current_setting('search_path'), ',', 1)); END $$`);
      await client.query(`CREATE TABLE IF NOT EXISTS bo_store_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const current = await currentVersion(client);
      refuseNewer(current, schema);
      const applied: number[] = [];
      for (const migration of MIGRATIONS.filter((m) => m.version > current).sort((a, b) => a.version - b.version)) {
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO bo_store_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (isConnectionLoss(error)) throw error; // retried by the caller
          throw new BoError('BO_ERR_CONFIG_INVALID', `store schema migration ${migration.version} (${migration.name}) failed in schema ${schema}: ${(error as Error).message}`);
        }
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`${schema}:bo_store_migrations`]).catch((error: unknown) => (broken = error as Error));
    }
  } catch (error) {
    broken ??= error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}
