import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/param-naming.js';
import { findingsOf, where } from '../../helpers/gates.js';
import { express, fastify, nest } from './code-projects.js';

const mixed = express(
  "app.get('/api/v1/users/:userId', (req, res) => res.json({}));",
  "app.get('/api/v1/users/:userId/orders/:orderId', (req, res) => res.json({}));",
  "app.get('/api/v1/invoices/:invoice_id', (req, res) => res.json({}));",
);

describe('api/param-naming', () => {
  it('flags the params written in a style the rest of the API does not use (Express)', async () => {
    const findings = await findingsOf(rule, mixed);
    expect(where(findings)).toEqual(['src/app.ts:5']);
    expect(findings[0]?.message).toContain("'invoice_id'");
    expect(findings[0]?.hint).toContain("'invoiceId'");
  });

  it('follows conventions.properties from the config', async () => {
    const findings = await findingsOf(rule, mixed, { config: { conventions: { properties: 'snake_case' } } });
    expect(findings.map((f) => `${f.line} ${f.message.split(' ')[3]}`)).toEqual(["3 'userId'", "4 'userId'", "4 'orderId'"]);
  });

  it('passes one style, and one-word params such as {id} beside {productId}', async () => {
    const files = express("app.get('/api/v1/products/:id', (req, res) => res.json({}));", "app.get('/api/v1/products/:productId/reviews', (req, res) => res.json([]));");
    expect(await findingsOf(rule, files)).toEqual([]);
  });

  it('reads Fastify and Nest params (the Nest one where @Controller writes it)', async () => {
    expect(where(await findingsOf(rule, fastify("app.get('/users/:userId', async () => ({}));", "app.get('/teams/:team_id', async () => ({}));", "app.get('/orgs/:orgId', async () => ({}));")))).toEqual(['src/server.ts:4']);
    const nestFiles = { ...nest('users/:user_id/posts', ["@Get(':postId') one() { return {}; }", "@Get(':postId/comments/:commentId') comments() { return []; }"]) };
    expect(where(await findingsOf(rule, nestFiles))).toEqual(['src/items.controller.ts:2']);
  });
});
