/**
 * The live probes against a small service running in this process and given by `service.baseUrl`
 * (nothing started: the load test runs before the burst). Its answers break each live check once,
 * next to endpoints that pass: a wrong type, a different error shape, a limit ignored, a quote that
 * breaks SQL, a protected write served anonymously, no 429.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveContext } from '../../../src/gates/live/context.js';
import { runDynamicRules } from '../../../src/gates/live/run.js';
import { defineDynamicRule } from '../../../src/gates/define.js';
import { liveApiOutcome, type LiveApiOutcome } from '../../../src/gates/live/service/run-live-api.js';
import type { DynamicOutcome } from '../../../src/gates/engine.js';
import apiResponseTime from '../../../src/gates/metrics/api-response-time.js';
import errorRate from '../../../src/gates/metrics/error-rate.js';
import responseSchema from '../../../src/gates/contract/response-schema.js';
import errorStandard from '../../../src/gates/contract/error-standard.js';
import { projectContext } from '../../helpers/gates.js';

const problem = { type: 'object', required: ['title', 'status'], properties: { type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' } } };
const item = { type: 'object', required: ['id', 'price'], properties: { id: { type: 'string' }, price: { type: 'number' } } };
const problemResponse = { description: 'error', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const spec = {
  openapi: '3.0.3',
  info: { title: 'Items', version: '1.0.0' },
  components: { schemas: { Problem: problem, Item: item }, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  paths: {
    '/items': {
      get: {
        operationId: 'listItems', summary: 'List', security: [],
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1 } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Item' } } } } } } }, '400': problemResponse },
      },
      post: {
        operationId: 'createItem', summary: 'Create', security: [{ bearer: [] }],
        requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } } },
        responses: { '201': { description: 'created' }, '400': problemResponse, '401': problemResponse },
      },
    },
    '/items/{id}': {
      get: {
        operationId: 'getItem', summary: 'Get', security: [],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } }, '404': problemResponse },
      },
    },
    '/search': {
      get: {
        operationId: 'search', summary: 'Search', security: [],
        parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1 } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Item' } } } } } },
      },
    },
  },
};

function send(res: import('node:http').ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const ITEMS = [{ id: 'a1', price: 'cheap' }, { id: 'b2', price: 3 }];
let server: Server;
let outcome: LiveApiOutcome;
let outcomes: Map<string, DynamicOutcome>;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (url.pathname === '/health') return send(res, 200, { status: 'ok' });
      // Ignores `limit`, and the first item's price is a string.
      if (url.pathname === '/items' && req.method === 'GET') return send(res, 200, { data: ITEMS });
      if (url.pathname === '/items' && req.method === 'POST') {
        try {
          JSON.parse(body);
        } catch {
          return send(res, 400, { type: 'about:blank', title: 'Bad Request', status: 400 }, 'application/problem+json');
        }
        return send(res, 201, { id: 'c3' }); // no authentication at all
      }
      const match = /^\/items\/([^/]+)$/.exec(url.pathname);
      if (match) {
        const found = ITEMS.find((i) => i.id === decodeURIComponent(match[1] as string));
        return found ? send(res, 200, { id: found.id, price: 3 }) : send(res, 404, { error: 'not found' }); // not problem details
      }
      if (url.pathname === '/search') {
        const q = url.searchParams.get('q') ?? '';
        if (q.includes("'")) return send(res, 500, `error: syntax error at or near "${q.slice(q.indexOf("'") + 1)}"`, 'text/plain');
        return send(res, 200, [{ id: 'b2', price: 3 }]);
      }
      return send(res, 404, { type: 'about:blank', title: 'Not Found', status: 404 }, 'application/problem+json');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const context = await projectContext(
    { 'openapi.json': JSON.stringify(spec, null, 2) },
    { config: { service: { baseUrl: `http://127.0.0.1:${port}`, load: { durationSeconds: 0.5, connections: 2 } } } },
  );
  const live = createLiveContext({}, new AbortController().signal);
  const capture = defineDynamicRule({
    id: 'contract/breaking-change', area: 'contract', checklist: 'No breaking changes', severity: 'error', needs: 'live',
    docs: { description: 'test capture', failing: 'x', passing: 'y' },
    async run(c, l) {
      outcome = await liveApiOutcome(c, l);
    },
  });
  outcomes = await runDynamicRules([apiResponseTime, errorRate, responseSchema, errorStandard, capture], context, live, ['metrics', 'contract']);
}, 60_000);

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const subjects = (rule: string) => (outcome.findings.get(rule) ?? []).map((f) => `${f.subject} ${f.severity ?? 'error'}`);

describe('live probes against a service given by URL', () => {
  it('contract/response-schema: the string price fails, and so does the 404 that is not the documented problem; the item found passes', () => {
    const findings = outcomes.get('contract/response-schema')?.findings ?? [];
    expect(findings.map((f) => f.subject)).toEqual(['GET /items', 'GET /items/{id}']);
    expect(findings[0]?.message).toMatch(/answered 200 .*\/data\/0\/price must be number/);
    expect(findings[1]?.message).toMatch(/answered 404 .*must have required property 'title'/);
    expect(findings[0]?.file).toBe('openapi.json');
    expect(outcome.schemas?.validated).toBeGreaterThan(5);
  });

  it('contract/error-standard: the 404 {error} and the plain-text 500 differ from the declared problem details', () => {
    const findings = outcomes.get('contract/error-standard')?.findings ?? [];
    expect(findings.map((f) => f.subject)).toEqual(['GET /items/{id}', 'GET /search']);
    expect(findings[0]?.message).toMatch(/answered 404 with JSON \{error\}, while the API's errors are RFC 9457 problem details/);
    expect(findings[1]?.message).toMatch(/answered 500 with plain text/);
  });

  it('finds the live parts of static rules: anonymous write, SQL error text, ignored limit, no 429', () => {
    expect(subjects('sec/authn-required')).toEqual(['POST /items error']);
    expect(subjects('sec/sql-injection')).toEqual(['GET /search error']);
    expect(outcome.findings.get('sec/sql-injection')?.[0]?.message).toMatch(/database error text: error: syntax error at or near/);
    expect(subjects('api/pagination')).toEqual(['GET /items error']);
    expect(subjects('api/rate-limit')).toEqual(['GET /items warning']);
    expect(outcome.burst).toMatchObject({ sent: 200, limited: false });
  });

  it('load-tests the GETs that answered (the service was given by URL: nothing restarted) and measures them', () => {
    expect(outcome.load?.endpoints.map((e) => e.stats.id).sort()).toEqual(['GET /items', 'GET /items/{id}', 'GET /search']);
    expect(outcome.load?.overhead?.requests).toBeGreaterThan(0);
    expect(outcomes.get('metrics/error-rate')).toMatchObject({ findings: [], verdict: undefined });
  });
});
