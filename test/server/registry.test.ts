/** `/v1/registry/*`: the registry paginated and filtered. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Endpoint } from '../../src/registry/schema.js';
import { filterEndpoints } from '../../src/server/registry-query.js';
import { makeServer, type TestServer } from './helpers.js';

const endpoint = (method: Endpoint['method'], path: string, extra: Partial<Endpoint> = {}): Endpoint => ({
  id: `${method} ${path}`,
  method,
  path,
  auth: 'required',
  authBy: [],
  params: { path: [], query: [], body: [] },
  validation: 'none',
  responses: [],
  documented: true,
  source: { file: 'src/routes/orders.ts', line: 1 },
  ...extra,
});

let server: TestServer;
beforeAll(async () => {
  server = await makeServer();
  const { store } = server.orchestrator;
  await store.writeRegistry('endpoints', [
    endpoint('GET', '/api/v1/orders', { summary: 'List orders' }),
    endpoint('POST', '/api/v1/orders'),
    endpoint('GET', '/api/v1/products', { auth: 'none', documented: false, source: { file: 'src/routes/products.ts', line: 3 } }),
    endpoint('DELETE', '/api/v1/products/{id}', { source: { file: 'src/routes/products.ts', line: 9 } }),
  ]);
  await store.writeRegistry('models', [
    { name: 'Order', kind: 'prisma', table: 'orders', fields: [{ name: 'customerId', type: 'Int', nullable: false, primaryKey: false, unique: false }], indexes: [] },
    { name: 'Product', kind: 'prisma', table: 'products', fields: [], indexes: [] },
  ]);
  await store.writeRegistry('services', [
    { name: 'PaymentService', kind: 'integration', dependsOn: [], integrations: ['stripe'] },
    { name: 'OrderRepository', kind: 'repository', dependsOn: [], integrations: [] },
  ]);
});
afterAll(async () => {
  await server.close();
});

const paths = async (query: string) => (await server.call({ url: `/v1/registry/endpoints?${query}` })).json().data.map((e: Endpoint) => e.id);

describe('GET /v1/registry/endpoints', () => {
  it('pages and filters by method, path prefix, auth, documented and text', async () => {
    const page = (await server.call({ url: '/v1/registry/endpoints?limit=1&offset=1' })).json();
    expect(page.pagination).toEqual({ limit: 1, offset: 1, total: 4 });
    expect(page.data[0]).toMatchObject({ id: 'POST /api/v1/orders', auth: 'required', source: { file: 'src/routes/orders.ts' } });
    expect(await paths('method=get')).toEqual(['GET /api/v1/orders', 'GET /api/v1/products']);
    expect(await paths('path=/api/v1/products')).toEqual(['GET /api/v1/products', 'DELETE /api/v1/products/{id}']);
    expect(await paths('auth=none')).toEqual(['GET /api/v1/products']);
    expect(await paths('documented=false')).toEqual(['GET /api/v1/products']);
    expect(await paths('q=list%20ORDERS')).toEqual(['GET /api/v1/orders']);
    expect(await paths('q=products.ts&method=DELETE')).toEqual(['DELETE /api/v1/products/{id}']);
  });

  it('refuses a bad filter with 400 naming it', async () => {
    const response = await server.call({ url: '/v1/registry/endpoints?method=FETCH&path=api' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['method', 'path']);
  });
});

describe('GET /v1/registry/models and /services', () => {
  it('finds models by name, table or field, and services by name, kind or integration', async () => {
    const models = async (q: string) => (await server.call({ url: `/v1/registry/models?q=${q}` })).json().data.map((m: { name: string }) => m.name);
    expect(await models('customerid')).toEqual(['Order']);
    expect(await models('products')).toEqual(['Product']);
    const services = (await server.call({ url: '/v1/registry/services?q=stripe' })).json();
    expect(services).toMatchObject({ data: [{ name: 'PaymentService', integrations: ['stripe'] }], pagination: { total: 1 } });
    expect((await server.call({ url: '/v1/registry/services' })).json().pagination.total).toBe(2);
    expect((await server.call({ url: '/v1/registry/models?offset=-1' })).statusCode).toBe(400);
  });
});

describe('filterEndpoints', () => {
  it('with no filter keeps everything; each filter narrows', () => {
    const all = [endpoint('GET', '/a'), endpoint('POST', '/b', { documented: false })];
    expect(filterEndpoints(all, {})).toHaveLength(2);
    expect(filterEndpoints(all, { documented: true }).map((e) => e.id)).toEqual(['GET /a']);
    expect(filterEndpoints(all, { q: 'nothing' })).toEqual([]);
  });
});
