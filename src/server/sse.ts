/**
 * Server-Sent Events for the long-lived answers (the event stream, a check run's progress). A
 * stream takes over the raw response, keeps the headers the hooks already set (CORS, rate limit)
 * plus its own, sends a comment every `heartbeatMs` so proxies keep it open, and ends when the
 * client goes away or the server shuts down: its `signal` aborts then, and the producer stops.
 */
import type { FastifyReply } from 'fastify';
import { SECURITY_HEADERS } from './headers.js';

export interface SseStream {
  /** Aborted when the client disconnects or the server closes. */
  readonly signal: AbortSignal;
  send(message: { event?: string; id?: string | number; data: unknown }): void;
  close(): void;
}

/** The open streams of one server, so that closing it ends them (else close would wait forever). */
export class SseHub {
  private readonly streams = new Set<SseStream>();

  constructor(readonly heartbeatMs: number) {}

  add(stream: SseStream): void {
    this.streams.add(stream);
  }

  delete(stream: SseStream): void {
    this.streams.delete(stream);
  }

  get size(): number {
    return this.streams.size;
  }

  closeAll(): void {
    for (const stream of [...this.streams]) stream.close();
  }
}

/** One SSE message; multi-line data is split over several `data:` lines, as the format requires. */
export function formatSse(message: { event?: string; id?: string | number; data: unknown }): string {
  const lines: string[] = [];
  if (message.id !== undefined) lines.push(`id: ${String(message.id).replace(/[\r\n]/g, '')}`);
  if (message.event) lines.push(`event: ${message.event.replace(/[\r\n]/g, '')}`);
  const text = typeof message.data === 'string' ? message.data : JSON.stringify(message.data);
  for (const line of text.split(/\r\n|\r|\n/)) lines.push(`data: ${line}`);
  return `${lines.join('\n')}\n\n`;
}

export function openSse(reply: FastifyReply, hub: SseHub): SseStream {
  const controller = new AbortController();
  const raw = reply.raw;
  reply.hijack();
  raw.writeHead(200, {
    ...(reply.getHeaders() as Record<string, string>),
    ...SECURITY_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // The retry hint, and the first bytes so that clients see the stream is open.
  raw.write('retry: 3000\n: connected\n\n');
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), hub.heartbeatMs);
  heartbeat.unref();

  let closed = false;
  const stream: SseStream = {
    signal: controller.signal,
    send(message) {
      if (!closed) raw.write(formatSse(message));
    },
    close() {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      hub.delete(stream);
      controller.abort();
      raw.end();
    },
  };
  hub.add(stream);
  // The response's 'close' (not the request's: that one fires once a GET's empty body is read).
  raw.on('close', () => stream.close());
  return stream;
}
