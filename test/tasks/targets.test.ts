import { describe, expect, it } from 'vitest';
import { Endpoint } from '../../src/registry/schema.js';
import { endpointsInText, resolveTargets } from '../../src/tasks/targets.js';

const registry = {
  endpoints: [Endpoint.parse({ id: 'GET /api/v1/products/{id}', method: 'GET', path: '/api/v1/products/{id}' })],
  models: [{ name: 'OrderItem', kind: 'prisma', table: 'order_items', fields: [], indexes: [] }],
};

describe('task targets', () => {
  it('finds endpoints named in a title', () => {
    expect(endpointsInText('Add pagination to GET /api/v1/products, then fix post /api/v1/orders.')).toEqual([
      'GET /api/v1/products',
      'POST /api/v1/orders',
    ]);
    expect(endpointsInText('Tidy up the get helpers')).toEqual([]);
  });

  it('matches given targets to the registry, and infers them from the title when none are given', () => {
    expect(resolveTargets(['GET /api/v1/products/:productId', 'order_items', 'Brand new thing'], '', registry)).toEqual([
      'GET /api/v1/products/{id}',
      'OrderItem',
      'Brand new thing',
    ]);
    expect(resolveTargets([], 'Cache GET /api/v1/products/:id responses', registry)).toEqual(['GET /api/v1/products/{id}']);
    expect(resolveTargets([], 'Add GET /api/v1/wishlist', registry)).toEqual(['GET /api/v1/wishlist']);
  });
});
