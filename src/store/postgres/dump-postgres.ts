/**
 * The PostgreSQL side of `bo migrate-store`: reads the whole state in one consistent snapshot
 * (REPEATABLE READ), and writes a StateDump into an empty store in one transaction: tasks with
 * their history rows, registry snapshots, reports in their save order, events with their sequence
 * numbers, delivery state.
 */
import type { PoolClient } from 'pg';
import { BoError } from '../../core/errors.js';
import { parseJson, stableStringify } from '../../core/json.js';
import { check } from '../../core/validation.js';
import { DeliveryState } from '../../events/webhooks/delivery-state.js';
import type { StoredEvent } from '../../events/types.js';
import type { RegistryKind } from '../../registry/schema.js';
import type { Task } from '../../tasks/schema.js';
import type { PgConnection } from './connection.js';
import { INSERT_TASKS } from './pg-store.js';
import type { StateDump } from './state-dump.js';
import { parseTaskDoc, taskRow } from './task-rows.js';

/** Rows per statement when writing (keeps each parameter a few megabytes at most). */
const CHUNK = 500;

const chunks = <T>(items: readonly T[]): T[][] => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

async function rows<R>(client: PoolClient, sql: string): Promise<R[]> {
  return (await client.query(sql)).rows as R[];
}

export async function readPostgresDump(connection: PgConnection): Promise<StateDump> {
  return connection.transaction(async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const tasks: Task[] = [];
    const problems: string[] = [];
    for (const row of await rows<{ id: string; doc: unknown }>(client, 'SELECT id, doc FROM bo_tasks ORDER BY number, id')) {
      const parsed = parseTaskDoc(connection.label, row.id, row.doc);
      if ('task' in parsed) tasks.push(parsed.task);
      else problems.push(`${parsed.problem.file}: ${parsed.problem.message}`);
    }
    if (problems.length > 0) throw new BoError('BO_ERR_STATE_CORRUPT', `the tasks cannot be moved while ${problems.length} row(s) are damaged: ${problems.slice(0, 5).join('; ')}`);
    const registry = await rows<{ kind: RegistryKind; body: string }>(client, 'SELECT DISTINCT ON (kind) kind, body FROM bo_registry_snapshots ORDER BY kind, seq DESC');
    const reports = await rows<{ scope: string; id: string; body: string }>(client, 'SELECT scope, id, body FROM bo_reports ORDER BY saved_seq');
    const events = await rows<{ seq: string; event: StoredEvent['event'] }>(client, 'SELECT seq, event FROM bo_events ORDER BY seq');
    const deliveries = await rows<{ subscription: string; state: object }>(client, 'SELECT subscription, state FROM bo_deliveries ORDER BY subscription');
    return {
      tasks,
      registry: registry.map((r) => ({ kind: r.kind, text: r.body })),
      reports: reports.map((r) => ({ scope: r.scope, id: r.id, report: parseJson(r.body) })),
      events: events.map((e) => ({ seq: Number(e.seq), event: e.event })),
      deliveries: deliveries.map((d) => {
        const result = check(DeliveryState, { ...d.state, lease: null });
        if (!result.ok) throw new BoError('BO_ERR_STATE_CORRUPT', `postgres://${connection.label}/bo_deliveries/${d.subscription}: ${result.errors.join('; ')}`);
        return result.value;
      }),
    };
  });
}

/** What the store already holds (migrate-store only fills an empty one). */
async function contents(client: PoolClient): Promise<string[]> {
  const [counts] = await rows<Record<string, string>>(
    client,
    `SELECT (SELECT count(*) FROM bo_tasks) AS tasks, (SELECT count(*) FROM bo_events) AS events, (SELECT count(*) FROM bo_reports) AS reports,
            (SELECT count(*) FROM bo_registry_snapshots) AS registry, (SELECT count(*) FROM bo_deliveries) AS deliveries`,
  );
  return Object.entries(counts ?? {}).flatMap(([name, count]) => (Number(count) > 0 ? [`${count} ${name === 'registry' ? 'registry snapshot(s)' : name}`] : []));
}

export async function writePostgresDump(connection: PgConnection, dump: StateDump): Promise<void> {
  await connection.transaction(async (client) => {
    // No instance creates a task or appends an event while the state moves in.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':bo_tasks_create')), pg_advisory_xact_lock(hashtext(current_schema() || ':bo_events'))`);
    const held = await contents(client);
    if (held.length > 0) throw new BoError('BO_ERR_TASK_CONFLICT', `the PostgreSQL store at ${connection.label} already holds ${held.join(', ')}: migrate-store only fills an empty store`);
    for (const part of chunks(dump.tasks)) await client.query(INSERT_TASKS, [JSON.stringify(part.map((task) => taskRow(task, 'migrate-store')))]);
    for (const { kind, text } of dump.registry) await client.query('INSERT INTO bo_registry_snapshots (kind, body) VALUES ($1, $2)', [kind, text]);
    for (const part of chunks(dump.reports)) {
      await client.query(
        `INSERT INTO bo_reports (scope, id, body, saved_seq)
         SELECT r.value->>'scope', r.value->>'id', r.value->>'body', nextval('bo_report_saves')
         FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS r(value, n) ORDER BY r.n
         ON CONFLICT (scope, id) DO UPDATE SET body = excluded.body, saved_seq = excluded.saved_seq`,
        [JSON.stringify(part.map((r) => ({ scope: r.scope, id: r.id, body: stableStringify(r.report) })))],
      );
    }
    for (const part of chunks(dump.events)) {
      await client.query(
        `INSERT INTO bo_events (seq, source, id, type, event, batch)
         SELECT (e.value->>'seq')::bigint, e.value->'event'->>'source', e.value->'event'->>'id', e.value->'event'->>'type', e.value->'event', 'migrate-store'
         FROM jsonb_array_elements($1::jsonb) AS e(value)`,
        [JSON.stringify(part)],
      );
    }
    for (const state of dump.deliveries) {
      const { lease: _none, ...rest } = state;
      await client.query('INSERT INTO bo_deliveries (subscription, state) VALUES ($1, $2)', [state.subscription, JSON.stringify(rest)]);
    }
  });
}
