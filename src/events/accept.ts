/**
 * The door of the outbox for events from outside (`bo emit`, `POST /v1/events`): a body that is too
 * large, not JSON, not an event, or of a type this orchestrator does not know is refused with the
 * reason, and the refusal is recorded in `ai-state/events/rejected.jsonl` (time, reason, the start of
 * the body), so whoever sent it can be found; nothing of it reaches the outbox or the task loop.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseIncoming, type IncomingInput, type IntakeProblem } from './intake.js';
import { receiveEvents, type ReceiveDeps, type Received } from './receive.js';
import type { CloudEvent } from './types.js';

/** One event (or batch) may be at most this large. */
export const MAX_EVENT_BYTES = 256 * 1024;

/** The types this orchestrator receives: the seed's request, and its own (events spec), e.g. relayed by another instance. */
export const ACCEPTED_TYPES: readonly string[] = [
  'frontend.api.request',
  'backend.api.ready',
  'backend.api.changed',
  'backend.schema.changed',
  'backend.docs.updated',
  'backend.task.created',
  'backend.task.claimed',
  'backend.task.progress',
  'backend.task.validated',
  'backend.task.done',
  'backend.task.failed',
  'backend.task.blocked',
  'backend.task.cancelled',
];

/** Types the config adds (`events.accept`), e.g. another orchestrator's. */
export function typeProblems(events: readonly CloudEvent[], extra: readonly string[] = []): IntakeProblem[] {
  const accepted = new Set([...ACCEPTED_TYPES, ...extra]);
  return events.flatMap((event, index) =>
    accepted.has(event.type) ? [] : [{ path: events.length > 1 ? `[${index}].type` : 'type', message: `unknown event type "${event.type}": this orchestrator receives ${ACCEPTED_TYPES.slice(0, 2).join(', ')} and its own backend.* types` }],
  );
}

export const sizeOf = (body: unknown): number =>
  typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.byteLength : Buffer.byteLength(JSON.stringify(body ?? null));

export interface Rejection {
  at: string;
  problems: IntakeProblem[];
  /** The first kilobyte of what was sent. */
  body: string;
  /** Who sent it (an HTTP client, `bo emit`). */
  from?: string;
}

/** Appends a refusal to `<events dir>/rejected.jsonl` (one line per refusal, one write). */
export function recordRejection(eventsDir: string, rejection: Rejection): void {
  mkdirSync(eventsDir, { recursive: true });
  appendFileSync(path.join(eventsDir, 'rejected.jsonl'), `${JSON.stringify(rejection)}\n`);
}

export type IntakeOutcome = { ok: true; received: Received[] } | { ok: false; problems: IntakeProblem[] };

/** Parses, checks and receives what arrived; a refusal is recorded and returned, never thrown. */
export async function intake(input: IncomingInput & { from?: string }, deps: ReceiveDeps & { eventsDir: string; acceptTypes?: readonly string[]; now?: Date }): Promise<IntakeOutcome> {
  const refuse = (problems: IntakeProblem[]): IntakeOutcome => {
    const raw = typeof input.body === 'string' ? input.body : input.body instanceof Uint8Array ? Buffer.from(input.body).toString('utf8') : JSON.stringify(input.body ?? null);
    recordRejection(deps.eventsDir, { at: (deps.now ?? new Date()).toISOString(), problems, body: raw.slice(0, 1024), ...(input.from ? { from: input.from } : {}) });
    return { ok: false, problems };
  };
  const size = sizeOf(input.body);
  if (size > MAX_EVENT_BYTES) return refuse([{ path: '(body)', message: `too large: ${size} bytes (at most ${MAX_EVENT_BYTES})` }]);
  const parsed = parseIncoming(input);
  if (!parsed.ok) return refuse(parsed.problems);
  const unknown = typeProblems(parsed.events, deps.acceptTypes);
  if (unknown.length > 0) return refuse(unknown);
  try {
    return { ok: true, received: await receiveEvents(parsed.events, deps) };
  } catch (error) {
    // A handler refusing the event (bad request data): recorded like any other refusal. The event
    // itself is in the outbox already (it arrived); no task was made from it.
    return refuse([{ path: '(handler)', message: (error as Error).message }]);
  }
}
