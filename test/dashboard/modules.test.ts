/**
 * The dashboard's pure browser modules, run under Node: the SSE parser and follower (reconnecting
 * with Last-Event-ID, as EventSource would, but with the Authorization header), the hash router,
 * and the formatting of leases, editor links and latency figures. They are plain JavaScript
 * shipped as is, so they are loaded by URL, without types.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const DASHBOARD = path.resolve(import.meta.dirname, '../../dashboard');
const load = async (name: string): Promise<any> => import(pathToFileURL(path.join(DASHBOARD, name)).href);

interface Message {
  id?: string;
  event: string;
  data: string;
}

describe('SseParser', () => {
  it('parses events, ids, multi-line data, comments and retry; CRLF split across chunks is one line end', async () => {
    const { SseParser } = await load('sse.js');
    const messages: Message[] = [];
    const parser = new SseParser((message: Message) => messages.push(message));
    parser.push('retry: 3000\n: connected\n\n');
    parser.push('id: 7\nevent: backend.task.created\ndata: {"a":1}\n\n');
    parser.push('id: 8\ndata: line one\r');
    parser.push('\ndata: line two\r\n\r\n');
    parser.push('data:no space\n');
    expect(messages).toEqual([
      { id: '7', event: 'backend.task.created', data: '{"a":1}' },
      { id: '8', event: 'message', data: 'line one\nline two' },
    ]);
    expect(parser.retryMs).toBe(3000);
    parser.push('\n');
    expect(messages.at(-1)).toEqual({ id: '8', event: 'message', data: 'no space' });
  });

  it('dispatches nothing for a block without data, and ignores unknown fields and bad retry values', async () => {
    const { SseParser } = await load('sse.js');
    const messages: Message[] = [];
    const parser = new SseParser((message: Message) => messages.push(message));
    parser.push('id: 3\n\nfoo: bar\nretry: soon\nevent\n\n');
    expect(messages).toEqual([]);
    expect(parser.lastEventId).toBe('3');
    expect(parser.retryMs).toBeUndefined();
  });
});

describe('followSse', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
  });

  it('sends the bearer token, and after a drop reconnects with Last-Event-ID', async () => {
    const { followSse } = await load('sse.js');
    const { tokenStore } = await load('api.js');
    const store = new Map<string, string>();
    (globalThis as { sessionStorage?: unknown }).sessionStorage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v), removeItem: (k: string) => store.delete(k) };
    tokenStore.set('secret-token');

    const requests: IncomingHttpHeaders[] = [];
    server = createServer((request, response) => {
      requests.push(request.headers);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (requests.length === 1) {
        // The first connection sends two events, then drops.
        response.end('retry: 10\n\nid: 1\ndata: {"n":1}\n\nid: 2\ndata: {"n":2}\n\n');
      } else {
        response.write('id: 3\ndata: {"n":3}\n\n');
      }
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stream?since=0`;

    const controller = new AbortController();
    const received: string[] = [];
    const statuses: string[] = [];
    const following = followSse(url, {
      signal: controller.signal,
      onStatus: (status: string) => statuses.push(status),
      onMessage: (message: Message) => {
        received.push(message.data);
        if (received.length === 3) controller.abort();
      },
    });
    await following;
    expect(received).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(requests[0]?.authorization).toBe('Bearer secret-token');
    expect(requests[0]?.['last-event-id']).toBeUndefined();
    expect(requests[1]?.['last-event-id']).toBe('2');
    expect(statuses).toEqual(['open', 'reconnecting', 'open', 'closed']);
  });

  it('stops with an AuthError when the token is refused', async () => {
    const { followSse } = await load('sse.js');
    const { AuthError, tokenStore } = await load('api.js');
    (globalThis as { sessionStorage?: unknown }).sessionStorage = { getItem: () => 'wrong', setItem: () => undefined, removeItem: () => undefined };
    expect(tokenStore.get()).toBe('wrong');
    server = createServer((_request, response) => response.writeHead(401).end());
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const statuses: string[] = [];
    await expect(followSse(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { onMessage: () => undefined, onStatus: (s: string) => statuses.push(s) })).rejects.toBeInstanceOf(AuthError);
    expect(statuses).toEqual(['closed']);
  });
});

describe('parseRoute', () => {
  it('maps hashes to views; a malformed task id or unknown path is not-found', async () => {
    const { parseRoute, routeHash, taskHash } = await load('router.js');
    expect(parseRoute('')).toMatchObject({ name: 'board' });
    expect(parseRoute('#/checks')).toMatchObject({ name: 'checks' });
    expect(parseRoute('#/tasks/task-012-add-pagination')).toMatchObject({ name: 'task', id: 'task-012-add-pagination' });
    expect(parseRoute('#/registry?q=orders&kind=models').query.get('kind')).toBe('models');
    expect(parseRoute('#/tasks/..%2F..%2Fetc')).toMatchObject({ name: 'not-found' });
    expect(parseRoute('#/tasks/task-1-x')).toMatchObject({ name: 'not-found' });
    expect(parseRoute('#/admin')).toMatchObject({ name: 'not-found' });
    expect(routeHash('registry', { q: 'order items', kind: '' })).toBe('#/registry?q=order+items');
    expect(taskHash('task-001-a')).toBe('#/tasks/task-001-a');
  });
});

describe('formatting', () => {
  it('says how long a lease has left, or since when it has expired', async () => {
    const { leaseText, formatSpan } = await load('format.js');
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(leaseText('2026-03-01T10:29:30Z', now)).toEqual({ text: 'lease ends in 29 min', expired: false });
    expect(leaseText('2026-03-01T10:04:05Z', now)).toEqual({ text: 'lease ends in 4 min 5 s', expired: false });
    expect(leaseText('2026-03-01T09:58:00Z', now)).toEqual({ text: 'lease expired 2 min ago', expired: true });
    expect(leaseText('not a date', now)).toEqual({ text: 'lease unknown', expired: false });
    expect(formatSpan(3 * 3_600_000 + 5 * 60_000)).toBe('3 h 5 min');
    expect(formatSpan(26 * 3_600_000)).toBe('1 d 2 h');
  });

  it('links a finding to VS Code only when the project root (or an absolute path) is known', async () => {
    const { editorLink, locationText } = await load('format.js');
    expect(editorLink('/home/dev/shop', 'src/routes/a b.ts', 30)).toBe('vscode://file/home/dev/shop/src/routes/a%20b.ts:30');
    expect(editorLink('C:\\work\\shop\\', 'src\\app.ts', 4)).toBe('vscode://file/C:/work/shop/src/app.ts:4');
    expect(editorLink(undefined, '/abs/file.ts', 2)).toBe('vscode://file/abs/file.ts:2');
    expect(editorLink(undefined, 'src/app.ts', 2)).toBeUndefined();
    expect(locationText('src/app.ts', 12)).toBe('src/app.ts:12');
    expect(locationText('prisma/schema.prisma', 0)).toBe('prisma/schema.prisma');
  });

  it('reads p50, p95 and p99 from the response-time metric; nothing when it was not measured', async () => {
    const { latencyFigures, withUnit } = await load('format.js');
    const metric = {
      id: 'metrics/api-response-time',
      value: 46.58,
      threshold: 200,
      unit: 'ms',
      status: 'pass',
      reason: 'p95 of the slowest endpoint, GET /api/v1/admin/stats: avg 24.88 ms, p50 19.99 ms, p99 54.1 ms over 20 requests; 11 GET endpoints load-tested',
    };
    expect(latencyFigures({ metrics: [metric] })).toMatchObject({
      figures: [
        { label: 'p50', value: 19.99 },
        { label: 'p95', value: 46.58 },
        { label: 'p99', value: 54.1 },
      ],
      threshold: 200,
      endpoint: 'GET /api/v1/admin/stats',
      requests: 20,
      avg: 24.88,
    });
    expect(latencyFigures({ metrics: [{ ...metric, reason: undefined, stats: { p50: 3, p99: 9 } }] }).figures.map((f: { value: number }) => f.value)).toEqual([3, 46.58, 9]);
    expect(latencyFigures({ metrics: [{ ...metric, value: undefined, status: 'skipped' }] })).toBeUndefined();
    expect(latencyFigures({ metrics: [] })).toBeUndefined();
    expect(withUnit(0.1, '%')).toBe('0.10 %');
    expect(withUnit(123.456, 'ms')).toBe('123.5 ms');
  });

  it('finds the task an event is about', async () => {
    const { taskOfEvent } = await load('feed.js');
    expect(taskOfEvent({ type: 'backend.task.claimed', subject: 'task-003-x' })).toBe('task-003-x');
    expect(taskOfEvent({ type: 'backend.api.ready', data: { task: 'task-004-y' } })).toBe('task-004-y');
    expect(taskOfEvent({ type: 'backend.docs.updated', subject: 'backend-developer.md', data: { path: 'x' } })).toBeUndefined();
  });
});
