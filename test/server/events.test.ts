/** `/v1/events`: intake in every CloudEvents form, refusals naming the field, the outbox paged. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeServer, type TestServer } from './helpers.js';

let server: TestServer;
beforeEach(async () => {
  server = await makeServer();
});
afterEach(async () => {
  await server.close();
});

const REQUEST = { endpoint: '/api/v1/categories/{id}/products', requirements: ['pagination'] };
const cloudEvent = (id: string, data: unknown = REQUEST) => ({ specversion: '1.0', id, source: 'urn:frontend-orchestrator:shop', type: 'frontend.api.request', data });

describe('POST /v1/events', () => {
  it('structured mode: 202 with what was received and the task it created; the same event again creates nothing', async () => {
    const send = () =>
      server.call({ method: 'POST', url: '/v1/events', payload: JSON.stringify(cloudEvent('req-1')), headers: { 'content-type': 'application/cloudevents+json' } });
    const first = await send();
    expect(first.statusCode).toBe(202);
    const [received] = first.json().received;
    expect(received).toMatchObject({ id: 'req-1', type: 'frontend.api.request', duplicate: false, task: { action: 'created', id: expect.stringMatching(/^task-001-/) } });
    const again = (await send()).json().received[0];
    expect(again).toMatchObject({ duplicate: true, task: { id: received.task.id } });
    expect((await server.call({ url: '/v1/tasks' })).json().pagination.total).toBe(1);
  });

  it('batch mode, and the plain form of the seed', async () => {
    const batch = await server.call({
      method: 'POST',
      url: '/v1/events',
      payload: JSON.stringify([cloudEvent('b-1'), { ...cloudEvent('b-2'), type: 'backend.docs.updated', data: {} }]),
      headers: { 'content-type': 'application/cloudevents-batch+json' },
    });
    expect(batch.statusCode).toBe(202);
    expect(batch.json().received.map((r: { id: string; task?: unknown }) => [r.id, Boolean(r.task)])).toEqual([
      ['b-1', true],
      ['b-2', false],
    ]);
    const plain = await server.call({ method: 'POST', url: '/v1/events', payload: { event: 'frontend.api.request', endpoint: '/api/v1/reviews', requirements: ['filtering'] } });
    expect(plain.statusCode).toBe(202);
    expect(plain.json().received[0]).toMatchObject({ type: 'frontend.api.request', source: 'urn:backend-orchestrator:intake', task: { action: 'created' } });
  });

  it('binary mode keeps the bytes: JSON data parsed, other content as base64', async () => {
    const json = await server.call({
      method: 'POST',
      url: '/v1/events',
      payload: JSON.stringify(REQUEST),
      headers: { 'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-id': 'bin-1', 'ce-source': 'urn:x', 'ce-type': 'frontend.api.request' },
    });
    expect(json.statusCode).toBe(202);
    expect(json.json().received[0].task.action).toBe('created');
    const bytes = Buffer.from([0, 1, 2, 254, 255]);
    const binary = await server.call({
      method: 'POST',
      url: '/v1/events',
      payload: bytes,
      headers: { 'content-type': 'application/octet-stream', 'ce-specversion': '1.0', 'ce-id': 'bin-2', 'ce-source': 'urn:x', 'ce-type': 'backend.docs.updated' },
    });
    expect(binary.statusCode).toBe(202);
    const stored = (await server.call({ url: '/v1/events?type=backend.docs.updated' })).json().data[0].event;
    expect(stored).toMatchObject({ id: 'bin-2', datacontenttype: 'application/octet-stream', data_base64: bytes.toString('base64') });
  });

  it('refuses what is not an event (400), a bad field or unknown type (422), naming it; refusals are recorded', async () => {
    const notJson = await server.call({ method: 'POST', url: '/v1/events', payload: '{"event": ', headers: { 'content-type': 'application/json' } });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().errors[0].path).toBe('(body)');
    const noId = await server.call({ method: 'POST', url: '/v1/events', payload: JSON.stringify({ ...cloudEvent('x'), id: undefined }), headers: { 'content-type': 'application/cloudevents+json' } });
    expect(noId.statusCode).toBe(422);
    expect(noId.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(noId.json().errors).toEqual([{ in: 'body', path: 'id', message: expect.stringContaining('required') }]);
    const badData = await server.call({ method: 'POST', url: '/v1/events', payload: { event: 'frontend.api.request', endpoint: 'no-slash' } });
    expect(badData.statusCode).toBe(422);
    expect(badData.json().errors[0].path).toBe('data.endpoint');
    const unknownType = await server.call({ method: 'POST', url: '/v1/events', payload: { event: 'payments.charged' } });
    expect(unknownType.statusCode).toBe(422);
    expect(unknownType.json().errors[0]).toMatchObject({ path: 'type', message: expect.stringContaining('unknown event type') });
    const missingHeader = await server.call({ method: 'POST', url: '/v1/events', payload: '{}', headers: { 'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-id': 'h', 'ce-source': 'urn:x' } });
    expect(missingHeader.statusCode).toBe(422);
    expect(missingHeader.json().errors[0]).toEqual({ in: 'headers', path: 'ce-type', message: 'required header' });
    const rejected = readFileSync(path.join(server.orchestrator.layout.events, 'rejected.jsonl'), 'utf8').trim().split('\n');
    expect(rejected).toHaveLength(5);
    expect((await server.call({ url: '/v1/tasks' })).json().pagination.total).toBe(0);
  });

  it('an event larger than the intake takes (256 KiB) is a 413 problem', async () => {
    const response = await server.call({ method: 'POST', url: '/v1/events', payload: { event: 'frontend.api.request', endpoint: '/api/x', description: 'x'.repeat(300 * 1024) } });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ title: 'Event too large', errors: [{ path: '(body)' }] });
  });
});

describe('GET /v1/events', () => {
  it('pages through the outbox with since and next; filters by type pattern', async () => {
    for (const id of ['p-1', 'p-2', 'p-3']) {
      await server.call({ method: 'POST', url: '/v1/events', payload: JSON.stringify({ ...cloudEvent(id), type: 'backend.docs.updated', data: {} }), headers: { 'content-type': 'application/cloudevents+json' } });
    }
    const first = (await server.call({ url: '/v1/events?limit=2' })).json();
    expect(first.data.map((e: { event: { id: string } }) => e.event.id)).toEqual(['p-1', 'p-2']);
    expect(first.pagination).toEqual({ limit: 2, since: 0, next: first.data[1].seq });
    const second = (await server.call({ url: `/v1/events?limit=2&since=${first.pagination.next}` })).json();
    expect(second.data.map((e: { event: { id: string } }) => e.event.id)).toEqual(['p-3']);
    expect(second.pagination.next).toBeNull();
    expect((await server.call({ url: '/v1/events?type=backend.task.*' })).json().data).toEqual([]);
    expect((await server.call({ url: '/v1/events?since=-1' })).statusCode).toBe(400);
  });
});
