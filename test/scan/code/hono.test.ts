import { describe, expect, it } from 'vitest';
import { scanCodeEndpoints } from '../../../src/scan/code/index.js';
import { honoScanner } from '../../../src/scan/code/hono/index.js';
import { indexFromFiles } from './project.js';
import { scanFixture, summary } from './summary.js';

describe('hono', () => {
  const scan = scanFixture('hono-app');

  it('finds chained, mounted, basePath and openapi routes with scoped middleware', () => {
    expect(scan.lines).toEqual([
      'GET /api/admin/stats required [bearerAuth] src/routes/admin.ts:6',
      'DELETE /api/admin/users/{id} required [bearerAuth] src/routes/admin.ts:7',
      'GET /api/books none src/routes/books.ts:9',
      'POST /api/books none src/routes/books.ts:13',
      'GET /api/books/{id} none src/routes/books.ts:17',
      'GET /api/health none src/index.ts:14',
      'GET /api/v1/me required [jwt] src/routes/v1.ts:11',
      'GET /api/v1/me/settings required [jwt] src/routes/v1.ts:12',
      'GET /api/v1/ping none src/routes/v1.ts:8',
      'GET /api/webhook none src/index.ts:18',
      'POST /api/webhook none src/index.ts:18',
      'GET /users/{id} required [basicAuth] src/openapi.ts:15',
    ]);
    expect(scan.problems).toEqual([]);
  });

  it('reads c.req/c.json facts, validators and exact-path rate limiters', () => {
    expect(scan.byId('POST /api/books')).toMatchObject({ framework: 'hono', validation: 'zod', responses: ['201'] });
    expect(scan.byId('GET /api/books')).toMatchObject({ responses: ['200'], params: { query: ['q'] } });
    expect(scan.byId('GET /api/books/{id}').responses).toEqual(['200', '404']);
    expect(scan.byId('GET /api/v1/me').rateLimited).toBe(true);
    expect(scan.byId('GET /api/v1/me/settings').rateLimited).toBe(false);
    expect(scan.byId('GET /users/{id}')).toMatchObject({ validation: 'zod', params: { path: ['id'] } });
    expect(scan.byId('DELETE /api/admin/users/{id}').responses).toEqual(['204']);
  });

  it('treats clerkMiddleware as optional and requireAuth-style names as required', () => {
    const { endpoints } = scanCodeEndpoints(
      indexFromFiles({
        'index.ts': `import { Hono } from 'hono';\nimport { clerkMiddleware } from '@hono/clerk-auth';\nimport { requireAuth } from './auth';\nconst app = new Hono();\napp.use('*', clerkMiddleware());\napp.get('/feed', (c) => c.json([]));\napp.get('/me', requireAuth, (c) => c.json({}));\nexport default app;`,
        'auth.ts': `export const requireAuth = async (c, next) => next();`,
      }),
      [honoScanner],
    );
    expect(endpoints.map(summary)).toEqual(['GET /feed optional [clerkMiddleware] index.ts:6', 'GET /me required [requireAuth] index.ts:7']);
  });
});
