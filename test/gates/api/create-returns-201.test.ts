import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/create-returns-201.js';
import { findingsOf, where } from '../../helpers/gates.js';
import { express, fastify, nest } from './code-projects.js';

describe('api/create-returns-201', () => {
  it('flags a POST to a collection that answers 200, implicitly or outright (Express)', async () => {
    const findings = await findingsOf(
      rule,
      express(
        "app.post('/api/v1/users', async (req, res) => { const user = await create(req.body); res.json(user); });",
        "app.post('/api/v1/orders', async (req, res) => { res.status(200).json(await place(req.body)); });",
      ),
    );
    expect(where(findings)).toEqual(['src/app.ts:3', 'src/app.ts:4']);
    expect(findings[0]?.message).toBe('POST /api/v1/users creates in a collection but answers 200, not 201 Created');
    expect(findings[0]?.hint).toContain('Location');
  });

  it('passes 201, 202, and POSTs that create nothing (login, search, actions, webhooks)', async () => {
    const files = express(
      "app.post('/api/v1/users', async (req, res) => { res.status(201).location('/api/v1/users/1').json({}); });",
      "app.post('/api/v1/exports', async (req, res) => { res.status(202).json({ jobId: 1 }); });",
      "app.post('/api/v1/auth/login', async (req, res) => { res.json({ token: 't' }); });",
      "app.post('/api/v1/products/search', async (req, res) => { res.json([]); });",
      "app.post('/api/v1/orders/:id/pay', async (req, res) => { res.json({}); });",
      "app.post('/api/v1/webhooks', async (req, res) => { res.sendStatus(200); });",
      "app.post('/api/v1/reports', async (req, res, next) => { next(new Error('not yet')); });",
    );
    expect(await findingsOf(rule, files)).toEqual([]);
  });

  it('reads Fastify replies and returned values', async () => {
    expect(where(await findingsOf(rule, fastify("app.post('/users', async (request) => createUser(request.body));")))).toEqual(['src/server.ts:3']);
    expect(await findingsOf(rule, fastify("app.post('/users', async (request, reply) => reply.code(201).send(await createUser(request.body)));"))).toEqual([]);
  });

  it('reads Nest: 201 by default, 200 when @HttpCode says so', async () => {
    const findings = await findingsOf(rule, nest('users', ['@Post()', '@HttpCode(HttpStatus.OK)', 'create(@Body() dto: unknown) { return dto; }']));
    expect(where(findings)).toEqual(['src/items.controller.ts:4']);
    expect(findings[0]?.hint).toContain('@HttpCode(200)');
    expect(await findingsOf(rule, nest('users', ['@Post() create(@Body() dto: unknown) { return dto; }']))).toEqual([]);
  });
});
