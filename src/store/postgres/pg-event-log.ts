/**
 * The outbox on PostgreSQL: `bo_events`, one row per event with a bigserial `seq` and `source` +
 * `id` unique, appended by the `bo_append_events` function (one appender at a time, so a reader's
 * cursor never skips a seq that commits late; a repeat is skipped and the stored copy returned).
 * Each append NOTIFYs `<schema>_bo_events`; `follow` wakes on that, and polls as a fallback while
 * the listening connection is down.
 */
import { randomBytes } from 'node:crypto';
import { BoError } from '../../core/errors.js';
import { eventKey, validatedBatch, type AppendOutcome, type CloudEvent, type EventLog, type EventQuery, type StoredEvent } from '../../events/types.js';
import type { StateProblem } from '../types.js';
import { isUnreachable, type PgConnection } from './connection.js';
import type { PgNotifications } from './notifications.js';
import { Wakeup } from '../../core/wakeup.js';

/** Events handed to a `follow` callback at once, at most. */
const FOLLOW_BATCH = 1000;
const DEFAULT_POLL_MS = 1_000;

export interface PgEventLogOptions {
  /** How often `follow` looks even without a notification (default 1 s; 250 ms while not listening). */
  pollMs?: number;
}

interface EventRow {
  seq: string;
  event: CloudEvent;
}

const stored = (row: EventRow): StoredEvent => ({ seq: Number(row.seq), event: row.event });

/** `*`, `backend.task.*` and exact names as SQL: exact names, LIKE prefixes, or no filter at all. */
export function typeFilter(patterns: readonly string[] | undefined): { exact: string[]; prefixes: string[] } | undefined {
  if (!patterns || patterns.length === 0 || patterns.includes('*')) return undefined;
  const exact = patterns.filter((p) => !p.endsWith('*'));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => `${p.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return { exact, prefixes };
}

export class PgEventLog implements EventLog {
  constructor(
    private readonly connection: PgConnection,
    private readonly notifications: PgNotifications,
    private readonly options: PgEventLogOptions = {},
  ) {}

  async append(events: readonly CloudEvent[]): Promise<AppendOutcome> {
    const valid = validatedBatch(events);
    if (valid.length === 0) return { appended: [], duplicates: [] };
    // A repeat inside the batch is a duplicate of its first copy, as on the file store.
    const firsts = new Map<string, CloudEvent>();
    for (const event of valid) if (!firsts.has(eventKey(event))) firsts.set(eventKey(event), event);
    const batch = randomBytes(9).toString('base64url');
    const rows = await this.connection.query<{ appended_seq: string; appended_source: string; appended_id: string }>('SELECT * FROM bo_append_events($1::jsonb, $2)', [JSON.stringify([...firsts.values()]), batch]);
    const seqs = new Map(rows.map((row) => [`${row.appended_source}\u0000${row.appended_id}`, Number(row.appended_seq)]));
    // Those not written now: stored earlier (by anyone), or by this very call on an attempt whose answer was lost.
    const missing = [...firsts.values()].filter((event) => !seqs.has(eventKey(event)));
    const earlier = new Map<string, StoredEvent & { mine: boolean }>();
    if (missing.length > 0) {
      const found = await this.connection.query<EventRow & { batch: string | null }>(
        'SELECT e.seq, e.event, e.batch FROM bo_events e JOIN unnest($1::text[], $2::text[]) AS k(source, id) ON e.source = k.source AND e.id = k.id',
        [missing.map((event) => event.source), missing.map((event) => event.id)],
      );
      for (const row of found) earlier.set(eventKey(row.event), { ...stored(row), mine: row.batch === batch });
    }
    const outcome: AppendOutcome = { appended: [], duplicates: [] };
    const placed = new Set<string>();
    for (const event of valid) {
      const key = eventKey(event);
      const seq = seqs.get(key);
      const before = earlier.get(key);
      if (placed.has(key)) outcome.duplicates.push({ seq: (seq ?? before?.seq) as number, event: seq !== undefined || before?.mine ? (firsts.get(key) as CloudEvent) : (before as StoredEvent).event });
      else if (seq !== undefined) outcome.appended.push({ seq, event });
      else if (before?.mine) outcome.appended.push({ seq: before.seq, event });
      else if (before) outcome.duplicates.push({ seq: before.seq, event: before.event });
      else throw new BoError('BO_ERR_STATE_CORRUPT', `event ${event.id} from ${event.source} was neither appended nor found in the outbox`);
      placed.add(key);
    }
    outcome.appended.sort((a, b) => a.seq - b.seq);
    return outcome;
  }

  async read(query: EventQuery = {}): Promise<StoredEvent[]> {
    const limit = query.limit ?? null;
    if (limit !== null && limit <= 0) return [];
    const filter = typeFilter(query.types);
    const rows = await this.connection.query<EventRow>(
      `SELECT seq, event FROM bo_events
       WHERE seq > $1 AND ($2::text[] IS NULL OR type = ANY($2::text[]) OR type LIKE ANY($3::text[]))
       ORDER BY seq LIMIT $4`,
      [query.afterSeq ?? 0, filter?.exact ?? null, filter?.prefixes ?? [], limit],
    );
    return rows.map(stored);
  }

  async find(source: string, id: string): Promise<StoredEvent | undefined> {
    const [row] = await this.connection.query<EventRow>('SELECT seq, event FROM bo_events WHERE source = $1 AND id = $2', [source, id]);
    return row ? stored(row) : undefined;
  }

  /** Every stored event with this id, whatever its source (for `bo events --since <id>`). */
  async findById(id: string): Promise<StoredEvent[]> {
    return (await this.connection.query<EventRow>('SELECT seq, event FROM bo_events WHERE id = $1 ORDER BY seq', [id])).map(stored);
  }

  async lastSeq(): Promise<number> {
    const [row] = await this.connection.query<{ last: string }>('SELECT coalesce(max(seq), 0) AS last FROM bo_events');
    return Number(row?.last ?? 0);
  }

  /** Rows are validated on append and cannot be torn: there is nothing to report. */
  async problems(): Promise<StateProblem[]> {
    return [];
  }

  async follow(afterSeq: number, onEvents: (events: StoredEvent[]) => void | Promise<void>, signal: AbortSignal): Promise<void> {
    const wakeup = new Wakeup();
    const stopWaking = [this.notifications.subscribe('bo_events', () => wakeup.fire()), this.notifications.onStateChange(() => wakeup.fire())];
    const onAbort = () => wakeup.fire();
    signal.addEventListener('abort', onAbort);
    this.notifications.start();
    let cursor = afterSeq;
    try {
      while (!signal.aborted) {
        wakeup.clear();
        let batch: StoredEvent[];
        try {
          batch = await this.read({ afterSeq: cursor, limit: FOLLOW_BATCH });
        } catch (error) {
          // The server is away for longer than one query's retries: keep waiting for it.
          if (!isUnreachable(error)) throw error;
          batch = [];
        }
        if (batch.length > 0) {
          cursor = (batch.at(-1) as StoredEvent).seq;
          await onEvents(batch);
          continue;
        }
        const pollMs = this.options.pollMs ?? DEFAULT_POLL_MS;
        await wakeup.wait(this.notifications.live ? pollMs : Math.min(pollMs, 250));
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      for (const stop of stopWaking) stop();
    }
  }
}

