/**
 * The event feed, shared by every view: the newest events of the outbox (read page by page up to
 * the end, so the live part starts exactly where the history stops), then each new one as it is
 * appended, over /v1/events/stream. Views subscribe to it: the feed view lists the events, the
 * board and the task page refresh when a task event arrives.
 */
import { get } from './api.js';
import { followSse } from './sse.js';

const PAGE = 1000;

export class EventFeed {
  constructor({ keep = 200 } = {}) {
    this.keep = keep;
    /** Stored events `{ seq, event }`, oldest first, at most `keep`. */
    this.events = [];
    this.status = 'idle';
    this.detail = '';
    this.listeners = new Set();
    this.controller = undefined;
  }

  /** `listener(change)`: `{ kind: 'event', stored }`, `{ kind: 'status' }` or `{ kind: 'reset' }`. */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change) {
    for (const listener of [...this.listeners]) listener(change);
  }

  setStatus(status, detail = '') {
    this.status = status;
    this.detail = detail;
    this.emit({ kind: 'status' });
  }

  add(stored) {
    if (this.events.some((e) => e.seq === stored.seq)) return;
    this.events.push(stored);
    if (this.events.length > this.keep) this.events.splice(0, this.events.length - this.keep);
    this.emit({ kind: 'event', stored });
  }

  /** Starts (or restarts) following; resolves once the history is loaded. */
  async start() {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    this.events = [];
    this.emit({ kind: 'reset' });
    this.setStatus('loading');
    let since = 0;
    for (;;) {
      const page = await get(`/v1/events?since=${since}&limit=${PAGE}`, { signal: controller.signal });
      for (const stored of page.data) this.add(stored);
      if (page.pagination.next === null || page.data.length === 0) break;
      since = page.pagination.next;
    }
    const last = this.events.at(-1)?.seq ?? since;
    void followSse(`/v1/events/stream?since=${last}`, {
      signal: controller.signal,
      onStatus: (status, detail) => this.setStatus(status, detail),
      onMessage: (message) => {
        try {
          this.add({ seq: Number(message.id), event: JSON.parse(message.data) });
        } catch {
          // not JSON: not an event of ours; ignore it
        }
      },
    }).catch(() => undefined);
  }

  stop() {
    this.controller?.abort();
    this.controller = undefined;
  }
}

/** The task an event is about: its subject, or the `task` / `id` field of a task event's data. */
export function taskOfEvent(event) {
  if (typeof event?.subject === 'string' && /^task-\d{3,}-/.test(event.subject)) return event.subject;
  const data = event?.data;
  if (data && typeof data === 'object') {
    if (typeof data.task === 'string') return data.task;
    if (typeof data.task?.id === 'string') return data.task.id;
    if (typeof data.id === 'string' && /^task-\d{3,}-/.test(data.id)) return data.id;
  }
  return undefined;
}
