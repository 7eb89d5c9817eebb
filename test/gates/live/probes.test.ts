/** The pure parts of the live probes: argv splitting, sample values, schema translation, error shapes, rate-limit headers. */
import { describe, expect, it } from 'vitest';
import { splitCommand } from '../../../src/gates/live/service/command.js';
import { isLoopback } from '../../../src/gates/live/service/plan.js';
import { readPath } from '../../../src/gates/live/service/credentials.js';
import { sample } from '../../../src/gates/live/probes/sample.js';
import { toJsonSchema } from '../../../src/gates/live/probes/json-schema.js';
import { errorShape } from '../../../src/gates/live/probes/error-standard.js';
import { advertisedRemaining, hasLimitHeaders } from '../../../src/gates/live/probes/rate-limit-live.js';
import { collectionOf, idOf, itemsOf, type Exchange } from '../../../src/gates/live/probes/session.js';
import { createRefResolver } from '../../../src/scan/openapi/refs.js';
import type { DocFile } from '../../../src/scan/openapi/types.js';

describe('splitCommand', () => {
  it('splits on blanks, groups quotes and escapes, expands nothing', () => {
    expect(splitCommand('npm start')).toEqual(['npm', 'start']);
    expect(splitCommand(`node -e "console.log('a b')" --x='y z' $HOME a\\ b`)).toEqual(['node', '-e', "console.log('a b')", '--x=y z', '$HOME', 'a b']);
    expect(() => splitCommand('node "oops')).toThrow(/unterminated/);
  });
});

describe('sample', () => {
  it('gives a value the schema accepts: example, enum, bounds, formats, required properties', () => {
    const schema = {
      type: 'object',
      required: ['delta', 'reason', 'email', 'q'],
      properties: {
        delta: { type: 'integer', minimum: -10000, maximum: 10000 },
        reason: { type: 'string', enum: ['restock', 'correction'] },
        email: { type: 'string', format: 'email' },
        q: { type: 'string', minLength: 2, maxLength: 5 },
        ignored: { type: 'string' },
      },
    };
    const value = sample(schema) as Record<string, unknown>;
    expect(value).toMatchObject({ delta: 1, reason: 'restock', q: 'Bo-Pr' });
    expect(value.email).toMatch(/@example\.com$/);
    expect(Object.keys(value)).not.toContain('ignored');
    expect(sample({ type: 'integer', minimum: 5 })).toBe(5);
    expect(sample({ type: 'array', items: { type: 'string', format: 'uuid' } })).toEqual(['00000000-0000-4000-8000-000000000000']);
    expect(sample({ type: 'string', example: 'O’Brien' })).toBe('O’Brien');
  });
});

describe('toJsonSchema', () => {
  const doc: DocFile = {
    abs: '/p/openapi.json',
    rel: 'openapi.json',
    tree: {
      value: { components: { schemas: { Price: { type: 'number', nullable: true, exclusiveMinimum: true, minimum: 0, example: 3 }, Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } } } } },
      keyLines: new WeakMap(),
      reader: 'json',
    },
  };
  const refs = createRefResolver(new Map([[doc.abs, doc]]), new Map(), '/p');
  it('inlines references and translates OpenAPI 3.0 (nullable, boolean exclusive bounds, annotations)', () => {
    expect(toJsonSchema({ $ref: '#/components/schemas/Price' }, doc, refs, { openapi30: true, direction: 'response' })).toEqual({ type: ['number', 'null'], exclusiveMinimum: 0 });
  });
  it('does not require writeOnly properties in answers, and stops recursive schemas', () => {
    const user = { type: 'object', required: ['id', 'password'], properties: { id: { type: 'string' }, password: { type: 'string', writeOnly: true } } };
    expect(toJsonSchema(user, doc, refs, { openapi30: true, direction: 'response' })).toMatchObject({ required: ['id'] });
    expect(toJsonSchema(user, doc, refs, { openapi30: true, direction: 'request' })).toMatchObject({ required: ['id', 'password'] });
    expect(JSON.stringify(toJsonSchema({ $ref: '#/components/schemas/Node' }, doc, refs, { openapi30: true, direction: 'response' }))).toContain('true');
  });
});

describe('error shapes', () => {
  const exchange = (contentType: string, text: string): Exchange => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { response: { status: 400, headers: new Headers(), text, json, contentType }, method: 'GET', path: '/x', purpose: 'probe', valid: false } as unknown as Exchange;
  };
  it('tells problem details, error objects, HTML, text and empty bodies apart', () => {
    expect(errorShape(exchange('application/problem+json', '{"type":"about:blank","title":"Bad Request","status":400}'))).toBe('RFC 9457 problem details');
    expect(errorShape(exchange('application/json', '{"error":"nope","message":"x"}'))).toBe('JSON {error, message}');
    expect(errorShape(exchange('text/html', '<!DOCTYPE html><pre>Cannot GET /x</pre>'))).toBe('HTML');
    expect(errorShape(exchange('text/plain', 'Too many requests'))).toBe('plain text');
    expect(errorShape(exchange('', ''))).toBe('an empty body');
  });
});

describe('rate-limit headers', () => {
  it('reads the remaining budget from draft-7, draft-8, draft-6 and X- headers', () => {
    expect(advertisedRemaining(new Headers({ ratelimit: 'limit=300, remaining=297, reset=900' }))).toBe(297);
    expect(advertisedRemaining(new Headers({ ratelimit: '"default";r=50;t=30' }))).toBe(50);
    expect(advertisedRemaining(new Headers({ 'ratelimit-remaining': '12' }))).toBe(12);
    expect(advertisedRemaining(new Headers({ 'x-ratelimit-remaining': '7' }))).toBe(7);
    expect(advertisedRemaining(new Headers())).toBeUndefined();
    expect(hasLimitHeaders(new Headers({ 'retry-after': '60' }))).toBe(true);
    expect(hasLimitHeaders(new Headers({ 'content-type': 'text/plain' }))).toBe(false);
  });
});

describe('small helpers', () => {
  it('reads collections, ids, token paths and loopback hosts', () => {
    expect(collectionOf('/api/v1/products/{productId}/reviews', 'productId')).toBe('/api/v1/products');
    expect(itemsOf({ data: [{ id: 'a' }], pagination: { total: 1 } })).toEqual([{ id: 'a' }]);
    expect(idOf({ _id: 7 })).toBe('7');
    expect(readPath({ data: { accessToken: 't' } }, 'data.accessToken')).toBe('t');
    expect(isLoopback('http://127.0.0.1:3000')).toBe(true);
    expect(isLoopback('http://[::1]:3000')).toBe(true);
    expect(isLoopback('http://localhost')).toBe(true);
    expect(isLoopback('https://api.example.com')).toBe(false);
  });
});
