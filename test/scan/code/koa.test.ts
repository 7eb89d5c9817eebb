import { describe, expect, it } from 'vitest';
import { scanCodeEndpoints } from '../../../src/scan/code/index.js';
import { koaScanner } from '../../../src/scan/code/koa/index.js';
import { indexFromFiles } from './project.js';
import { scanFixture, summary } from './summary.js';

describe('koa: @koa/router and koa-router', () => {
  const scan = scanFixture('koa-api');

  it('finds every endpoint through prefixes, nested routers and app-level jwt with unless', () => {
    expect(scan.lines).toEqual([
      'GET /api/v1/health none src/routes/index.ts:8',
      'GET /api/v1/posts required [jwt] src/routes/posts.ts:7',
      'POST /api/v1/posts required [jwt] src/routes/posts.ts:10',
      'GET /api/v1/users required [jwt] src/routes/users.ts:11',
      'POST /api/v1/users required [jwt] src/routes/users.ts:18',
      'GET /api/v1/users/{id} required [jwt] src/routes/users.ts:15',
      'DELETE /api/v1/users/{id} required [jwt, requireAdmin] src/routes/users.ts:22',
      "GET /legacy/items required [jwt, passport.authenticate('jwt')] src/routes/legacy.js:7",
      'GET /legacy/proxy required [jwt] src/routes/legacy.js:10',
      'POST /legacy/proxy required [jwt] src/routes/legacy.js:10',
      'PUT /legacy/proxy required [jwt] src/routes/legacy.js:10',
      'PATCH /legacy/proxy required [jwt] src/routes/legacy.js:10',
      'DELETE /legacy/proxy required [jwt] src/routes/legacy.js:10',
      'GET /status none src/routes/public.ts:6',
    ]);
    expect(scan.problems).toEqual([]);
    expect(scan.endpoints.every((e) => e.framework === 'koa')).toBe(true);
  });

  it('reads ctx facts: status assignments, ctx.throw/assert, query and body', () => {
    expect(scan.byId('POST /api/v1/users')).toMatchObject({ validation: 'joi', responses: ['201'], params: { body: ['email'] } });
    expect(scan.byId('DELETE /api/v1/users/{id}')).toMatchObject({ validation: 'none', responses: ['204', '401'] });
    expect(scan.byId('GET /api/v1/users').params.query).toEqual(['page']);
  });

  it('takes a route name before the path, and a router without routes() mounts nothing', () => {
    const { endpoints } = scanCodeEndpoints(
      indexFromFiles({
        'app.js': `const Koa = require('koa');\nconst Router = require('@koa/router');\nconst app = new Koa();\nconst router = new Router({ prefix: '/x' });\nrouter.get('named', '/:id', (ctx) => { ctx.body = 1; });\napp.use(router.routes());`,
      }),
      [koaScanner],
    );
    expect(endpoints.map(summary)).toEqual(['GET /x/{id} none app.js:5']);
  });
});
