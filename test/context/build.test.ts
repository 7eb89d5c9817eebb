import { describe, expect, it } from 'vitest';
import { Config, defaultConfig } from '../../src/config/schema.js';
import { buildContextPackage } from '../../src/context/build.js';
import { ContextPackage, TEST_KINDS } from '../../src/context/types.js';
import { Endpoint, Model, Service, type Registry } from '../../src/registry/schema.js';
import { makeTask } from '../helpers/tasks.js';

const jwt = { auth: 'required', authBy: ['authenticate', 'verifyJwt'] };
const endpoint = (id: string, file: string, extra: Record<string, unknown> = {}): Endpoint => {
  const [method, path] = id.split(' ');
  return Endpoint.parse({ id, method, path, source: { file, line: 10 }, ...jwt, ...extra });
};

/** The seed's shop: users, products and orders, with a Stripe payment service. */
const SHOP: Registry = {
  endpoints: [
    endpoint('GET /api/users', 'src/routes/users.ts', { params: { query: ['limit', 'offset'] } }),
    endpoint('GET /api/products', 'src/routes/products.ts', { params: { query: ['limit', 'offset'] } }),
    endpoint('POST /api/products', 'src/routes/products.ts', { validation: 'zod', responses: ['201', '422 application/problem+json'] }),
    endpoint('GET /api/products/{id}', 'src/routes/products.ts'),
    endpoint('GET /api/orders', 'src/routes/orders.ts'),
    endpoint('GET /health', 'src/app.ts', { auth: 'none', authBy: [] }),
  ],
  models: [
    Model.parse({
      name: 'User',
      kind: 'prisma',
      table: 'users',
      fields: [{ name: 'id', type: 'Int', primaryKey: true }, { name: 'email', type: 'String', unique: true }],
      source: { file: 'prisma/schema.prisma', line: 1 },
    }),
    Model.parse({
      name: 'Product',
      kind: 'prisma',
      table: 'products',
      fields: [
        { name: 'id', type: 'Int', primaryKey: true },
        { name: 'name', type: 'String' },
        { name: 'deletedAt', type: 'DateTime', nullable: true },
      ],
      source: { file: 'prisma/schema.prisma', line: 10 },
    }),
    Model.parse({
      name: 'OrderItem',
      kind: 'prisma',
      table: 'order_items',
      fields: [
        { name: 'id', type: 'Int', primaryKey: true },
        { name: 'product_id', type: 'Int', references: { model: 'Product', field: 'id' } },
        { name: 'quantity', type: 'Int', default: '1' },
      ],
      indexes: [{ fields: ['product_id'] }],
      source: { file: 'prisma/schema.prisma', line: 20 },
    }),
  ],
  services: [Service.parse({ name: 'PaymentService', kind: 'service', integrations: ['stripe'], source: { file: 'src/services/payment.ts' } })],
};

const criteria = { gates: ['api', 'security', 'contract', 'api/pagination', 'api/filtering'], thresholds: { api_p95_ms: 150 } };
const apiTask = makeTask({
  id: 'task-002-api',
  title: 'Add pagination and filtering to GET /api/products',
  description: 'The catalogue page needs 20 products per page.',
  requirements: ['pagination', 'filtering'],
  targets: ['GET /api/products'],
  criteria,
});
const standards = ['backend-standard.md', 'api-design.md'];
const build = (task = apiTask, config: Config = defaultConfig()) => buildContextPackage({ task, registry: SHOP, config, standards });

describe('buildContextPackage', () => {
  it('produces the seed shape under a top-level context key, as plain data', () => {
    const pkg = build();
    expect(Object.keys(pkg)).toEqual(['context']);
    expect(Object.keys(pkg.context)).toEqual([
      'task_id', 'title', 'description', 'skill', 'requirements', 'endpoints', 'database', 'standards',
      'test_requirements', 'success_criteria', 'files',
    ]);
    expect(Object.keys(pkg.context.endpoints)).toEqual(['existing', 'patterns']);
    expect(Object.keys(pkg.context.database)).toEqual(['schema', 'indexes']);
    expect(Object.keys(pkg.context.test_requirements)).toEqual(['functional', 'types']);
    expect(ContextPackage.safeParse(pkg).success).toBe(true);
    expect(JSON.parse(JSON.stringify(pkg))).toEqual(pkg);
  });

  it('fills an api task from the registry, most relevant first', () => {
    const { context } = build();
    expect(context).toMatchObject({
      task_id: 'task-002-api',
      title: 'Add pagination and filtering to GET /api/products',
      description: 'The catalogue page needs 20 products per page.',
      skill: 'api-development-skill',
      requirements: ['pagination', 'filtering'],
      standards,
      success_criteria: criteria,
    });
    expect(context.endpoints.existing).toEqual([
      'GET /api/products',
      'POST /api/products',
      'GET /api/products/{id}',
      'GET /api/orders',
      'GET /api/users',
      'GET /health',
    ]);
    expect(context.endpoints.patterns).toEqual(expect.arrayContaining(['REST', 'errors: problem+json', 'pagination: limit/offset']));
    expect(context.database.schema[0]).toEqual({
      name: 'Product',
      table: 'products',
      fields: { id: 'Int [pk]', name: 'String', deletedAt: 'DateTime [nullable]' },
    });
    expect(context.database.schema.map((m) => m.name)).toEqual(['Product', 'OrderItem']);
    expect(context.database.indexes).toEqual(['order_items(product_id)']);
    expect(context.test_requirements).toEqual({
      functional: ['pagination', 'filtering', 'auth required', 'error responses (problem+json)'],
      types: [...TEST_KINDS],
    });
    expect(context.files).toEqual(['src/routes/products.ts', 'prisma/schema.prisma']);
  });

  it('asks for CRUD, status-code and validation tests when an api target changes data', () => {
    const task = makeTask({ title: 'Create products', targets: ['POST /api/products', 'DELETE /api/products/{id}'], requirements: ['auth required'] });
    const { functional } = build(task).context.test_requirements;
    expect(functional).toEqual([
      'auth required',
      'input validated (zod)',
      'CRUD operations',
      'create returns 201 with Location',
      'delete returns 204',
      'unknown id returns 404',
      'invalid input returns 400/422',
      'error responses (problem+json)',
    ]);
  });

  it('fills a database task: the named model, its foreign-key neighbours, indexes and migration tests', () => {
    const task = makeTask({
      id: 'task-003-index-order-items',
      title: 'Add a unique index on users email and speed up order items by product',
      type: 'database',
      skill: 'database-skill',
      targets: ['OrderItem'],
      criteria: { gates: ['database'], thresholds: {} },
    });
    const { context } = build(task);
    expect(context.skill).toBe('database-skill');
    expect(context).not.toHaveProperty('description');
    expect(context.database.schema.map((m) => m.name)).toEqual(['OrderItem', 'Product', 'User']);
    expect(context.database.schema[0]?.fields).toEqual({ id: 'Int [pk]', product_id: 'Int [-> Product.id]', quantity: 'Int [default 1]' });
    expect(context.database.indexes).toEqual(['order_items(product_id)', 'users(email) unique']);
    expect(context.test_requirements.functional).toEqual(['migration applies and rolls back', 'queries use indexes', 'queries under 50 ms']);
    // No thresholds on the task: the configured ones are what the gates will use.
    expect(context.success_criteria).toEqual({ gates: ['database'], thresholds: defaultConfig().thresholds });
    expect(context.files[0]).toBe('prisma/schema.prisma');
  });

  it('names the integrations a service task touches', () => {
    const task = makeTask({ title: 'Handle Stripe payment webhooks', skill: 'service-integration-skill', type: 'integration' });
    const { context } = build(task);
    expect(context.test_requirements.functional).toEqual([
      'third-party calls mocked (stripe)',
      'webhook signature verified, replays rejected',
      'retries are idempotent',
    ]);
    expect(context.files).toEqual(['src/services/payment.ts']);
  });

  it('gives every key even for an empty registry', () => {
    const { context } = buildContextPackage({ task: makeTask(), registry: { endpoints: [], models: [], services: [] }, config: defaultConfig(), standards: [] });
    expect(context.endpoints).toEqual({ existing: [], patterns: [] });
    expect(context.database).toEqual({ schema: [], indexes: [] });
    expect(context.files).toEqual([]);
    expect(context.standards).toEqual([]);
  });
});
