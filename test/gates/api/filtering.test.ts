import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/filtering.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';
import { express, fastify, nest } from './code-projects.js';

const spec30 = `openapi: 3.0.3
info: { title: Shop, version: 1.0.0 }
paths:
  /products:
    get:
      parameters:
        - name: category
          in: query
          schema: { type: string }
        - $ref: '#/components/parameters/MinPrice'
      responses:
        '200': { description: ok }
components:
  parameters:
    MinPrice:
      name: minPrice
      in: query
      schema: { type: number }
`;

const swagger20 = `swagger: '2.0'
info: { title: Shop, version: 1.0.0 }
paths:
  /products:
    get:
      parameters:
        - name: category
          in: query
          type: string
        - $ref: '#/parameters/MinPrice'
      responses:
        '200': { description: ok }
parameters:
  MinPrice:
    name: minPrice
    in: query
    type: number
`;

describe('api/filtering', () => {
  it('flags a documented filter the handler never reads, and a read one the document lacks (Express, OpenAPI 3.0)', async () => {
    const files = { 'openapi.yaml': spec30, ...express("app.get('/products', (req, res) => res.json(list({ category: req.query.category, sort: req.query.sort })));") };
    const findings = await findingsOf(rule, files);
    expect(where(findings)).toEqual(['openapi.yaml:10', 'src/app.ts:3']);
    expect(findings[0]?.message).toBe("the OpenAPI document declares the query param 'minPrice' for GET /products, but the handler (src/app.ts:3) never reads it");
    expect(findings[1]?.message).toContain("reads the query param 'sort'");
  });

  it('passes when both sides agree, and stays silent when the handler hands the query on', async () => {
    const agree = express("app.get('/products', (req, res) => { const { category, minPrice } = req.query; res.json(list(category, minPrice)); });");
    expect(await findingsOf(rule, { 'openapi.yaml': spec30, ...agree })).toEqual([]);
    const handedOn = express("app.get('/products', (req, res) => res.json(list(req.query)));");
    expect(await findingsOf(rule, { 'openapi.yaml': spec30, ...handedOn })).toEqual([]);
  });

  it('reads Swagger 2.0 parameters', async () => {
    const files = { 'swagger.yaml': swagger20, ...express("app.get('/products', (req, res) => res.json(list(req.query.category)));") };
    expect(where(await findingsOf(rule, files))).toEqual(['swagger.yaml:10']);
  });

  it('reads Fastify querystring schemas and Nest @Query names', async () => {
    const schema = "{ schema: { querystring: { type: 'object', properties: { category: { type: 'string' } } } } }";
    expect(where(await findingsOf(rule, { 'openapi.yaml': spec30, ...fastify(`app.get('/products', ${schema}, async (request) => list(request.query.category));`) }))).toEqual(['openapi.yaml:10']);
    const controller = nest('products', ["@Get() list(@Query('category') category: string, @Query('minPrice') min: number) { return []; }"]);
    expect(await findingsOf(rule, { 'openapi.yaml': spec30, ...controller })).toEqual([]);
    const partial = nest('products', ["@Get() list(@Query('category') category: string) { return []; }"]);
    expect(where(await findingsOf(rule, { 'openapi.yaml': spec30, ...partial }))).toEqual(['openapi.yaml:10']);
  });

  it('is not applicable without an OpenAPI document', async () => {
    const run = runRule(rule, await projectContext(express("app.get('/products', (req, res) => res.json([]));")));
    expect(run.items.flatMap((i) => i.rules).find((r) => r.id === rule.id)?.status).toBe('not-applicable');
  });
});
