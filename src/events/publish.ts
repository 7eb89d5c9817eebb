/**
 * Publishing from a command: each draft becomes a CloudEvent of this orchestrator's source and is
 * appended to the outbox (durable before anyone else sees it). Delivery to webhooks happens from
 * the outbox, by whoever runs the dispatcher (`bo events deliver`, `bo serve`, or a command's
 * best-effort pass right after publishing).
 */
import { createEvent } from './envelope.js';
import type { EventLog, StoredEvent } from './types.js';

export interface EventDraft {
  type: string;
  subject?: string;
  data: unknown;
}

export type Publish = (drafts: readonly EventDraft[]) => Promise<StoredEvent[]>;

export function publisher(log: EventLog, source: string, now: () => Date = () => new Date()): Publish {
  return async (drafts) => {
    if (drafts.length === 0) return [];
    const events = drafts.map((d) => createEvent({ type: d.type, source, data: d.data, ...(d.subject !== undefined ? { subject: d.subject } : {}), time: now() }));
    const { appended, duplicates } = await log.append(events);
    return [...appended, ...duplicates];
  };
}
