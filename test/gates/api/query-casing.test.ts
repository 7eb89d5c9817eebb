import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/query-casing.js';
import { findingsOf, where } from '../../helpers/gates.js';
import { express, fastify, nest } from './code-projects.js';

const mixed = express(
  "app.get('/api/v1/products', (req, res) => res.json(list({ pageSize: req.query.pageSize, sortBy: req.query.sortBy })));",
  "app.get('/api/v1/orders', (req, res) => res.json(list({ sort: req.query.sort_by })));",
);

const spec = `openapi: 3.0.3
info: { title: Shop, version: 1.0.0 }
paths:
  /orders:
    get:
      parameters:
        - name: pageSize
          in: query
          schema: { type: integer }
        - $ref: '#/components/parameters/SortBy'
      responses:
        '200': { description: ok }
components:
  parameters:
    SortBy:
      name: sort_by
      in: query
      schema: { type: string }
`;

describe('api/query-casing', () => {
  it('flags query params in another casing than the API default (Express)', async () => {
    const findings = await findingsOf(rule, mixed);
    expect(where(findings)).toEqual(['src/app.ts:4']);
    expect(findings[0]?.column).toBe(72);
    expect(findings[0]?.hint).toContain("'sortBy'");
  });

  it('follows conventions.query', async () => {
    const findings = await findingsOf(rule, mixed, { config: { conventions: { query: 'snake_case' } } });
    expect(findings.map((f) => f.message.split(' ')[3])).toEqual(["'pageSize'", "'sortBy'"]);
  });

  it('reads the OpenAPI document, pointing at a referenced parameter where the operation uses it', async () => {
    const findings = await findingsOf(rule, { 'openapi.yaml': spec });
    expect(where(findings)).toEqual(['openapi.yaml:10']);
  });

  it('reads Fastify querystring schemas and Nest @Query names', async () => {
    const schema = "{ schema: { querystring: { type: 'object', properties: { pageSize: { type: 'integer' }, sort_by: { type: 'string' }, includeDeleted: { type: 'boolean' } } } } }";
    expect(where(await findingsOf(rule, fastify(`app.get('/items', ${schema}, async () => []);`)))).toEqual(['src/server.ts:3']);
    expect(where(await findingsOf(rule, nest('items', ["@Get() list(@Query('pageSize') size: number, @Query('sortBy') by: string, @Query('include_deleted') d: string) { return []; }"])))).toEqual(['src/items.controller.ts:4']);
    expect(await findingsOf(rule, nest('items', ["@Get() list(@Query('pageSize') size: number, @Query('q') q: string) { return []; }"]))).toEqual([]);
  });
});
