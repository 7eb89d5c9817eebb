import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/pagination.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';
import { express, fastify, nest } from './code-projects.js';

describe('api/pagination', () => {
  it('flags collection GETs that read no pagination param (Express)', async () => {
    const findings = await findingsOf(
      rule,
      express(
        "app.get('/api/v1/orders', async (req, res) => { res.json(await db.order.findMany()); });",
        "app.get('/api/v1/users/:id/posts', async (req, res) => { res.json(await posts(req.params.id, req.query.status)); });",
      ),
    );
    expect(where(findings)).toEqual(['src/app.ts:3', 'src/app.ts:4']);
    expect(findings[1]?.message).toContain('it reads status');
  });

  it('passes limit/offset, page/pageSize, cursor, items, singletons, lookup lists and handlers that hand the query on', async () => {
    const files = express(
      "app.get('/api/v1/orders', (req, res) => { const { limit, offset } = req.query; res.json(list(limit, offset)); });",
      "app.get('/api/v1/users', (req, res) => { res.json(list(req.query.page, req.query.page_size)); });",
      "app.get('/api/v1/events', (req, res) => { res.json(list(req.query.cursor)); });",
      "app.get('/api/v1/orders/:id', (req, res) => { res.json(one(req.params.id)); });",
      "app.get('/api/v1/me', (req, res) => { res.json({}); });",
      "app.get('/api/v1/stats', (req, res) => { res.json({}); });",
      "app.get('/api/v1/categories', (req, res) => { res.json(all()); });",
      "app.get('/api/v1/products', (req, res) => { res.json(list(req.query)); });",
      "app.get('/api/v1/reviews', (req, res) => { res.json(listReviews(req)); });",
    );
    expect(await findingsOf(rule, files)).toEqual([]);
  });

  it('accepts pagination the OpenAPI document declares', async () => {
    const spec = "openapi: 3.0.3\ninfo: { title: x, version: 1.0.0 }\npaths:\n  /orders:\n    get:\n      parameters:\n        - { name: limit, in: query, schema: { type: integer } }\n      responses:\n        '200': { description: ok }\n";
    const files = { ...express("app.get('/orders', (req, res) => { res.json(list()); });"), 'openapi.yaml': spec };
    expect(await findingsOf(rule, files)).toEqual([]);
  });

  it('reads Fastify querystring schemas and Nest @Query', async () => {
    expect(where(await findingsOf(rule, fastify("app.get('/orders', async () => listOrders());")))).toEqual(['src/server.ts:3']);
    const paged = "{ schema: { querystring: { type: 'object', properties: { limit: { type: 'integer' } } } } }";
    expect(await findingsOf(rule, fastify(`app.get('/orders', ${paged}, async (request) => listOrders(request.query.limit));`))).toEqual([]);
    expect(where(await findingsOf(rule, nest('orders', ['@Get() list() { return this.orders.all(); }'])))).toEqual(['src/items.controller.ts:4']);
    expect(await findingsOf(rule, nest('orders', ["@Get() list(@Query('limit') limit: number, @Query('offset') offset: number) { return []; }"]))).toEqual([]);
    expect(await findingsOf(rule, nest('orders', ['@Get() list(@Query() query: any) { return this.orders.all(query); }']))).toEqual([]);
  });

  it('says skipped when no collection GET could be read, not applicable when there is none', async () => {
    const status = async (files: Record<string, string>) => runRule(rule, await projectContext(files)).items.flatMap((i) => i.rules).find((r) => r.id === rule.id);
    const handedOn = await status(express("app.get('/api/v1/products', (req, res) => res.json(list(req.query)));"));
    expect(handedOn?.status).toBe('skipped');
    expect(handedOn?.reason).toContain('hand the whole query on');
    expect((await status(express("app.get('/api/v1/me', (req, res) => res.json({}));")))?.status).toBe('not-applicable');
  });
});

