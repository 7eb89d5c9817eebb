/**
 * Task writes as compare-and-set, grouped: every write asks for the version it read, and the
 * writes requested during one turn of the event loop go out as one statement (one round trip,
 * one commit) however many workers of this process asked. In that statement each row is taken
 * with `SELECT … FOR UPDATE SKIP LOCKED`: a row another statement holds this instant is skipped
 * (reported `busy`, never waited on, so two batches can never deadlock), a row whose version moved
 * on is reported `changed` with what is stored now, and the rows written are announced with
 * NOTIFY. A write whose answer was lost is recognised on the retry by its token.
 */
import type { PgConnection } from './connection.js';
import type { TaskRowInput } from './task-rows.js';

export interface TaskWrite {
  row: TaskRowInput;
  /** The version the change was made from. */
  expected: number;
}

export type WriteOutcome =
  | { kind: 'written'; version: number }
  | { kind: 'changed'; version: number; doc: unknown }
  | { kind: 'busy' }
  | { kind: 'missing' };

/** Rows per statement at most (a NOTIFY payload stays well under its 8,000 bytes). */
const MAX_BATCH = 64;

const WRITE_TASKS = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS i(id text, expected integer, doc jsonb, status text, agent text, lease_until timestamptz, token text, history jsonb)
), locked AS (
  SELECT t.id FROM bo_tasks t JOIN input i ON i.id = t.id AND t.version = i.expected
  WHERE t.id = ANY($2::text[])
  FOR UPDATE OF t SKIP LOCKED
), written AS (
  UPDATE bo_tasks t
  SET doc = i.doc, status = i.status, agent = i.agent, lease_until = i.lease_until,
      version = t.version + 1, write_token = i.token, updated_at = now()
  FROM input i, locked l
  WHERE t.id = l.id AND i.id = l.id
  RETURNING t.id, t.version, t.status
), history AS (
  INSERT INTO bo_task_history (task_id, at, from_status, to_status, actor, note)
  SELECT w.id, h.value->>'at', h.value->>'from', h.value->>'to', h.value->>'by', h.value->>'note'
  FROM written w JOIN input i ON i.id = w.id CROSS JOIN LATERAL jsonb_array_elements(i.history) WITH ORDINALITY AS h(value, n)
  ORDER BY w.id, h.n
), notified AS (
  SELECT pg_notify(current_schema() || '_bo_tasks', string_agg(w.id || ' ' || w.version || ' ' || w.status, ',')) AS sent
  FROM written w HAVING count(*) > 0
)
SELECT w.id, w.version, true AS written, NULL::jsonb AS doc, (SELECT count(*) FROM notified) AS notices
FROM written w
UNION ALL
SELECT t.id, t.version, t.write_token IS NOT DISTINCT FROM i.token AS written,
       CASE WHEN t.version <> i.expected AND t.write_token IS DISTINCT FROM i.token THEN t.doc END AS doc, 0 AS notices
FROM input i JOIN bo_tasks t ON t.id = i.id
WHERE t.id = ANY($2::text[]) AND NOT EXISTS (SELECT 1 FROM written w WHERE w.id = i.id)`;

interface Row {
  id: string;
  version: number;
  written: boolean;
  doc: unknown;
}

interface Queued {
  write: TaskWrite;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

export class TaskWriter {
  private queue: Queued[] = [];
  private scheduled = false;
  /** The last write of each task this process has under way, with what it writes. */
  private readonly underWay = new Map<string, { outcome: Promise<WriteOutcome>; doc: unknown }>();

  /** `settled` is told each outcome before the writer is answered (so the store knows first). */
  constructor(
    private readonly connection: PgConnection,
    private readonly settled: (write: TaskWrite, outcome: WriteOutcome) => void = () => undefined,
  ) {}

  /** Is a write of this task under way in this process right now? */
  busy(id: string): boolean {
    return this.underWay.has(id);
  }

  /**
   * Writes of one task from this process follow each other: a write made from the version an
   * earlier one replaced learns so without a round trip (`changed`, with the doc written).
   */
  write(write: TaskWrite): Promise<WriteOutcome> {
    const id = write.row.id;
    const before = this.underWay.get(id);
    const outcome = (before ? before.outcome.catch(() => undefined) : Promise.resolve(undefined)).then((earlier) => {
      if (earlier?.kind === 'written' && earlier.version > write.expected) return { kind: 'changed' as const, version: earlier.version, doc: before?.doc };
      return new Promise<WriteOutcome>((resolve, reject) => {
        this.queue.push({ write, resolve, reject });
        this.schedule();
      });
    });
    const entry = { outcome, doc: write.row.doc as unknown };
    this.underWay.set(id, entry);
    const done = () => {
      if (this.underWay.get(id) === entry) this.underWay.delete(id);
    };
    outcome.then(done, done);
    return outcome;
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  /** One statement for up to MAX_BATCH queued writes, one per task (a second write of a task waits for the next). */
  private async flush(): Promise<void> {
    const batch: Queued[] = [];
    const rest: Queued[] = [];
    const ids = new Set<string>();
    for (const queued of this.queue) {
      if (batch.length < MAX_BATCH && !ids.has(queued.write.row.id)) {
        ids.add(queued.write.row.id);
        batch.push(queued);
      } else {
        rest.push(queued);
      }
    }
    this.queue = rest;
    this.schedule();
    try {
      const input = batch.map(({ write }) => ({ ...write.row, expected: write.expected }));
      // The ids again as an array: the planner then looks rows up by key instead of scanning.
      const rows = await this.connection.prepared<Row>('bo_write_tasks', WRITE_TASKS, [JSON.stringify(input), input.map((row) => row.id)]);
      const byId = new Map(rows.map((row) => [row.id, row]));
      const outcomes = batch.map(({ write }) => outcomeOf(byId.get(write.row.id), write.expected));
      batch.forEach(({ write }, i) => this.settled(write, outcomes[i] as WriteOutcome));
      batch.forEach(({ resolve }, i) => resolve(outcomes[i] as WriteOutcome));
    } catch (error) {
      for (const { reject } of batch) reject(error);
    }
  }
}

function outcomeOf(row: Row | undefined, expected: number): WriteOutcome {
  if (!row) return { kind: 'missing' };
  if (row.written) return { kind: 'written', version: row.version };
  if (row.version === expected) return { kind: 'busy' };
  return { kind: 'changed', version: row.version, doc: row.doc };
}
