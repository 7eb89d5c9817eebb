/**
 * Server-Sent Events read with fetch(): EventSource cannot send the Authorization header, and the
 * API accepts the token only there (never in a URL, where logs and history would keep it). The
 * parser follows the WHATWG event-stream format; the follower reconnects after a drop, resuming
 * after the last id it saw (Last-Event-ID), as EventSource would.
 */
import { AuthError, authHeaders, tokenStore } from './api.js';

/** Parses the event-stream format incrementally: `push` text as it arrives, messages come out. */
export class SseParser {
  constructor(onMessage) {
    this.onMessage = onMessage;
    this.buffer = '';
    this.afterCr = false;
    this.reset();
    this.lastEventId = undefined;
    this.retryMs = undefined;
  }

  reset() {
    this.data = [];
    this.event = undefined;
    this.id = undefined;
  }

  push(text) {
    // A chunk that ended in "\r" may have split a "\r\n": its "\n" is not a second line end.
    const chunk = this.afterCr && text.startsWith('\n') ? text.slice(1) : text;
    this.afterCr = chunk.endsWith('\r');
    const lines = (this.buffer + chunk).split(/\r\n|\r|\n/);
    // The last piece has no line end yet: kept for the next chunk.
    this.buffer = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  line(line) {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return; // a comment: keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\u0000')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
  }

  dispatch() {
    if (this.id !== undefined) this.lastEventId = this.id;
    if (this.data.length > 0) this.onMessage({ id: this.id ?? this.lastEventId, event: this.event ?? 'message', data: this.data.join('\n') });
    this.reset();
  }
}

const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/**
 * Follows an SSE URL until `signal` aborts. `onMessage({ id, event, data })` for each message;
 * `onStatus('open' | 'reconnecting' | 'closed', detail)` as the connection changes. A refused
 * token stops following and rejects with AuthError.
 */
export async function followSse(url, { lastEventId, onMessage, onStatus = () => {}, signal, retryMs = 3000 }) {
  let lastId = lastEventId;
  let wait = retryMs;
  while (!signal?.aborted) {
    try {
      const token = tokenStore.get();
      if (!token) throw new AuthError('no token');
      const response = await fetch(url, {
        headers: { ...authHeaders(token), accept: 'text/event-stream', ...(lastId !== undefined ? { 'last-event-id': String(lastId) } : {}) },
        signal,
        cache: 'no-store',
      });
      if (response.status === 401) throw new AuthError('the token was refused');
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      onStatus('open');
      const parser = new SseParser((message) => {
        lastId = message.id ?? lastId;
        onMessage(message);
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
        if (parser.retryMs !== undefined) wait = parser.retryMs;
      }
      if (signal?.aborted) break;
      onStatus('reconnecting', 'the server closed the stream');
    } catch (error) {
      if (signal?.aborted) break;
      if (error instanceof AuthError) {
        onStatus('closed', error.message);
        throw error;
      }
      onStatus('reconnecting', error instanceof Error ? error.message : String(error));
    }
    await sleep(wait, signal);
  }
  onStatus('closed');
}
