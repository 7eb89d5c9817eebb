import { describe, expect, it } from 'vitest';
import {
  MODEL_RELEVANCE,
  RELEVANCE,
  rankEndpoints,
  rankModels,
  rankServices,
  taskSubject,
} from '../../src/context/relevance.js';
import { Endpoint, Model, Service } from '../../src/registry/schema.js';
import { makeTask } from '../helpers/tasks.js';

const endpoint = (id: string): Endpoint => {
  const [method, path] = id.split(' ');
  return Endpoint.parse({ id, method, path });
};

const ENDPOINTS = [
  'GET /api/v1/users',
  'DELETE /api/v1/products/{id}',
  'GET /api/v1/orders',
  'POST /api/v1/products',
  'GET /api/v1/products/{id}',
  'GET /api/v1/categories/{categoryId}/products',
  'GET /api/v1/products/{productId}/reviews',
  'GET /api/v1/products',
  'GET /api/v1/admin/reports',
].map(endpoint);

const subjectOf = (title: string, targets: string[] = []) => taskSubject(makeTask({ title, targets }));
const ids = (ranked: { item: { id: string } }[]) => ranked.map((r) => r.item.id);

describe('rankEndpoints', () => {
  it('puts the target first, then its path, its resource, nested resources, shared words, the rest', () => {
    const ranked = rankEndpoints(ENDPOINTS, subjectOf('Add pagination to the products list', ['GET /api/v1/products']));
    expect(ids(ranked)).toEqual([
      'GET /api/v1/products',
      'POST /api/v1/products',
      'GET /api/v1/products/{id}',
      'DELETE /api/v1/products/{id}',
      'GET /api/v1/products/{productId}/reviews',
      'GET /api/v1/categories/{categoryId}/products',
      // Unrelated: stable by path, then method.
      'GET /api/v1/admin/reports',
      'GET /api/v1/orders',
      'GET /api/v1/users',
    ]);
    expect(ranked.map((r) => r.score)).toEqual([
      RELEVANCE.exact,
      RELEVANCE.samePath,
      RELEVANCE.sameResource,
      RELEVANCE.sameResource,
      RELEVANCE.nested,
      RELEVANCE.words + 20,
      0,
      0,
      0,
    ]);
  });

  it('matches a target given with `:param` and without the version', () => {
    const ranked = rankEndpoints(ENDPOINTS, subjectOf('Fix product lookup', ['GET /api/products/:id']));
    expect(ranked[0]?.item.id).toBe('GET /api/v1/products/{id}');
    expect(ranked[0]?.score).toBe(RELEVANCE.exact - 50);
  });

  it('treats an endpoint named in the title as a target', () => {
    const ranked = rankEndpoints(ENDPOINTS, subjectOf('Add filtering to GET /api/v1/orders'));
    expect(ranked[0]).toMatchObject({ item: { id: 'GET /api/v1/orders' }, score: RELEVANCE.exact });
  });

  it('ranks by shared words when there is no path target, plural or singular', () => {
    const ranked = rankEndpoints(ENDPOINTS, subjectOf('Show average rating per product review'));
    expect(ids(ranked)[0]).toBe('GET /api/v1/products/{productId}/reviews');
    expect(ranked.filter((r) => r.score > 0)).toHaveLength(6);
  });
});

const field = (name: string, type: string, extra: Record<string, unknown> = {}) => ({ name, type, ...extra });
const MODELS = [
  Model.parse({ name: 'User', kind: 'prisma', table: 'users', fields: [field('id', 'Int', { primaryKey: true })] }),
  Model.parse({ name: 'Category', kind: 'prisma', table: 'categories', fields: [field('id', 'Int', { primaryKey: true })] }),
  Model.parse({
    name: 'Product',
    kind: 'prisma',
    table: 'products',
    fields: [field('id', 'Int', { primaryKey: true }), field('categoryId', 'Int', { references: { model: 'Category', field: 'id' } })],
  }),
  Model.parse({
    name: 'OrderItem',
    kind: 'sql',
    table: 'order_items',
    fields: [field('id', 'Int', { primaryKey: true }), field('product_id', 'Int', { references: { model: 'products', field: 'id' } })],
  }),
  Model.parse({ name: 'AuditLog', kind: 'prisma', table: 'audit_logs', fields: [] }),
  Model.parse({ name: 'Order', kind: 'prisma', table: 'orders', fields: [] }),
];

const models = (title: string, targets: string[] = []) => {
  const subject = subjectOf(title, targets);
  return rankModels(MODELS, subject, rankEndpoints(ENDPOINTS, subject));
};
const scores = (ranked: { item: { name: string }; score: number }[]) => Object.fromEntries(ranked.map((r) => [r.item.name, r.score]));

describe('rankModels', () => {
  it('finds models named by a target, then their foreign keys both ways; unrelated ones are left out', () => {
    const ranked = models('Speed up the listing', ['Product']);
    expect(scores(ranked)).toEqual({
      Product: MODEL_RELEVANCE.inTarget,
      Category: 450, // Product references it
      OrderItem: 350, // it references products (by table name)
    });
  });

  it('matches names in the title by plural, table name and compound words, in any case', () => {
    expect(Object.keys(scores(models('Add an index on ORDER ITEMS')))).toContain('OrderItem');
    expect(Object.keys(scores(models('Archive old audit_logs rows')))).toEqual(['AuditLog']);
    expect(scores(models('Categories need a slug')).Category).toBe(MODEL_RELEVANCE.inTitle);
  });

  it('ranks the model a target names above models named by one of its words', () => {
    const ranked = scores(models('Speed up lookups', ['OrderItem']));
    expect(ranked.OrderItem).toBe(MODEL_RELEVANCE.inTarget);
    expect(ranked.Order).toBe(MODEL_RELEVANCE.inTitle);
    expect(scores(models('Add a unique index', ['User.email'])).User).toBe(MODEL_RELEVANCE.inTarget);
  });

  it('finds models named by the paths of relevant endpoints', () => {
    const ranked = models('Add pagination', ['GET /api/v1/users']);
    expect(ranked[0]?.item.name).toBe('User');
    expect(ranked[0]?.score).toBe(MODEL_RELEVANCE.inTarget);
  });
});

describe('rankServices', () => {
  const services = [
    Service.parse({ name: 'PaymentService', kind: 'service', integrations: ['stripe'] }),
    Service.parse({ name: 'MailerService', kind: 'integration', integrations: ['sendgrid'] }),
    Service.parse({ name: 'ProductRepository', kind: 'repository' }),
  ];

  it('keeps services whose name or integrations share words with the task', () => {
    expect(rankServices(services, subjectOf('Handle Stripe webhooks')).map((s) => s.item.name)).toEqual(['PaymentService']);
    expect(rankServices(services, subjectOf('Retry failed payments')).map((s) => s.item.name)).toEqual(['PaymentService']);
    expect(rankServices(services, subjectOf('Cache products')).map((s) => s.item.name)).toEqual(['ProductRepository']);
    expect(rankServices(services, subjectOf('Rotate logs'))).toEqual([]);
  });
});
