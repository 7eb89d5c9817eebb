/** What stands in front of every route: the token, problem+json errors, limits, CORS and headers. */
import { afterEach, describe, expect, it } from 'vitest';
import { makeServer, TOKEN, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const isProblem = (response: { headers: Record<string, unknown>; json(): any }, status: number) => {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = response.json();
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/); // never a stack trace
  return body;
};

describe('bearer token', () => {
  it('refuses a request without a token with a 401 problem and WWW-Authenticate: Bearer', async () => {
    server = await makeServer();
    const response = await server.app.inject({ url: '/v1/tasks' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm=/);
    expect(isProblem(response, 401).detail).toMatch(/Authorization: Bearer/);
  });

  it('refuses a wrong token (invalid_token), a token of another length, and another scheme', async () => {
    server = await makeServer();
    for (const authorization of [`Bearer ${TOKEN.slice(0, -1)}x`, 'Bearer short', `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`, `Bearer ${TOKEN} extra`]) {
      const response = await server.app.inject({ url: '/v1/tasks', headers: { authorization } });
      expect(response.statusCode, authorization).toBe(401);
      isProblem(response, 401);
    }
    const wrong = await server.app.inject({ url: '/v1/tasks', headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect(wrong.headers['www-authenticate']).toMatch(/error="invalid_token"/);
  });

  it('accepts the right token (scheme in any case)', async () => {
    server = await makeServer();
    const response = await server.app.inject({ url: '/v1/tasks', headers: { authorization: `bearer ${TOKEN}` } });
    expect(response.statusCode).toBe(200);
  });

  it('answers health and the OpenAPI document without a token, and nothing else', async () => {
    server = await makeServer();
    const health = await server.app.inject({ url: '/v1/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/), store: 'file' });
    expect((await server.app.inject({ url: '/v1/openapi.json' })).statusCode).toBe(200);
    // An unknown route does not tell a stranger whether it exists.
    expect((await server.app.inject({ url: '/v1/secret-things' })).statusCode).toBe(401);
  });
});

describe('errors are problems', () => {
  it('an unknown route is a 404 problem that says where the routes are listed', async () => {
    server = await makeServer();
    const response = await server.call({ url: '/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(isProblem(response, 404)).toMatchObject({ instance: '/v1/nothing-here', detail: expect.stringContaining('/v1/openapi.json') });
  });

  it('a body that is not JSON is a 400 problem; a text/plain body is 415', async () => {
    server = await makeServer();
    const bad = await server.call({ method: 'POST', url: '/v1/tasks', payload: '{"title": ', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    isProblem(bad, 400);
    const text = await server.call({ method: 'POST', url: '/v1/tasks', payload: 'title', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    isProblem(text, 415);
  });

  it('an unexpected failure is a bare 500 problem that names nothing internal', async () => {
    server = await makeServer();
    server.orchestrator.engine.list = async () => {
      throw new Error('ENOENT: /secret/path/of/the/server.ts:42');
    };
    const response = await server.call({ url: '/v1/tasks' });
    expect(response.statusCode).toBe(500);
    const body = isProblem(response, 500);
    expect(JSON.stringify(body)).not.toContain('/secret/path');
  });

  it('refuses an oversized body with 413 before reading it all', async () => {
    server = await makeServer({ bodyLimitBytes: 1024 });
    const response = await server.call({ method: 'POST', url: '/v1/tasks', payload: { title: 'x', description: 'y'.repeat(2000) } });
    expect(response.statusCode).toBe(413);
    expect(isProblem(response, 413).code).toBe('FST_ERR_CTP_BODY_TOO_LARGE');
    const small = await server.call({ method: 'POST', url: '/v1/tasks', payload: { title: 'Small enough' } });
    expect(small.statusCode).toBe(201);
  });
});

describe('rate limit', () => {
  it('answers a burst beyond the limit with 429 problems and Retry-After', async () => {
    server = await makeServer({ rateLimit: { max: 3, windowSeconds: 60 } });
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await server.call({ url: '/v1/tasks' });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(isProblem(last as never, 429).title).toBe('Too Many Requests');
  });

  it('counts requests without a token too (guessing tokens is limited)', async () => {
    server = await makeServer({ rateLimit: { max: 2, windowSeconds: 60 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await server.app.inject({ url: '/v1/tasks', headers: { authorization: 'Bearer guess-guess-guess-1' } })).statusCode);
    expect(statuses).toEqual([401, 401, 429]);
  });
});

describe('headers', () => {
  it('sets nosniff and no-store on answers and errors, and no x-powered-by', async () => {
    server = await makeServer();
    for (const response of [await server.call({ url: '/v1/tasks' }), await server.call({ url: '/v1/missing' }), await server.app.inject({ url: '/v1/tasks' })]) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('sends no CORS headers unless origins are configured', async () => {
    server = await makeServer();
    const response = await server.call({ url: '/v1/tasks', headers: { origin: 'https://app.example.com' } });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await server.app.inject({ method: 'OPTIONS', url: '/v1/tasks', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('with origins configured, allows those (preflight without a token) and not others', async () => {
    server = await makeServer({ cors: ['https://app.example.com'] });
    const preflight = await server.app.inject({
      method: 'OPTIONS',
      url: '/v1/tasks',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('authorization');
    const allowed = await server.call({ url: '/v1/tasks', headers: { origin: 'https://app.example.com' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const other = await server.call({ url: '/v1/tasks', headers: { origin: 'https://evil.example.net' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('MCP at /mcp', () => {
  it('is mounted behind the same token', async () => {
    server = await makeServer({ mcp: true });
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'test', version: '1.0.0' } },
    };
    const headers = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };
    const refused = await server.app.inject({ method: 'POST', url: '/mcp', payload: initialize, headers });
    expect(refused.statusCode).toBe(401);
    isProblem(refused, 401);
    const answered = await server.call({ method: 'POST', url: '/mcp', payload: initialize, headers });
    expect(answered.statusCode).toBe(200);
    expect(answered.body).toContain('"serverInfo"');
  });
});
