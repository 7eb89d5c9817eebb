import { describe, expect, it } from 'vitest';
import { checkKnownData, parseBinary, parseIncoming, parsePlain, parseStructured, PLAIN_SOURCE, validateKnownData } from '../../src/events/intake.js';
import type { CloudEvent } from '../../src/events/types.js';

const NOW = new Date('2026-03-01T10:00:00Z');
const structured = (overrides: Record<string, unknown> = {}) => ({
  specversion: '1.0',
  id: 'evt-1',
  source: 'urn:frontend-orchestrator:web',
  type: 'frontend.api.request',
  time: '2026-03-01T09:59:00Z',
  datacontenttype: 'application/json',
  data: { endpoint: '/api/products', requirements: ['pagination'] },
  ...overrides,
});
const problemsOf = (result: { ok: boolean; problems?: unknown }) => (result.ok ? [] : (result as { problems: { path: string; message: string }[] }).problems);
const paths = (result: { ok: boolean; problems?: unknown }) => problemsOf(result).map((p) => p.path);

describe('parsePlain (the seed form)', () => {
  const body = { event: 'frontend.api.request', endpoint: '/api/new-feature', requirements: ['pagination', 'filtering'] };

  it('turns {"event": …} into a CloudEvent of that type with the other fields as data', () => {
    const result = parsePlain(body, { now: NOW });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event).toMatchObject({
      specversion: '1.0',
      type: 'frontend.api.request',
      source: PLAIN_SOURCE,
      time: '2026-03-01T10:00:00.000Z',
      datacontenttype: 'application/json',
      data: { endpoint: '/api/new-feature', requirements: ['pagination', 'filtering'] },
    });
    expect(result.event.data).not.toHaveProperty('event');
  });

  it('gives the same body the same id whatever its key order, and a different body another id', () => {
    const a = parsePlain(body);
    const b = parsePlain({ requirements: ['pagination', 'filtering'], endpoint: '/api/new-feature', event: 'frontend.api.request' });
    const c = parsePlain({ ...body, endpoint: '/api/other' });
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected all three to parse');
    expect(a.event.id).toMatch(/^plain-[0-9a-f]{32}$/);
    expect(b.event.id).toBe(a.event.id);
    expect(c.event.id).not.toBe(a.event.id);
  });

  it('uses the source it is given', () => {
    const result = parsePlain(body, { source: 'urn:frontend:web' });
    expect(result.ok && result.event.source).toBe('urn:frontend:web');
  });

  it('names the field when "event" is missing or empty, or the body is not an object', () => {
    expect(paths(parsePlain({ endpoint: '/x' }))).toEqual(['event']);
    expect(paths(parsePlain({ event: '  ' }))).toEqual(['event']);
    expect(paths(parsePlain(['event']))).toEqual(['(body)']);
  });
});

describe('parseStructured', () => {
  it('accepts a CloudEvents 1.0 object and keeps extension attributes', () => {
    const result = parseStructured(structured({ traceparent: '00-abc-01' }));
    expect(result.ok).toBe(true);
    expect(result.ok && result.event.traceparent).toBe('00-abc-01');
  });

  it('rejects another spec version, naming specversion', () => {
    const problems = problemsOf(parseStructured(structured({ specversion: '0.3' })));
    expect(problems).toEqual([{ path: 'specversion', message: 'must be one of "1.0" (got "0.3")' }]);
  });

  it('names each missing required attribute', () => {
    const { id: _id, source: _source, ...rest } = structured();
    expect(paths(parseStructured(rest)).sort()).toEqual(['id', 'source']);
    expect(paths(parseStructured(structured({ type: '' })))).toEqual(['type']);
  });

  it('rejects a time that is not RFC 3339, data in two forms, and badly named extensions', () => {
    expect(paths(parseStructured(structured({ time: 'yesterday' })))).toEqual(['time']);
    expect(paths(parseStructured(structured({ time: '2026-13-45T99:00:00Z' })))).toEqual(['time']);
    expect(paths(parseStructured(structured({ data_base64: 'AAE=' })))).toEqual(['data_base64']);
    expect(paths(parseStructured(structured({ trace_id: 'x' })))).toEqual(['trace_id']);
    expect(paths(parseStructured('{"specversion": "1.0"}'))).toEqual(['(body)']);
  });
});

describe('parseBinary (CloudEvents HTTP binary mode)', () => {
  const headers = {
    'ce-specversion': '1.0',
    'ce-id': 'evt-7',
    'ce-source': 'urn:frontend-orchestrator:web',
    'ce-type': 'frontend.api.request',
    'ce-time': '2026-03-01T09:59:00Z',
    'ce-subject': '%2Fapi%2Fproducts',
    'ce-partitionkey': 'shop',
  };

  it('maps ce-* headers to attributes (percent-decoded), content-type to datacontenttype and a JSON body to data', () => {
    const result = parseBinary(headers, '{"endpoint": "/api/products"}', 'application/json; charset=utf-8');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event).toEqual({
      specversion: '1.0',
      id: 'evt-7',
      source: 'urn:frontend-orchestrator:web',
      type: 'frontend.api.request',
      time: '2026-03-01T09:59:00Z',
      subject: '/api/products',
      partitionkey: 'shop',
      datacontenttype: 'application/json; charset=utf-8',
      data: { endpoint: '/api/products' },
    });
  });

  it('keeps a text body as a string, other bytes as data_base64, an already parsed body as it is, and no body as no data', () => {
    const text = parseBinary(headers, Buffer.from('hello'), 'text/plain');
    expect(text.ok && text.event.data).toBe('hello');
    const bytes = parseBinary(headers, Buffer.from([0, 1, 2, 255]), 'application/octet-stream');
    expect(bytes.ok && bytes.event.data_base64).toBe('AAEC/w==');
    expect(bytes.ok && 'data' in bytes.event).toBe(false);
    const parsed = parseBinary({ ...headers, 'content-type': 'application/json' }, { endpoint: '/x' });
    expect(parsed.ok && parsed.event.data).toEqual({ endpoint: '/x' });
    const empty = parseBinary(headers, '', undefined);
    expect(empty.ok && 'data' in empty.event).toBe(false);
  });

  it('names the header that is missing or wrong', () => {
    const { 'ce-id': _id, ...noId } = headers;
    expect(problemsOf(parseBinary(noId, undefined))).toEqual([{ path: 'ce-id', message: 'required header' }]);
    expect(problemsOf(parseBinary({ ...headers, 'ce-specversion': '0.3' }, undefined))).toEqual([{ path: 'ce-specversion', message: 'must be one of "1.0" (got "0.3")' }]);
    expect(paths(parseBinary({ ...headers, 'ce-time': 'noon' }, undefined))).toEqual(['ce-time']);
    expect(paths(parseBinary({ ...headers, 'ce-trace_id': 'x' }, undefined))).toEqual(['ce-trace_id']);
    expect(paths(parseBinary({ ...headers, 'ce-datacontenttype': 'text/plain' }, undefined))).toEqual(['ce-datacontenttype']);
  });

  it('reports a JSON content type with a body that is not JSON as a data problem', () => {
    const problems = problemsOf(parseBinary(headers, '{oops', 'application/json'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'data' });
    expect(problems[0]?.message).toContain('not valid JSON');
  });
});

describe('validateKnownData: frontend.api.request', () => {
  const event = (data: unknown): CloudEvent => ({ specversion: '1.0', id: 'e', source: 's', type: 'frontend.api.request', data });

  it('accepts a complete request, fills requirements with [] and upper-cases the method', () => {
    expect(validateKnownData(event({ endpoint: '/api/x', method: 'GET', requirements: ['pagination'], description: 'd', requestedBy: 'frontend' }))).toEqual([]);
    const result = checkKnownData(event({ endpoint: '/api/x', method: 'post' }));
    expect(result.ok && result.event.data).toEqual({ endpoint: '/api/x', method: 'POST', requirements: [] });
  });

  it('names data.endpoint, data.method and data.requirements[i] when they are wrong', () => {
    expect(validateKnownData(event({ requirements: [] }))).toEqual([{ path: 'data.endpoint', message: 'required (string)' }]);
    expect(validateKnownData(event({ endpoint: 'api/x' }))).toEqual([{ path: 'data.endpoint', message: 'must be a path starting with "/", e.g. /api/products' }]);
    expect(validateKnownData(event({ endpoint: '/x', method: 'FETCH' })).map((p) => p.path)).toEqual(['data.method']);
    expect(validateKnownData(event({ endpoint: '/x', requirements: ['ok', 3] }))).toEqual([{ path: 'data.requirements[1]', message: 'expected string, got 3' }]);
  });

  it('requires the data to be an object, and lets unknown types through unchecked', () => {
    expect(validateKnownData(event('text')).map((p) => p.path)).toEqual(['data']);
    expect(validateKnownData({ ...event(undefined), data_base64: 'AA==' }).map((p) => p.path)).toEqual(['data_base64']);
    expect(validateKnownData({ ...event('anything'), type: 'backend.task.done' })).toEqual([]);
  });
});

describe('parseIncoming', () => {
  it('dispatches ce-specversion headers to binary mode', () => {
    const result = parseIncoming({
      headers: { 'CE-SpecVersion': '1.0', 'ce-id': 'b1', 'ce-source': 'urn:x', 'ce-type': 'frontend.api.request', 'Content-Type': 'application/json' },
      body: '{"endpoint": "/api/b"}',
    });
    expect(result).toMatchObject({ ok: true, mode: 'binary', events: [{ id: 'b1', data: { endpoint: '/api/b', requirements: [] } }] });
  });

  it('parses application/cloudevents+json and objects with specversion as structured', () => {
    const viaType = parseIncoming({ contentType: 'application/cloudevents+json', body: JSON.stringify(structured()) });
    expect(viaType).toMatchObject({ ok: true, mode: 'structured', events: [{ id: 'evt-1' }] });
    const viaShape = parseIncoming({ body: structured() });
    expect(viaShape).toMatchObject({ ok: true, mode: 'structured' });
    const notAnEvent = parseIncoming({ contentType: 'application/cloudevents+json', body: '{"event": "x"}' });
    expect(paths(notAnEvent).sort()).toEqual(['id', 'source', 'specversion', 'type']);
  });

  it('parses the plain form with the given source', () => {
    const result = parseIncoming({ contentType: 'application/json', body: Buffer.from('{"event": "frontend.api.request", "endpoint": "/api/p"}'), plainSource: 'urn:front', now: NOW });
    expect(result).toMatchObject({ ok: true, mode: 'plain', events: [{ source: 'urn:front', time: NOW.toISOString(), data: { endpoint: '/api/p', requirements: [] } }] });
  });

  it('parses a batch and names the item at fault', () => {
    const ok = parseIncoming({ contentType: 'application/cloudevents-batch+json', body: JSON.stringify([structured(), structured({ id: 'evt-2' })]) });
    expect(ok.ok && ok.events.map((e) => e.id)).toEqual(['evt-1', 'evt-2']);
    expect(ok.ok && ok.mode).toBe('batch');
    const bad = parseIncoming({ body: [structured(), structured({ id: '' }), { event: 'frontend.api.request' }, 42] });
    expect(paths(bad)).toEqual(['[1].id', '[2].data.endpoint', '[3]']);
    expect(paths(parseIncoming({ contentType: 'application/cloudevents-batch+json', body: '{}' }))).toEqual(['(body)']);
  });

  it('checks the data of known types in every mode', () => {
    expect(paths(parseIncoming({ body: structured({ data: { endpoint: 'nope' } }) }))).toEqual(['data.endpoint']);
  });

  it('explains bodies it cannot take', () => {
    expect(problemsOf(parseIncoming({ contentType: 'text/plain', body: 'hi' }))[0]).toMatchObject({ path: 'content-type' });
    expect(problemsOf(parseIncoming({ contentType: 'application/json', body: '{' }))[0]).toMatchObject({ path: '(body)' });
    const neither = problemsOf(parseIncoming({ body: { hello: 'world' } }));
    expect(neither).toHaveLength(1);
    expect(neither[0]?.message).toContain('not an event');
  });
});
