/**
 * Fastify patterns one at a time, each on a small in-memory project: how routes are declared,
 * how plugins are registered and reached, and how encapsulation scopes hooks and prefixes.
 */
import { describe, expect, it } from 'vitest';
import { fastifyScanner } from '../../../src/scan/code/fastify/index.js';
import { indexFromFiles } from './project.js';

const scan = (files: Record<string, string>) => fastifyScanner.scan(indexFromFiles(files));
/** `METHOD /path auth [authBy] file:line`, the shape the assertions read best in. */
const rows = (files: Record<string, string>) =>
  scan(files).endpoints.map((e) => `${e.id} ${e.auth}${e.authBy.length ? ` [${e.authBy.join(', ')}]` : ''} ${e.source?.file}:${e.source?.line}`);

describe('fastify: declaring routes', () => {
  it('reads shorthands, options-with-handler, route() with a method array and the path alias', () => {
    expect(
      rows({
        'server.ts': [
          "import Fastify from 'fastify';",
          'const app = Fastify();',
          "app.get('/a', async () => 'a');",
          "app.post('/b', { schema: {} }, async () => 'b');",
          "app.put('/c', { handler: async () => 'c' });",
          "app.route({ method: ['GET', 'DELETE'], url: '/d', handler: async () => 'd' });",
          "app.route({ method: 'PATCH', path: '/e/:id', handler: async () => 'e' });",
          "app.get('env');",
          "cache.get('/not-a-route', () => 1);",
        ].join('\n'),
      }),
    ).toEqual([
      'GET /a none server.ts:3',
      'POST /b none server.ts:4',
      'PUT /c none server.ts:5',
      'GET /d none server.ts:6',
      'DELETE /d none server.ts:6',
      'PATCH /e/{id} none server.ts:7',
    ]);
  });

  it('finds the instance behind require(), a namespace, a type-provider chain and a class field', () => {
    const found = rows({
      'a.js': "const fastify = require('fastify')({ logger: true });\nfastify.get('/a', (req, reply) => reply.send(1));",
      'b.ts': "import * as F from 'fastify';\nconst app = F.fastify().withTypeProvider<T>();\napp.get('/b', async () => 1);",
      'c.ts': [
        "import fastify, { FastifyInstance } from 'fastify';",
        'export class Server {',
        '  private server: FastifyInstance;',
        '  constructor() { this.server = fastify(); this.routes(); }',
        "  routes() { this.server.get('/c', async () => 1); }",
        '}',
      ].join('\n'),
    });
    expect(found).toEqual(['GET /a none a.js:2', 'GET /b none b.ts:3', 'GET /c none c.ts:5']);
  });

  it('follows an alias of the instance (a type provider) and chained calls', () => {
    expect(
      rows({
        'routes.ts': [
          "import type { FastifyInstance } from 'fastify';",
          "import { ZodTypeProvider } from 'fastify-type-provider-zod';",
          'export default async function (app: FastifyInstance) {',
          '  const server = app.withTypeProvider<ZodTypeProvider>();',
          "  server.get('/typed', async () => 1);",
          "  app.withTypeProvider<ZodTypeProvider>().route({ method: 'POST', url: '/chained', handler: async () => 1 });",
          "  app.get('/a', async () => 1).get('/b', async () => 2);",
          '}',
        ].join('\n'),
        'server.ts': "import Fastify from 'fastify';\nimport routes from './routes';\nconst app = Fastify();\napp.register(routes, { prefix: '/t' });",
      }),
    ).toEqual(['GET /t/typed none routes.ts:5', 'POST /t/chained none routes.ts:6', 'GET /t/a none routes.ts:7', 'GET /t/b none routes.ts:7']);
  });

  it('unrolls route arrays (forEach and for…of) and places each at its object', () => {
    const found = rows({
      'routes.ts': "export const routes = [\n  { method: 'GET', url: '/x', handler: () => 1 },\n  { method: 'POST', url: '/y', handler: () => 2 },\n];",
      'server.ts': [
        "import Fastify from 'fastify';",
        "import { routes } from './routes';",
        'const app = Fastify();',
        'routes.forEach((r) => app.route(r));',
        "app.register(async (v2) => { for (const route of routes) v2.route(route); }, { prefix: '/v2' });",
      ].join('\n'),
    });
    expect(found).toEqual(['GET /v2/x none routes.ts:2', 'GET /x none routes.ts:2', 'POST /v2/y none routes.ts:3', 'POST /y none routes.ts:3']);
  });

  it('expands all() to the five ordinary methods, skips an all() fallback, keeps Fastify path syntax as OpenAPI', () => {
    const { endpoints } = scan({
      'server.ts': [
        "import Fastify from 'fastify';",
        'const app = Fastify();',
        "app.all('/any', () => 1);",
        "app.get('/n/:id(^\\\\d+)/:lat-:lng/*', () => 1);",
        "app.all('*', (req, reply) => reply.code(404).send());",
        "app.route({ method: '*', url: '/star', handler: () => 1 });",
      ].join('\n'),
    });
    expect(endpoints.map((e) => e.id)).toEqual([
      'GET /any', 'POST /any', 'PUT /any', 'PATCH /any', 'DELETE /any',
      'GET /n/{id}/{lat}-{lng}/{wildcard}',
      'GET /star', 'POST /star', 'PUT /star', 'PATCH /star', 'DELETE /star',
    ]);
  });

  it('reports a route whose path is not static, and a plugin it cannot resolve, and goes on', () => {
    const result = scan({
      'server.ts': [
        "import Fastify from 'fastify';",
        "import { plugins } from 'somewhere';",
        'const app = Fastify();',
        'app.get(computePath(), () => 1);',
        'app.register(plugins[0]);',
        "app.get('/ok', () => 1);",
      ].join('\n'),
    });
    expect(result.endpoints.map((e) => e.id)).toEqual(['GET /ok']);
    expect(result.problems.map((p) => `${p.file}:${p.line} ${p.severity}`)).toEqual(['server.ts:5 warning', 'server.ts:4 warning']);
  });
});

describe('fastify: plugins and prefixes', () => {
  it('follows register() into default, named, CommonJS, import() and factory plugins; prefixes compose', () => {
    const found = rows({
      'server.ts': [
        "import Fastify from 'fastify';",
        "import users from './users';",
        "import { orders } from './orders';",
        "import * as admin from './admin';",
        "import { makeRoutes } from './factory';",
        'const app = Fastify();',
        "const API = '/api';",
        'app.register(async (api) => {',
        "  api.register(users, { prefix: '/users' });",
        "  api.register(orders, { prefix: `/orders` });",
        "  api.register(admin.adminRoutes, { prefix: '/admin' });",
        "  api.register(import('./files.js'), { prefix: '/files' });",
        "  api.register(require('./legacy').legacy, { prefix: '/legacy' });",
        "  api.register(makeRoutes({ db: 1 }), { prefix: '/made' });",
        '}, { prefix: API });',
      ].join('\n'),
      'users.ts': "export default async function (app) {\n  app.get('/', async () => []);\n  app.register(async (sub) => { sub.get('/:id', async () => 1); });\n}",
      'orders.ts': "export const orders = async (f) => { f.get('/', () => 1); };",
      'admin.ts': "export function adminRoutes(r, opts, done) { r.get('/stats', () => 1); done(); }",
      'files.ts': "export default async (app) => { app.post('/', () => 1); };",
      'legacy.js': "exports.legacy = function (app, opts, done) { app.get('/', () => 1); done(); };",
      'factory.ts': "export function makeRoutes(deps) {\n  return async (app) => { app.get('/', () => deps.db); };\n}",
    });
    expect(found).toEqual([
      'GET /api/admin/stats none admin.ts:1',
      'GET /api/made none factory.ts:2',
      'POST /api/files none files.ts:1',
      'GET /api/legacy none legacy.js:1',
      'GET /api/orders none orders.ts:1',
      'GET /api/users none users.ts:2',
      'GET /api/users/{id} none users.ts:3',
    ]);
  });

  it('ignores the prefix of a fastify-plugin wrapped plugin: its routes live in the registering context (Fastify docs)', () => {
    const found = rows({
      'server.ts': "import Fastify from 'fastify';\nimport extra from './extra';\nconst app = Fastify();\napp.register(async (v1) => { v1.register(extra, { prefix: '/ignored' }); }, { prefix: '/v1' });",
      'extra.ts': "import fp from 'fastify-plugin';\nexport default fp(async (app) => { app.get('/extra', () => 1); });",
    });
    expect(found).toEqual(['GET /v1/extra none extra.ts:2']);
  });

  it('calls helpers handed the instance (setupRoutes(app)) in the same context', () => {
    const found = rows({
      'server.ts': "import Fastify from 'fastify';\nimport { setupRoutes } from './routes';\nconst app = Fastify();\napp.addHook('onRequest', verifyToken);\nsetupRoutes(app);",
      'routes.ts': "export function setupRoutes(server) {\n  server.get('/inside', () => 1);\n}",
    });
    expect(found).toEqual(['GET /inside required [verifyToken] routes.ts:2']);
  });

  it('ignores the instances tests build (they register plugins bare)', () => {
    const found = rows({
      'src/app.ts': "import Fastify from 'fastify';\nimport users from './users';\nexport const app = Fastify();\napp.register(users, { prefix: '/users' });",
      'src/users.ts': "export default async function (app) { app.get('/', () => 1); }",
      'test/users.test.ts': "import Fastify from 'fastify';\nimport users from '../src/users';\nconst app = Fastify();\napp.register(users);\napp.get('/test-only', () => 1);",
    });
    expect(found).toEqual(['GET /users none src/users.ts:1']);
  });

  it('does not attribute a plugin declared in the root module to the root context', () => {
    const found = rows({
      'server.ts': [
        "import Fastify from 'fastify';",
        'const app = Fastify();',
        "async function users(app) { app.get('/', () => 1); }",
        "app.register(users, { prefix: '/users' });",
      ].join('\n'),
    });
    expect(found).toEqual(['GET /users none server.ts:3']);
  });

  it('loads @fastify/autoload directories: folder prefixes, index files, autoPrefix, autohooks, options.prefix', () => {
    const found = rows({
      'src/app.ts': [
        "import AutoLoad from '@fastify/autoload';",
        "import { join } from 'node:path';",
        "import type { FastifyPluginAsync } from 'fastify';",
        'const app: FastifyPluginAsync = async (fastify, opts) => {',
        "  void fastify.register(AutoLoad, { dir: join(__dirname, 'plugins'), options: opts });",
        "  void fastify.register(AutoLoad, { dir: join(__dirname, 'routes'), options: { prefix: '/api' }, autoHooks: true, routeParams: true });",
        '};',
        'export default app;',
      ].join('\n'),
      'src/plugins/auth.ts': "import fp from 'fastify-plugin';\nexport default fp(async (fastify) => { fastify.decorate('authenticate', async (req) => req.jwtVerify()); });",
      'src/routes/root.ts': "export default async function (fastify) { fastify.get('/', async () => 'root'); }",
      'src/routes/users/index.ts': "export default async (fastify) => { fastify.get('/', async () => []); };",
      'src/routes/users/helpers.ts': "export default async (fastify) => { fastify.get('/never', async () => []); };",
      'src/routes/users/_id/index.ts': "export default async (fastify) => { fastify.get('/', async () => 1); };",
      'src/routes/secure/autohooks.ts': "export default async (fastify) => { fastify.addHook('onRequest', fastify.authenticate); };",
      'src/routes/secure/data.ts': "export default async (fastify) => { fastify.get('/data', async () => 1); };",
      'src/routes/misc.ts': "export const autoPrefix = '/other';\nexport default async (fastify) => { fastify.get('/x', async () => 1); };",
    });
    expect(found).toEqual([
      'GET /api/other/x none src/routes/misc.ts:2',
      'GET /api none src/routes/root.ts:1',
      'GET /api/secure/data required [authenticate] src/routes/secure/data.ts:1',
      'GET /api/users/{id} none src/routes/users/_id/index.ts:1',
      'GET /api/users none src/routes/users/index.ts:1',
    ]);
  });

  it('scans a plugin nobody registers without a prefix, and says so', () => {
    const result = scan({
      'package.ts': "import type { FastifyInstance } from 'fastify';\nexport async function lost(app: FastifyInstance) { app.get('/lost', async () => 1); }",
    });
    expect(result.endpoints.map((e) => e.id)).toEqual(['GET /lost']);
    expect(result.problems).toMatchObject([{ file: 'package.ts', line: 2, severity: 'warning' }]);
  });
});

describe('fastify: encapsulation of hooks', () => {
  const server = (body: string[]) => ({
    'server.ts': ["import Fastify from 'fastify';", "import fp from 'fastify-plugin';", 'const app = Fastify();', ...body].join('\n'),
  });

  it('applies a hook to every route of its context, even one declared above it (Fastify collects hooks at ready)', () => {
    expect(rows(server(["app.get('/early', () => 1);", "app.addHook('onRequest', app.authenticate);", "app.get('/late', () => 1);"]))).toEqual([
      'GET /early required [authenticate] server.ts:4',
      'GET /late required [authenticate] server.ts:6',
    ]);
  });

  it('keeps a child plugin’s hooks inside it; a child sees the hooks its parent has when it loads (avvio order)', () => {
    expect(
      rows(
        server([
          "await app.register(async (before) => { before.get('/awaited-before-the-hook', () => 1); });",
          "app.register(async (pub) => { pub.get('/queued', () => 1); });",
          "app.register(async (priv) => { priv.addHook('preHandler', requireAuth); priv.get('/private', () => 1); });",
          "app.addHook('preValidation', verifyJwt);",
          "await app.register(async (after) => { after.get('/after', () => 1); });",
          "app.addHook('onRequest', tooLateForAfter);",
        ]),
      ),
    ).toEqual([
      'GET /awaited-before-the-hook none server.ts:4',
      'GET /queued required [verifyJwt] server.ts:5',
      'GET /private required [verifyJwt, requireAuth] server.ts:6',
      'GET /after required [verifyJwt] server.ts:8',
    ]);
  });

  it('lets a fastify-plugin wrapped plugin add hooks to its parent, for children loaded after it', () => {
    expect(
      rows(
        server([
          "app.register(async (first) => { first.get('/first', () => 1); });",
          "app.register(fp(async (inner) => { inner.addHook('onRequest', inner.authenticate); }));",
          "app.register(async (second) => { second.get('/second', () => 1); });",
          "app.get('/root', () => 1);",
        ]),
      ),
    ).toEqual(['GET /first none server.ts:4', 'GET /second required [authenticate] server.ts:6', 'GET /root required [authenticate] server.ts:7']);
  });

  it('reads route-level hooks: single, arrays, @fastify/auth, factories, inline functions, optional names', () => {
    expect(
      rows(
        server([
          "app.get('/a', { onRequest: [app.authenticate] }, () => 1);",
          "app.get('/b', { preHandler: app.auth([app.verifyJWT, app.verifyUserAndPassword]) }, () => 1);",
          "app.get('/c', { preValidation: authorize('admin') }, () => 1);",
          "app.get('/d', { onRequest: async (request) => { await request.jwtVerify(); } }, () => 1);",
          "app.get('/e', { onRequest: app.optionalAuth }, () => 1);",
          "app.get('/f', { onRequest: app.logRequest }, () => 1);",
          "app.decorate('guard', async (request, reply) => { if (!request.headers.authorization) reply.code(401).send(); });",
          "app.get('/g', { onRequest: app.guard }, () => 1);",
        ]),
      ),
    ).toEqual([
      'GET /a required [authenticate] server.ts:4',
      'GET /b required [verifyJWT, verifyUserAndPassword] server.ts:5',
      "GET /c required [authorize('admin')] server.ts:6",
      'GET /d required [jwtVerify] server.ts:7',
      'GET /e optional [optionalAuth] server.ts:8',
      'GET /f none server.ts:9',
      'GET /g required [guard] server.ts:11',
    ]);
  });

  it('ignores hooks that run after the handler (onSend, onResponse) for auth', () => {
    expect(rows(server(["app.addHook('onResponse', app.authenticate);", "app.get('/x', () => 1);"]))).toEqual(['GET /x none server.ts:5']);
  });
});

describe('fastify: per-endpoint facts', () => {
  it('reads validation, fields and statuses from schema and handler, version constraints and rate limits', () => {
    const { endpoints } = scan({
      'schemas.ts': "import { z } from 'zod';\nexport const Body = z.object({ title: z.string(), done: z.boolean() });",
      'server.ts': [
        "import Fastify from 'fastify';",
        "import rateLimit from '@fastify/rate-limit';",
        "import { Body } from './schemas';",
        'const app = Fastify();',
        'app.register(rateLimit, { max: 10 });',
        "app.post('/todos', { schema: { body: Body, response: { 201: {}, '4xx': {} } } }, async (request, reply) => reply.code(201).send(request.body));",
        "app.get('/todos', { schema: { querystring: { type: 'object', properties: { page: { type: 'integer' } } } }, config: { rateLimit: false } }, async (request) => {",
        '  const { sort } = request.query;',
        '  return [];',
        '});',
        "app.get('/v', { constraints: { version: '2.0.0' } }, async () => 1);",
        "app.get('/parsed', async (request, reply) => { const input = Body.parse(request.body); if (!input) reply.code(422); return input; });",
      ].join('\n'),
    });
    const by = Object.fromEntries(endpoints.map((e) => [e.id, e]));
    expect(by['POST /todos']).toMatchObject({ validation: 'zod', responses: ['201', '4XX'], params: { body: ['title', 'done'] }, rateLimited: true });
    expect(by['GET /todos']).toMatchObject({ validation: 'fastify-schema', responses: ['200'], params: { query: ['page', 'sort'] }, rateLimited: false });
    expect(by['GET /v']).toMatchObject({ version: '2.0.0', validation: 'none' });
    expect(by['GET /parsed']).toMatchObject({ validation: 'zod', responses: ['200', '422'] });
  });

  it('is not detected without fastify, and finds nothing on an Express app', () => {
    const files = { 'app.js': "const express = require('express');\nconst app = express();\napp.get('/x', (req, res) => res.send(1));" };
    expect(fastifyScanner.detect(indexFromFiles(files))).toBe(false);
    expect(scan(files).endpoints).toEqual([]);
  });
});
