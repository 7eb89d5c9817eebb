import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/no-verbs-in-path.js';
import { findingsOf, where } from '../../helpers/gates.js';
import { express, fastify, nest } from './code-projects.js';

describe('api/no-verbs-in-path', () => {
  it('flags CRUD verbs leading a segment or standing as one (Express)', async () => {
    const findings = await findingsOf(
      rule,
      express("app.get('/api/v1/getUsers', (req, res) => res.json([]));", "app.post('/api/v1/users/:id/delete', (req, res) => res.sendStatus(204));", "app.post('/api/v1/create-order', (req, res) => res.status(201).json({}));"),
    );
    expect(where(findings)).toEqual(['src/app.ts:3', 'src/app.ts:4', 'src/app.ts:5']);
    expect(findings[0]?.message).toContain("'getUsers'");
    expect(findings[0]?.column).toBe(18);
    expect(findings[1]?.hint).toContain('DELETE on the item');
  });

  it('passes resources, accepted actions (/auth/login, /search, /orders/{id}/cancel) and nouns that start like verbs', async () => {
    const files = express(
      "app.get('/api/v1/users', (req, res) => res.json([]));",
      "app.post('/api/v1/auth/login', (req, res) => res.json({}));",
      "app.get('/api/v1/products/search', (req, res) => res.json([]));",
      "app.post('/api/v1/orders/:id/cancel', (req, res) => res.json({}));",
      "app.get('/api/v1/updates', (req, res) => res.json([]));",
      "app.get('/api/v1/addresses', (req, res) => res.json([]));",
      "app.get('/api/v1/listings', (req, res) => res.json([]));",
      "app.get('/api/v1/add-ons', (req, res) => res.json([]));",
      "app.get('/api/v1/settings', (req, res) => res.json({}));",
    );
    expect(await findingsOf(rule, files)).toEqual([]);
  });

  it('flags a verb route in Fastify and a Nest method path, and passes their resource forms', async () => {
    expect(where(await findingsOf(rule, fastify("app.post('/orders/createOrder', async () => ({}));")))).toEqual(['src/server.ts:3']);
    expect(where(await findingsOf(rule, nest('users', ["@Get('fetch-all') all() { return []; }"])))).toEqual(['src/items.controller.ts:4']);
    expect(await findingsOf(rule, fastify("app.post('/orders', async () => ({}));"))).toEqual([]);
    expect(await findingsOf(rule, nest('users', ['@Get() all() { return []; }']))).toEqual([]);
  });

  it('points at the mount prefix where a verb comes from another file', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': "import express from 'express';\nimport { users } from './users.js';\nconst app = express();\napp.use('/api/getUsers', users);\n",
      'src/users.ts': "import { Router } from 'express';\nexport const users = Router();\nusers.get('/', (req, res) => res.json([]));\nusers.get('/:id', (req, res) => res.json({}));\n",
    });
    expect(where(findings)).toEqual(['src/app.ts:4']);
  });
});
