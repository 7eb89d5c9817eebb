import { describe, expect, it } from 'vitest';
import { classifiedTests } from '../../../src/gates/tests/support/kind-check.js';
import { classifyTest, pathPattern, testsOfKind, type TestSource } from '../../../src/gates/tests/support/kinds.js';
import { isTest } from '../../../src/gates/tests/support/test-sources.js';
import { projectContext } from '../../helpers/gates.js';

const PROJECT = {
  'package.json': JSON.stringify({ name: 'p', scripts: { test: 'vitest run' } }),
  'src/app.ts': `import express from 'express';
import { listOrders } from './services/orders.js';
export const app = express();
app.get('/api/v1/orders', async (_req, res) => { res.json(await listOrders()); });
app.get('/api/v1/orders/:id', (req, res) => { res.json({ id: req.params.id }); });
`,
  'src/lib/price.ts': `export const total = (items: { price: number }[]) => items.reduce((s, i) => s + i.price, 0);\n`,
  'src/db.ts': `import pg from 'pg';\nexport const pool = new pg.Pool();\n`,
  'src/services/orders.ts': `import { pool } from '../db.js';\nexport const listOrders = async () => (await pool.query('SELECT 1')).rows;\n`,
  'src/services/notify.ts': `import Redis from 'ioredis';\nexport const notify = (m: string) => new Redis().publish('n', m);\n`,
  'src/types.ts': `import type { Pool } from 'pg';\nexport type Db = Pool;\n`,
  'test/unit/price.test.ts': `import { expect, it } from 'vitest';\nimport { total } from '../../src/lib/price.js';\nit('adds', () => expect(total([{ price: 1 }])).toBe(1));\n`,
  'test/notify.test.ts': `import { vi, it } from 'vitest';\nvi.mock('ioredis');\nimport { notify } from '../src/services/notify.js';\nit('publishes', () => notify('x'));\n`,
  'test/types.test.ts': `import { it } from 'vitest';\nimport type { Db } from '../src/types.js';\nimport type { Pool } from 'pg';\nit('types', () => undefined as unknown as Db & Pool);\n`,
  'test/db.test.ts': `import { it } from 'vitest';\nimport { pool } from '../src/db.js';\nit('connects', async () => { await pool.query('SELECT 1'); });\n`,
  'test/orders.int.test.ts': `import { it } from 'vitest';\nimport { listOrders } from '../src/services/orders.js';\nit('lists', async () => { await listOrders(); });\n`,
  'test/helpers.ts': `import request from 'supertest';\nimport { app } from '../src/app.js';\nexport const api = () => request(app);\n`,
  'test/orders.test.ts': `import { it } from 'vitest';\nimport { api } from './helpers.js';\nit('lists', async () => { await api().get('/api/v1/orders').expect(200); });\n`,
  'test/raw.test.js': `const request = require('supertest');\ndescribe('x', () => { it('y', () => request('http://localhost')); });\n`,
  'test/fetch.test.ts': `import { it } from 'vitest';\nit('answers', async () => { await fetch('http://localhost:3000/health'); });\n`,
  'test/mention.test.ts': `import { it } from 'vitest';\nconst id = 42;\nit('builds the url', () => \`/api/v1/orders/\${id}\`);\n`,
  'test/fixtures/sample.test.ts': `import request from 'supertest';\n`,
  // NestJS/TypeORM unit test: the service and entity import TypeORM for types and decorators only; the service calls a remote API with axios.
  'src/users/user.entity.ts': `import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';\n@Entity()\nexport class User { @PrimaryGeneratedColumn() id!: number; @Column() name!: string; }\n`,
  'src/users/users.service.ts': `import { Injectable } from '@nestjs/common';\nimport { InjectRepository } from '@nestjs/typeorm';\nimport { Repository } from 'typeorm';\nimport axios from 'axios';\nimport { User } from './user.entity.js';\n@Injectable()\nexport class UsersService {\n  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}\n  find(id: number) { return this.users.findOneBy({ id }); }\n  avatar(id: number) { return axios.get('https://avatars.example.com/' + id); }\n}\n`,
  'src/users/users.service.spec.ts': `import { Test } from '@nestjs/testing';\nimport { getRepositoryToken } from '@nestjs/typeorm';\nimport { UsersService } from './users.service.js';\nimport { User } from './user.entity.js';\ndescribe('UsersService', () => {\n  it('finds', async () => {\n    const module = await Test.createTestingModule({ providers: [UsersService, { provide: getRepositoryToken(User), useValue: { findOneBy: jest.fn() } }] }).compile();\n  });\n});\n`,
  'src/prisma.ts': `import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n`,
  'test/prisma.test.ts': `import { it } from 'vitest';\nimport { prisma } from '../src/prisma.js';\nit('counts', () => prisma.user.count());\n`,
};

describe('test kinds on a project', () => {
  it('classifies each test file by what it reaches (helpers transitively, project modules one hop, mocks left out) and what it says', async () => {
    const tests = classifiedTests(await projectContext(PROJECT));
    const kinds = Object.fromEntries(tests.map((t) => [t.file, `${[...t.kinds].join('+')}: ${Object.values(t.why).join('; ')}`]));
    expect(kinds).toEqual({
      'test/unit/price.test.ts': 'unit: reaches no HTTP client and no database or queue client',
      'test/notify.test.ts': 'unit: reaches no HTTP client and no database or queue client',
      'test/types.test.ts': 'unit: reaches no HTTP client and no database or queue client',
      'test/db.test.ts': 'integration: pg via src/db.ts',
      'test/orders.int.test.ts': 'integration: named as an integration test',
      'test/orders.test.ts': 'api: supertest via test/helpers.ts',
      'test/raw.test.js': 'api: imports supertest',
      'test/fetch.test.ts': 'api: calls fetch()',
      'test/mention.test.ts': 'api: requests GET /api/v1/orders/{id}',
      'src/users/users.service.spec.ts': 'unit: reaches no HTTP client and no database or queue client',
      'test/prisma.test.ts': 'integration: @prisma/client via src/prisma.ts',
    });
    expect(tests.find((t) => t.file === 'test/orders.test.ts')?.endpoints).toEqual(['GET /api/v1/orders']);
    expect(tests.find((t) => t.file === 'test/unit/price.test.ts')?.imports).toEqual(['src/lib/price.ts']);
  });
});

describe('classifyTest and testsOfKind (pure: what bo submit scopes to a task)', () => {
  const source = (file: string, text: string, packages: string[] = [], imports: string[] = []): TestSource => ({ file, text, packages, imports });
  const endpoints = [
    { method: 'GET', path: '/api/v1/orders/:id' },
    { method: 'DELETE', path: '/api/v1/users/{userId}' },
  ];
  const tests = [
    classifyTest(source('test/a.test.ts', "request(app).get(`${API}/orders/${id}`)", ['supertest']), endpoints),
    classifyTest(source('test/b.test.ts', 'app.inject({ method: "GET", url: "/health" })'), endpoints),
    classifyTest(source('test/c.test.ts', 'expect(total()).toBe(1)', [], ['src/lib/price.ts']), endpoints),
    classifyTest(source('test/e2e/app.e2e-spec.ts', 'it()'), endpoints),
    classifyTest(source('test/d.test.ts', "app.request('/posts')", ['@prisma/client']), endpoints),
  ];

  it('gives each test its kinds and reasons: a test can be both api and integration', () => {
    expect(tests.map((t) => `${t.file} ${[...t.kinds].join('+')}`)).toEqual([
      'test/a.test.ts api',
      'test/b.test.ts api',
      'test/c.test.ts unit',
      'test/e2e/app.e2e-spec.ts api',
      'test/d.test.ts integration+api',
    ]);
    expect(tests[4]?.why).toEqual({ integration: 'imports @prisma/client', api: "calls app.request('/…')" });
  });

  it('without a scope, keeps the tests of the kind; with one, the tests touching the targets and the targets no test covers', () => {
    expect(testsOfKind('api', tests).tests.map((t) => t.file)).toEqual(['test/a.test.ts', 'test/b.test.ts', 'test/e2e/app.e2e-spec.ts', 'test/d.test.ts']);
    expect(testsOfKind('api', tests).uncovered).toEqual([]);
    const scoped = testsOfKind('api', tests, { endpoints });
    expect(scoped.tests.map((t) => t.file)).toEqual(['test/a.test.ts']);
    expect(scoped.uncovered).toEqual(['DELETE /api/v1/users/{userId}']);
    expect(testsOfKind('unit', tests, { files: ['src/lib/price.ts', 'src/services/orders.ts'] })).toMatchObject({ uncovered: ['src/services/orders.ts'] });
  });

  it('matches an endpoint path as tests write it: after the /api and /v1 prefix, any value for a parameter', () => {
    const orders = pathPattern('/api/v1/orders/:id') as RegExp;
    expect(orders.test("`${API}/orders/${order.id}`")).toBe(true);
    expect(orders.test("'/api/v1/orders/42'")).toBe(true);
    expect(orders.test("'/api/v1/orders-archive/42'")).toBe(false);
    expect(pathPattern('/users/{id}/orders')?.test('/users/7/orders?limit=2')).toBe(true);
    expect(pathPattern('/orders')?.test("'/orders-old'")).toBe(false);
    expect(pathPattern('/orders')?.test("import { list } from '../src/services/orders.js'")).toBe(false);
    expect(pathPattern('/orders')?.test("'http://localhost:3000/orders'")).toBe(true);
    expect(pathPattern('/')).toBeUndefined();
    expect(pathPattern('/api/v1/:id')).toBeUndefined();
  });

  it('knows a runnable test file from a helper, a mock or a fixture', () => {
    expect(isTest('src/cart.spec.ts', '')).toBe(true);
    expect(isTest('test/app.e2e-spec.ts', '')).toBe(true);
    expect(isTest('test/users.js', "describe('users', () => {})")).toBe(true);
    expect(isTest('test/helpers.ts', 'export const x = 1;')).toBe(false);
    expect(isTest('src/__mocks__/db.test.ts', '')).toBe(false);
    expect(isTest('test/fixtures/a.test.ts', '')).toBe(false);
  });
});
