/** The API on a real loopback socket: where it listens, and the outbox as Server-Sent Events. */
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEvent } from '../../src/events/envelope.js';
import { FileEventLog } from '../../src/store/file/event-log.js';
import { stateLayout } from '../../src/store/file/layout.js';
import { AUTH, makeServer, type TestServer } from './helpers.js';
import { openSseConnection } from './sse-client.js';

let server: TestServer;
let base: string;
beforeEach(async () => {
  server = await makeServer({ heartbeatMs: 50 });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const address = server.app.server.address() as AddressInfo;
  base = `http://127.0.0.1:${address.port}`;
});
afterEach(async () => {
  await server.close();
});

/** Another process's view of the same outbox: a separate log instance over the same files. */
const otherWriter = () => new FileEventLog(stateLayout(server.dir));
const docsEvent = (id: string) => createEvent({ id, type: 'backend.docs.updated', source: 'urn:other-instance', data: { n: id } });

describe('on a socket', () => {
  it('listens on 127.0.0.1 only, and answers there', async () => {
    const address = server.app.server.address() as AddressInfo;
    expect(address.address).toBe('127.0.0.1');
    const response = await fetch(`${base}/v1/tasks`, { headers: AUTH });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('streams events appended by another writer, with id = seq and event = type, and keeps the line alive', async () => {
    const stream = await openSseConnection(`${base}/v1/events/stream`, AUTH);
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.response.headers['cache-control']).toBe('no-store');
    await new Promise((resolve) => setTimeout(resolve, 120));
    await otherWriter().append([docsEvent('live-1'), docsEvent('live-2')]);
    const [first, second] = await stream.waitFor(2);
    expect(first).toMatchObject({ id: '1', event: 'backend.docs.updated' });
    expect(JSON.parse(first?.data ?? '{}')).toMatchObject({ id: 'live-1', source: 'urn:other-instance', data: { n: 'live-1' } });
    expect(second?.id).toBe('2');
    expect(stream.raw()).toContain(': keep-alive');
    stream.close();
  });

  it('resumes after Last-Event-ID, and filters by type', async () => {
    await otherWriter().append([docsEvent('r-1'), docsEvent('r-2'), docsEvent('r-3')]);
    const resumed = await openSseConnection(`${base}/v1/events/stream`, { ...AUTH, 'last-event-id': '1' });
    const messages = await resumed.waitFor(2);
    expect(messages.map((m) => m.id)).toEqual(['2', '3']);
    resumed.close();
    const filtered = await openSseConnection(`${base}/v1/events/stream?since=0&type=backend.task.*`, AUTH);
    await server.orchestrator.engine.add([{ title: 'Announce me' }], 'test');
    const [created] = await filtered.waitFor(1);
    expect(created?.event).toBe('backend.task.created');
    expect(filtered.messages.every((m) => m.event?.startsWith('backend.task.'))).toBe(true);
    filtered.close();
  });

  it('needs the token like any route; a bad Last-Event-ID is a 400 problem', async () => {
    const refused = await fetch(`${base}/v1/events/stream`);
    expect(refused.status).toBe(401);
    const bad = await fetch(`${base}/v1/events/stream`, { headers: { ...AUTH, 'last-event-id': 'yesterday' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ in: 'headers', path: 'last-event-id' }] });
  });

  it('closing the server ends open streams instead of waiting for them', async () => {
    const stream = await openSseConnection(`${base}/v1/events/stream`, AUTH);
    const started = Date.now();
    await server.app.close();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
