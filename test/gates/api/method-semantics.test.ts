import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/method-semantics.js';
import { findingsOf, where } from '../../helpers/gates.js';
import { express, fastify, nest } from './code-projects.js';

describe('api/method-semantics', () => {
  it('flags a GET that reads a body, a POST to an item and a DELETE on a collection (Express)', async () => {
    const findings = await findingsOf(
      rule,
      express(
        "app.get('/api/v1/users', (req, res) => res.json(find(req.body.filter)));",
        "app.get('/api/v1/users/:id', (req, res) => res.json({}));",
        "app.post('/api/v1/users/:id', (req, res) => res.json(update(req.params.id, req.body)));",
        "app.delete('/api/v1/users', (req, res) => res.sendStatus(204));",
      ),
    );
    expect(where(findings)).toEqual(['src/app.ts:3', 'src/app.ts:5', 'src/app.ts:6']);
    expect(findings.map((f) => f.message)).toEqual([
      'GET /api/v1/users reads a request body (filter): GET requests have no body',
      'POST /api/v1/users/{id} POSTs to an item path: POST creates in a collection or runs an action',
      'DELETE /api/v1/users deletes a whole collection (its items are at /api/v1/users/{…})',
    ]);
  });

  it('passes the same resources used as REST means, actions, webhooks, singletons and shared handlers', async () => {
    const files = express(
      "app.get('/api/v1/users', (req, res) => res.json(find(req.query.filter)));",
      "app.get('/api/v1/users/:id', (req, res) => res.json({}));",
      "app.patch('/api/v1/users/:id', (req, res) => res.json(update(req.params.id, req.body)));",
      "app.delete('/api/v1/users/:id', (req, res) => res.sendStatus(204));",
      "app.post('/api/v1/orders/:id/cancel', (req, res) => res.json({}));",
      "app.post('/api/v1/webhooks/:provider', (req, res) => res.sendStatus(200));",
      "app.patch('/api/v1/users/me', (req, res) => res.json(req.body));",
      "const search = (req, res) => res.json(find(req.body.q ?? req.query.q));",
      "app.route('/api/v1/search').get(search).post(search);",
    );
    expect(await findingsOf(rule, files)).toEqual([]);
  });

  it('reads Fastify schemas and Nest decorators', async () => {
    const fastifyGet = "app.get('/items', { schema: { body: { type: 'object', properties: { q: { type: 'string' } } } } }, async (request) => []);";
    expect(where(await findingsOf(rule, fastify(fastifyGet)))).toEqual(['src/server.ts:3']);
    expect(await findingsOf(rule, fastify("app.get('/items', { schema: { querystring: { type: 'object', properties: { q: { type: 'string' } } } } }, async () => []);"))).toEqual([]);
    expect(where(await findingsOf(rule, nest('items', ["@Post(':id') update(@Param('id') id: string) { return {}; }"])))).toEqual(['src/items.controller.ts:4']);
    expect(where(await findingsOf(rule, nest('items', ["@Get() find(@Body('filter') filter: string) { return []; }"])))).toEqual(['src/items.controller.ts:4']);
    expect(await findingsOf(rule, nest('items', ["@Patch(':id') update(@Param('id') id: string) { return {}; }", '@Post() create() { return {}; }']))).toEqual([]);
  });
});
