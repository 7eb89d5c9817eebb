/**
 * The event model shared by the outbox, intake, webhooks and the task loop (spec: events.md).
 * Every event is a CloudEvents 1.0 structured JSON object; the log gives each one a sequence
 * number (`seq`) in the order it was appended, which readers use as their cursor.
 */
import * as z from 'zod/mini';
import { BoError } from '../core/errors.js';
import { check } from '../core/validation.js';
import type { StateProblem } from '../store/types.js';

export const CLOUDEVENTS_SPECVERSION = '1.0';

/** A CloudEvents 1.0 event as JSON (structured mode). Extension attributes are kept as they are. */
export const CloudEvent = z.looseObject({
  specversion: z.literal(CLOUDEVENTS_SPECVERSION),
  id: z.string().check(z.minLength(1)),
  source: z.string().check(z.minLength(1)),
  type: z.string().check(z.minLength(1)),
  time: z.optional(z.string()),
  datacontenttype: z.optional(z.string()),
  dataschema: z.optional(z.string()),
  subject: z.optional(z.string()),
  data: z.optional(z.unknown()),
  data_base64: z.optional(z.string()),
});
export type CloudEvent = z.infer<typeof CloudEvent>;

/** An event as the log holds it: the envelope plus its place in the log. */
export interface StoredEvent {
  /** 1, 2, 3… in append order; never reused. */
  seq: number;
  event: CloudEvent;
}

export interface AppendOutcome {
  /** Events written now, with their sequence numbers. */
  appended: StoredEvent[];
  /** Events already in the log (same `source` and `id`): the stored copy, nothing written. */
  duplicates: StoredEvent[];
}

export interface EventQuery {
  /** Only events after this sequence number (a cursor). */
  afterSeq?: number;
  /** Type patterns: exact (`backend.api.ready`) or prefix with `*` (`backend.task.*`, `*`). */
  types?: readonly string[];
  limit?: number;
}

/**
 * The durable outbox (ai-state/events/backend.jsonl on the file store, a table on PostgreSQL).
 * An event is appended, and fsynced, before anything else sees it. Safe for many processes.
 */
export interface EventLog {
  append(events: readonly CloudEvent[]): Promise<AppendOutcome>;
  read(query?: EventQuery): Promise<StoredEvent[]>;
  /** The event with that `source` and `id`, if the log has it. */
  find(source: string, id: string): Promise<StoredEvent | undefined>;
  /** Every stored event with this id, whatever its source, in seq order (for `bo events --since <id>`). */
  findById(id: string): Promise<StoredEvent[]>;
  /** The highest sequence number written so far (0 when empty). */
  lastSeq(): Promise<number>;
  /** Stored entries readers skip (a damaged or incomplete line of the file); none on PostgreSQL. */
  problems(): Promise<StateProblem[]>;
  /**
   * Calls `onEvents` with each batch appended after `afterSeq` (by any process) until the signal
   * aborts. The file store watches the file (and polls as a fallback); PostgreSQL uses LISTEN/NOTIFY.
   */
  follow(afterSeq: number, onEvents: (events: StoredEvent[]) => void | Promise<void>, signal: AbortSignal): Promise<void>;
}

/** Does `type` match one of `patterns` (`*`, `backend.task.*`, or exact)? No patterns: everything. */
export function typeMatches(type: string, patterns: readonly string[] | undefined): boolean {
  if (!patterns || patterns.length === 0) return true;
  return patterns.some((pattern) => (pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern));
}

/** Every event of a batch about to be appended, validated; the first invalid one throws, naming its place. */
export function validatedBatch(events: readonly CloudEvent[]): CloudEvent[] {
  return events.map((event, i) => {
    const result = check(CloudEvent, event);
    if (!result.ok) throw new BoError('BO_ERR_INPUT_INVALID', `event ${i + 1} is not a valid CloudEvent: ${result.errors.join('; ')}`);
    return result.value;
  });
}

/** What makes an event unique in an outbox: its source and id. */
export const eventKey = (event: Pick<CloudEvent, 'source' | 'id'>): string => `${event.source}\u0000${event.id}`;
