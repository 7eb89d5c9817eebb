/**
 * An EventLog in memory for the webhook tests: the same contract as the file outbox (seq in
 * append order, duplicates by source + id, follow until aborted) without the disk.
 */
import { typeMatches, type AppendOutcome, type CloudEvent, type EventLog, type EventQuery, type StoredEvent } from '../../../src/events/types.js';
import type { StateProblem } from '../../../src/store/types.js';

export class MemoryEventLog implements EventLog {
  readonly events: StoredEvent[] = [];
  private readonly listeners = new Set<() => void>();

  async append(events: readonly CloudEvent[]): Promise<AppendOutcome> {
    const outcome: AppendOutcome = { appended: [], duplicates: [] };
    for (const event of events) {
      const known = this.events.find((e) => e.event.source === event.source && e.event.id === event.id);
      if (known) outcome.duplicates.push(known);
      else {
        const stored = { seq: this.events.length + 1, event };
        this.events.push(stored);
        outcome.appended.push(stored);
      }
    }
    for (const listener of this.listeners) listener();
    return outcome;
  }

  async read(query: EventQuery = {}): Promise<StoredEvent[]> {
    const after = this.events.filter((e) => e.seq > (query.afterSeq ?? 0) && typeMatches(e.event.type, query.types));
    return after.slice(0, query.limit ?? after.length);
  }

  async find(source: string, id: string): Promise<StoredEvent | undefined> {
    return this.events.find((e) => e.event.source === source && e.event.id === id);
  }

  async findById(id: string): Promise<StoredEvent[]> {
    return this.events.filter((e) => e.event.id === id);
  }

  async lastSeq(): Promise<number> {
    return this.events.length;
  }

  /** Nothing in memory can be damaged. */
  async problems(): Promise<StateProblem[]> {
    return [];
  }

  async follow(afterSeq: number, onEvents: (events: StoredEvent[]) => void | Promise<void>, signal: AbortSignal): Promise<void> {
    let cursor = afterSeq;
    let wake: (() => void) | undefined;
    const notify = () => wake?.();
    this.listeners.add(notify);
    signal.addEventListener('abort', notify);
    try {
      while (!signal.aborted) {
        const batch = this.events.filter((e) => e.seq > cursor);
        if (batch.length > 0) {
          cursor = batch.at(-1)!.seq;
          await onEvents(batch);
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      this.listeners.delete(notify);
      signal.removeEventListener('abort', notify);
    }
  }
}

let counter = 0;

/** A CloudEvent with a unique id (or the one given). */
export function testEvent(type: string, data: unknown = {}, id = `evt-${++counter}`): CloudEvent {
  return { specversion: '1.0', id, source: 'urn:backend-orchestrator:test', type, time: '2026-01-01T00:00:00.000Z', datacontenttype: 'application/json', data };
}
