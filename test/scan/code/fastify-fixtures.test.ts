/**
 * The Fastify fixture projects, end to end: every endpoint with its method, full path, auth and
 * the hooks that decided it, and its source line (exact lists), plus the facts of a few.
 * fastify-app: TypeScript, plugins in files registered with prefixes from constants,
 * fastify-plugin decorators, hooks at plugin level, route({...}), @fastify/auth, typebox.
 * fastify-cjs: CommonJS, require()d plugins, inline plugins with hooks, route arrays, joi.
 * fastify-cli: the `fastify generate` layout: @fastify/autoload folders, autohooks, autoPrefix.
 */
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../../src/registry/schema.js';
import { fastifyScanner } from '../../../src/scan/code/fastify/index.js';
import { fixtureIndex } from './project.js';

const scanFixture = (name: string) => {
  const index = fixtureIndex(name);
  expect(index.parseProblems).toEqual([]);
  expect(fastifyScanner.detect(index)).toBe(true);
  return fastifyScanner.scan(index);
};
const row = (e: Endpoint) => `${e.id} ${e.auth}${e.authBy.length ? ` [${e.authBy.join(', ')}]` : ''} ${e.source?.file}:${e.source?.line}`;
const byId = (endpoints: Endpoint[]) => new Map(endpoints.map((e) => [e.id, e]));

describe('fixture fastify-app', () => {
  const { endpoints, problems } = scanFixture('fastify-app');

  it('lists every endpoint with method, full path, auth, deciding hooks and source line', () => {
    expect(problems).toEqual([]);
    expect(endpoints.map(row)).toEqual([
      'GET /api/v1/admin/stats required [authenticate, requireAdmin] src/routes/admin.ts:5',
      'POST /api/v1/admin/reindex required [authenticate] src/routes/admin.ts:12',
      'GET /api/v1/admin/audit-log required [jwtVerify] src/routes/admin.ts:22',
      'POST /api/v1/auth/login none src/routes/auth.ts:5',
      'POST /api/v1/auth/refresh required [authenticate] src/routes/auth.ts:24',
      'GET /api/v1/auth/me optional [optionalAuth] src/routes/auth.ts:28',
      'GET /health none src/routes/health.ts:5',
      'HEAD /health none src/routes/health.ts:6',
      'GET /sessions none src/routes/sessions.ts:7',
      'DELETE /sessions/{sessionId} required [authenticate] src/routes/sessions.ts:8',
      'GET /api/v1/users required [authenticate] src/routes/users/index.ts:10',
      'GET /api/v1/users/{id} required [authenticate] src/routes/users/index.ts:15',
      'POST /api/v1/users required [authenticate] src/routes/users/index.ts:17',
      'PUT /api/v1/users/{id} required [authenticate, requireAdmin] src/routes/users/index.ts:24',
      'PATCH /api/v1/users/{id} required [authenticate, requireAdmin] src/routes/users/index.ts:24',
      'DELETE /api/v1/users/{id} required [authenticate] src/routes/users/index.ts:35',
      'GET /api/v1/users/{userId}/posts required [authenticate] src/routes/users/posts.ts:5',
      'GET /api/v1/users/{userId}/posts/{postId} required [authenticate] src/routes/users/posts.ts:9',
      'POST /webhooks/stripe none src/routes/webhooks.ts:5',
      'GET / none src/server.ts:25',
    ]);
  });

  it('records validation, fields, statuses, version and rate limiting', () => {
    const by = byId(endpoints);
    expect(by.get('POST /api/v1/auth/login')).toMatchObject({
      framework: 'fastify',
      validation: 'fastify-schema',
      params: { path: [], query: [], body: ['email', 'password'] },
      responses: ['200', '401'],
      rateLimited: true,
      version: 'v1',
    });
    expect(by.get('GET /api/v1/users')).toMatchObject({ validation: 'typebox', params: { query: ['page', 'limit'] }, rateLimited: false });
    expect(by.get('GET /api/v1/users/{id}')).toMatchObject({ params: { path: ['id'] }, responses: ['200', '404'] });
    expect(by.get('POST /api/v1/users')).toMatchObject({ validation: 'typebox', params: { body: ['email', 'name', 'password'] }, responses: ['201', '409'] });
    expect(by.get('DELETE /api/v1/users/{id}')).toMatchObject({ validation: 'none', responses: ['204'] });
    expect(by.get('POST /api/v1/admin/reindex')).toMatchObject({ responses: ['202'], rateLimited: true });
    expect(by.get('GET /api/v1/users/{userId}/posts/{postId}')).toMatchObject({ params: { path: ['userId', 'postId'] }, documented: false });
    expect(by.get('GET /health')).toMatchObject({ version: null, responses: ['200'] });
  });
});

describe('fixture fastify-cjs', () => {
  const { endpoints, problems } = scanFixture('fastify-cjs');

  it('lists every endpoint with method, full path, auth, deciding hooks and source line', () => {
    expect(problems).toEqual([]);
    expect(endpoints.map(row)).toEqual([
      'GET /api/me required [verifyJWT] app.js:15',
      'GET /status none app.js:22',
      'GET /api/account/settings required [verifyJWT] routes/account.js:2',
      'PUT /api/account/settings required [verifyJWT] routes/account.js:3',
      'GET /items none routes/items.js:6',
      'GET /items/{id} none routes/items.js:11',
      'POST /items required [verifyJWT, verifyApiKey] routes/items.js:15',
      'GET /items/legacy none routes/items.js:23',
      'POST /items/legacy none routes/items.js:23',
      'PUT /items/legacy none routes/items.js:23',
      'PATCH /items/legacy none routes/items.js:23',
      'DELETE /items/legacy none routes/items.js:23',
      'GET /orders required [verifyJWT] routes/orders.js:4',
      'POST /orders required [verifyJWT] routes/orders.js:5',
      'GET /products none routes/products.js:4',
      'GET /products/{id} none routes/products.js:5',
      'POST /products required [jwtVerify] routes/products.js:6',
    ]);
  });

  it('records validation, fields, statuses and rate limiting', () => {
    const by = byId(endpoints);
    expect(by.get('GET /items')).toMatchObject({ params: { query: ['q', 'sort'] }, rateLimited: true, validation: 'none' });
    expect(by.get('POST /items')).toMatchObject({ validation: 'joi', params: { body: ['name'] }, responses: ['201'] });
    expect(by.get('GET /status')).toMatchObject({ rateLimited: false });
    expect(by.get('GET /products')).toMatchObject({ params: { query: ['limit'] } });
    expect(by.get('GET /products/{id}')).toMatchObject({ responses: ['200', '404'] });
    expect(by.get('GET /items/legacy')).toMatchObject({ responses: ['410'] });
    expect(by.get('PUT /api/account/settings')).toMatchObject({ validation: 'fastify-schema', params: { body: ['theme'] } });
  });
});

describe('fixture fastify-cli', () => {
  const { endpoints, problems } = scanFixture('fastify-cli');

  it('lists every autoloaded endpoint with its folder prefix, autohooks auth and source line', () => {
    expect(problems).toEqual([]);
    expect(endpoints.map(row)).toEqual([
      'GET /api/accounts/{accountId} required [verify] src/routes/accounts/_accountId/index.ts:5',
      'DELETE /api/accounts/{accountId} required [verify] src/routes/accounts/_accountId/index.ts:11',
      'GET /api/accounts required [verify] src/routes/accounts/index.ts:5',
      'POST /api/accounts required [verify] src/routes/accounts/index.ts:7',
      'GET /api/_admin/health required [verify] src/routes/admin/index.ts:8',
      'GET /api/example none src/routes/example/index.ts:5',
      'GET /api none src/routes/root.ts:5',
    ]);
  });

  it('reads statuses through @fastify/sensible and the schema', () => {
    const by = byId(endpoints);
    expect(by.get('GET /api/accounts/{accountId}')).toMatchObject({ responses: ['200', '404'], params: { path: ['accountId'] } });
    expect(by.get('POST /api/accounts')).toMatchObject({ responses: ['201'], validation: 'fastify-schema', params: { body: ['name', 'plan'] } });
    expect(by.get('DELETE /api/accounts/{accountId}')).toMatchObject({ responses: ['204'] });
  });
});
