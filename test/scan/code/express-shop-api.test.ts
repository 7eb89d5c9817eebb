/**
 * The example backend (`examples/shop-api`, Express): every endpoint with auth and source line,
 * including the route FLAWS.md plants without authentication. Skipped when the example is absent.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scanCodeEndpoints } from '../../../src/scan/code/index.js';
import { indexFromDir } from './project.js';
import { summary } from './summary.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/shop-api');
describe('examples/shop-api', () => {
  let cached: ReturnType<typeof scanCodeEndpoints> | undefined;
  const scan = () => (cached ??= scanCodeEndpoints(indexFromDir(ROOT)));
  const admin = "[authenticate, requireRole('admin')]";

  it('finds all 25 endpoints with auth, authBy and source lines', () => {
    const { endpoints, problems } = scan();
    expect(endpoints.map(summary)).toEqual([
      'GET /api/v1/admin/stats required ' + admin + ' src/routes/admin.ts:8',
      'POST /api/v1/auth/login none src/routes/auth.ts:20',
      'GET /api/v1/auth/me required [authenticate] src/routes/auth.ts:28',
      'POST /api/v1/auth/register none src/routes/auth.ts:11',
      'GET /api/v1/categories none src/routes/categories.ts:10',
      'POST /api/v1/categories required ' + admin + ' src/routes/categories.ts:17',
      'GET /api/v1/orders required [authenticate] src/routes/orders.ts:18',
      'POST /api/v1/orders required [authenticate] src/routes/orders.ts:27',
      'GET /api/v1/orders/{id} required [authenticate] src/routes/orders.ts:37',
      'POST /api/v1/orders/{id}/cancel required [authenticate] src/routes/orders.ts:55',
      'POST /api/v1/orders/{id}/pay required [authenticate] src/routes/orders.ts:46',
      'PATCH /api/v1/orders/{id}/status required ' + admin + ' src/routes/orders.ts:64',
      'GET /api/v1/products optional [optionalAuth] src/routes/products.ts:24',
      'POST /api/v1/products required ' + admin + ' src/routes/products.ts:54',
      'GET /api/v1/products/search none src/routes/products.ts:35',
      'GET /api/v1/products/{id} optional [optionalAuth] src/routes/products.ts:44',
      'PATCH /api/v1/products/{id} required ' + admin + ' src/routes/products.ts:65',
      'DELETE /api/v1/products/{id} required ' + admin + ' src/routes/products.ts:87',
      'PATCH /api/v1/products/{id}/stock none src/routes/products.ts:75',
      'GET /api/v1/products/{productId}/reviews none src/routes/reviews.ts:13',
      'POST /api/v1/products/{productId}/reviews required [authenticate] src/routes/reviews.ts:21',
      'DELETE /api/v1/reviews/{id} required [authenticate] src/routes/reviews.ts:31',
      'GET /api/v1/users required ' + admin + ' src/routes/users.ts:11',
      'PATCH /api/v1/users/me required [authenticate] src/routes/users.ts:22',
      'GET /health none src/app.ts:18',
    ]);
    expect(problems).toEqual([]);
  });

  it('reports the planted flaw: PATCH /products/{id}/stock mutates without auth (FLAWS.md a)', () => {
    const { endpoints } = scan();
    const mutatingWithoutAuth = endpoints.filter((e) => e.method !== 'GET' && e.auth === 'none').map((e) => e.id);
    expect(mutatingWithoutAuth).toEqual(['POST /api/v1/auth/login', 'POST /api/v1/auth/register', 'PATCH /api/v1/products/{id}/stock']);
  });

  it('records the zod validation, statuses and the API rate limiter', () => {
    const { endpoints } = scan();
    const stock = endpoints.find((e) => e.id === 'PATCH /api/v1/products/{id}/stock');
    expect(stock).toMatchObject({ validation: 'zod', rateLimited: true, params: { path: ['id'], body: ['delta', 'reason'] }, version: 'v1' });
    expect(endpoints.find((e) => e.id === 'POST /api/v1/orders')).toMatchObject({ responses: ['201'], params: { body: ['items', 'shippingAddress'] } });
    expect(endpoints.find((e) => e.id === 'GET /api/v1/products/search')?.params).toEqual({ path: [], query: ['limit', 'offset', 'q'], body: [] });
    expect(endpoints.find((e) => e.id === 'GET /health')?.rateLimited).toBe(false);
  });
});
