import { describe, expect, it } from 'vitest';
import { scanCodeEndpoints } from '../../../src/scan/code/index.js';
import { expressScanner } from '../../../src/scan/code/express/index.js';
import { indexFromFiles } from './project.js';
import { scanFixture, summary } from './summary.js';

describe('express: routers in separate files, mounted with prefixes', () => {
  const scan = scanFixture('express-basic');

  it('finds every endpoint with its full path, auth and source line', () => {
    expect(scan.lines).toEqual([
      "POST /api/v1/admin/cache/clear required [authenticate, requireRole('admin')] src/routes/admin.routes.ts:7",
      "GET /api/v1/admin/stats required [authenticate, requireRole('admin')] src/routes/admin.routes.ts:6",
      'POST /api/v1/auth/login none src/routes/auth.routes.ts:12',
      'POST /api/v1/auth/register none src/routes/auth.routes.ts:8',
      'GET /api/v1/me required [authenticate] src/app.ts:25',
      'GET /api/v1/users required [authenticate] src/routes/users.routes.ts:13',
      "POST /api/v1/users required [authenticate, requireRole('admin')] src/routes/users.routes.ts:14",
      'GET /api/v1/users/{id} required [authenticate] src/routes/users.routes.ts:16',
      "DELETE /api/v1/users/{id} required [authenticate, requireRole('admin')] src/routes/users.routes.ts:16",
      'GET /api/v1/users/{userId}/posts required [authenticate] src/routes/posts.routes.ts:6',
      'GET /api/v1/users/{userId}/posts/{postId} required [authenticate] src/routes/posts.routes.ts:7',
      'GET /health none src/app.ts:18',
    ]);
    expect(scan.problems).toEqual([]);
  });

  it('records validation, status codes, inputs and rate limiting', () => {
    expect(scan.byId('POST /api/v1/users')).toMatchObject({
      framework: 'express',
      validation: 'zod',
      responses: ['201'],
      params: { path: [], query: [], body: ['email', 'name'] },
      rateLimited: false,
      version: 'v1',
      documented: false,
    });
    expect(scan.byId('GET /api/v1/users/{id}').responses).toEqual(['200', '404']);
    expect(scan.byId('DELETE /api/v1/users/{id}').responses).toEqual(['204']);
    expect(scan.byId('GET /api/v1/users').params.query).toEqual(['page', 'limit']);
    expect(scan.byId('GET /api/v1/users/{userId}/posts/{postId}').params.path).toEqual(['userId', 'postId']);
    expect(scan.byId('POST /api/v1/auth/login')).toMatchObject({ rateLimited: true, validation: 'zod', params: { body: ['email', 'password'] } });
    expect(scan.byId('GET /health')).toMatchObject({ rateLimited: false, validation: 'none', responses: ['200'], version: null });
  });
});

describe('express: CommonJS (require / module.exports), express-generator style', () => {
  const scan = scanFixture('express-commonjs');

  it('follows require() mounts, nested routers and function-style registration', () => {
    expect(scan.lines).toEqual([
      'GET / none routes/index.js:4',
      "GET /api/articles required [passport.authenticate('jwt')] routes/api/articles.js:13",
      "GET /api/articles/{slug} required [passport.authenticate('jwt')] routes/api/articles.js:10",
      "PUT /api/articles/{slug} required [passport.authenticate('jwt')] routes/api/articles.js:11",
      'POST /api/login none routes/api/index.js:6',
      'GET /api/profiles/{username} none routes/api/profiles.js:3',
      'POST /api/profiles/{username}/follow none routes/api/profiles.js:4',
      'POST /legacy/echo none routes/legacy.js:6',
      'GET /legacy/ping none routes/legacy.js:2',
      'GET /users optional [auth.optional] routes/users.js:10',
      'POST /users none routes/users.js:11',
      'GET /users/{id} required [auth.required] routes/users.js:12',
      'DELETE /users/{id} required [auth.required, isAdmin] routes/users.js:13',
    ]);
  });

  it('reads express-validator chains and handler status codes', () => {
    expect(scan.byId('POST /users')).toMatchObject({ validation: 'express-validator', responses: ['201', '422'], params: { body: ['email', 'password'] } });
    expect(scan.byId('GET /users').params.query).toEqual(['page']);
  });
});

describe('express: aliases, constants, route tables, classes and loader functions', () => {
  const scan = scanFixture('express-paths');

  it('resolves tsconfig paths, cross-file constants and every registration style', () => {
    expect(scan.lines).toEqual([
      'GET /api/orders required [authMiddleware] src/routes/order.routes.ts:17',
      'POST /api/orders/{id}/cancel required [authMiddleware] src/routes/order.routes.ts:18',
      'GET /api/v2/docs none src/routes/docs.route.ts:6',
      "GET /api/v2/users required [auth('getUsers')] src/routes/user.route.ts:13",
      "POST /api/v2/users required [auth('manageUsers')] src/routes/user.route.ts:12",
      "GET /api/v2/users/{userId} required [auth('getUsers')] src/routes/user.route.ts:17",
      "PATCH /api/v2/users/{userId} required [auth('manageUsers')] src/routes/user.route.ts:18",
      'POST /internal/auth/logout required [middlewares.isAuth] src/api/routes/auth.ts:15',
      'POST /internal/auth/signup none src/api/routes/auth.ts:11',
      'GET /internal/dash/jobs required [basicAuth] src/api/routes/agendash.ts:7',
      'GET /status none src/loaders/express.ts:7',
    ]);
    expect(scan.problems).toEqual([]);
  });

  it('sees through catchAsync wrappers, pick() and joi/celebrate validators', () => {
    expect(scan.byId('POST /api/v2/users')).toMatchObject({ validation: 'joi', responses: ['201'], params: { body: ['email', 'name'] } });
    expect(scan.byId('GET /api/v2/users')).toMatchObject({ validation: 'joi', params: { query: ['name', 'limit', 'role'] } });
    expect(scan.byId('PATCH /api/v2/users/{userId}').params).toEqual({ path: ['userId'], query: [], body: ['email'] });
    expect(scan.byId('GET /api/v2/users/{userId}').validation).toBe('none');
    expect(scan.byId('POST /internal/auth/signup')).toMatchObject({ validation: 'celebrate', responses: ['201'], params: { body: ['name'] } });
    expect(scan.byId('POST /api/orders/{id}/cancel').responses).toEqual(['202']);
  });
});

describe('express: auth decided by the middleware chain', () => {
  const scan = scanFixture('express-auth');

  it('honours order, path scopes, .unless, login strategies, optional and unresolvable middleware', () => {
    expect(scan.lines).toEqual([
      'GET /a unknown src/server.mjs:29',
      'GET /admin/settings required [requireAdmin] src/server.mjs:23',
      'GET /administrators none src/server.mjs:24',
      'POST /api/login none src/server.mjs:17',
      'GET /api/orders required [expressjwt] src/server.mjs:19',
      'GET /api/public/terms none src/server.mjs:18',
      'GET /b unknown src/server.mjs:29',
      'GET /files/{path} none src/server.mjs:28',
      'GET /reports/daily unknown src/routes/reports.mjs:5',
      "GET /v1/account/anonymous optional [passport.authenticate('bearer', 'anonymous')] src/routes/account.mjs:10",
      "GET /v1/account/profile required [passport.authenticate('bearer')] src/routes/account.mjs:14",
      "PUT /v1/account/profile required [passport.authenticate('bearer')] src/routes/account.mjs:15",
      'POST /v1/account/signin none src/routes/account.mjs:9',
      "GET /v2/account/anonymous optional [passport.authenticate('bearer', 'anonymous')] src/routes/account.mjs:10",
      "GET /v2/account/profile required [passport.authenticate('bearer')] src/routes/account.mjs:14",
      "PUT /v2/account/profile required [passport.authenticate('bearer')] src/routes/account.mjs:15",
      'POST /v2/account/signin none src/routes/account.mjs:9',
    ]);
    expect(scan.byId('POST /v1/account/signin').rateLimited).toBe(true);
  });
});

describe('express: small cases', () => {
  const scan = (files: Record<string, string>) => scanCodeEndpoints(indexFromFiles(files), [expressScanner]);

  it('applies app.use(auth) only to what is registered after it', () => {
    const { endpoints } = scan({
      'app.js': `const express = require('express');\nconst { protect } = require('./auth');\nconst app = express();\napp.get('/before', (req, res) => res.end());\napp.use(protect);\napp.get('/after', (req, res) => res.end());`,
      'auth.js': `exports.protect = (req, res, next) => next();`,
    });
    expect(endpoints.map(summary)).toEqual(['GET /after required [protect] app.js:6', 'GET /before none app.js:4']);
  });

  it('skips settings reads, catch-alls and paths that are not static, with a warning for the last', () => {
    const { endpoints, problems } = scan({
      'app.js': `import express from 'express';\nconst app = express();\napp.get('env');\napp.all('*', (req, res) => res.sendStatus(404));\napp.get(makePath(), (req, res) => res.end());\napp.all('/proxy', (req, res) => res.end());`,
    });
    expect(endpoints.map((e) => e.id)).toEqual(['GET /proxy', 'POST /proxy', 'PUT /proxy', 'PATCH /proxy', 'DELETE /proxy']);
    expect(problems).toEqual([expect.objectContaining({ file: 'app.js', line: 5, severity: 'warning' })]);
  });

  it('does not take HTTP clients or unrelated objects for routers', () => {
    const { endpoints } = scan({
      'client.js': `import axios from 'axios';\nimport express from 'express';\nconst api = axios.create();\nexport const users = () => api.get('/users', { params: {} });\nexport function read(cache) { return cache.get('key', fallback); }\nconst map = new Map(); map.get('/x', 1);`,
    });
    expect(endpoints).toEqual([]);
  });

  it('lists routers nobody mounts, with a warning, and keeps the first of duplicate ids', () => {
    const { endpoints, problems } = scan({
      'routes.ts': `import { Router } from 'express';\nconst router = Router();\nrouter.get('/orphan', (req, res) => res.end());\nrouter.get('/orphan', (req, res) => res.end());\nexport default router;`,
    });
    expect(endpoints.map(summary)).toEqual(['GET /orphan none routes.ts:3']);
    expect(problems).toEqual([
      expect.objectContaining({ file: 'routes.ts', line: 2, message: expect.stringMatching(/^router is never mounted/) }),
      expect.objectContaining({ file: 'routes.ts', line: 4, message: 'duplicate endpoint GET /orphan: also registered at routes.ts:3; the first registration is kept' }),
    ]);
  });

  it('follows Router().use() chains and reports mount paths built at run time', () => {
    const { endpoints, problems } = scan({
      'app.js': `import express, { Router } from 'express';\nimport { a } from './a';\nconst app = express();\nconst api = Router().use('/a', a).use(\`/\${process.env.VERSION}\`, Router().get('/b', (req, res) => res.end()));\napp.use('/api', api);`,
      'a.js': `import { Router } from 'express';\nexport const a = Router();\na.get('/', (req, res) => res.end());`,
    });
    expect(endpoints.map(summary)).toEqual(['GET /api/a none a.js:3', 'GET /api/b none app.js:4']);
    expect(problems).toEqual([expect.objectContaining({ file: 'app.js', line: 4, message: expect.stringMatching(/mount path is not static/) })]);
  });

  it('unrolls route tables: Object.entries, arrays of pairs, computed method names', () => {
    const { endpoints } = scan({
      'app.js': `const express = require('express');
const { users, posts } = require('./routers');
const app = express();
const mounts = { '/users': users, '/posts': posts };
for (const [path, router] of Object.entries(mounts)) app.use(path, router);
[['/v2/users', users]].forEach(([path, router]) => app.use(path, router));
const table = [
  { method: 'get', path: '/ping', handler: (req, res) => res.end() },
  { method: 'POST', path: '/echo', handler: (req, res) => res.status(201).end() },
];
for (const route of table) app[route.method](route.path, route.handler);`,
      'routers.js': `const { Router } = require('express');\nconst users = Router();\nusers.get('/', (req, res) => res.end());\nconst posts = Router();\nposts.get('/', (req, res) => res.end());\nmodule.exports = { users, posts };`,
    });
    expect(endpoints.map((e) => `${e.id} ${e.source?.file}:${e.source?.line}`)).toEqual([
      'POST /echo app.js:11',
      'GET /ping app.js:11',
      'GET /posts routers.js:5',
      'GET /users routers.js:3',
      'GET /v2/users routers.js:3',
    ]);
  });

  it('ignores test files', () => {
    const { endpoints } = scan({
      'src/app.test.js': `const express = require('express');\nconst app = express();\napp.get('/fake', (req, res) => res.end());`,
      'test/helpers.js': `const express = require('express');\nconst app = express();\napp.get('/fake2', (req, res) => res.end());`,
    });
    expect(endpoints).toEqual([]);
  });

  it('follows factories that return routers and import cycles without looping', () => {
    const { endpoints } = scan({
      'a.ts': `import express from 'express';\nimport { makeRouter } from './b';\nconst app = express();\napp.use('/v1', makeRouter());\nexport const NAME = 'a';`,
      'b.ts': `import { Router } from 'express';\nimport { NAME } from './a';\nexport function makeRouter() {\n  const router = Router();\n  router.get(\`/\${NAME}\`, (req, res) => res.end());\n  return router;\n}`,
    });
    expect(endpoints.map(summary)).toEqual(['GET /v1/a none b.ts:5']);
  });
});
