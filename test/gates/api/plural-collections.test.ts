import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/plural-collections.js';
import { findingsOf, where } from '../../helpers/gates.js';
import { express, fastify, nest } from './code-projects.js';

describe('api/plural-collections', () => {
  it('flags a singular collection in front of an id (Express), once per place it is written', async () => {
    const findings = await findingsOf(
      rule,
      express(
        "app.get('/api/v1/user/:id', (req, res) => res.json({}));",
        "app.get('/api/v1/order-item/:itemId', (req, res) => res.json({}));",
        "app.get('/api/v1/category/:id/product/:productId', (req, res) => res.json({}));",
      ),
    );
    expect(where(findings)).toEqual(['src/app.ts:3', 'src/app.ts:4', 'src/app.ts:5', 'src/app.ts:5']);
    expect(findings[0]?.hint).toContain("'/users'");
    expect(findings[1]?.hint).toContain("'/order-items/{itemId}'");
    expect(findings[2]?.hint).toContain("'/categories'");
  });

  it('passes plural collections, irregular plurals, singletons, actions and lookups by key', async () => {
    const files = express(
      "app.get('/api/v1/users/:id', (req, res) => res.json({}));",
      "app.get('/api/v1/people/:id', (req, res) => res.json({}));",
      "app.get('/api/v1/addresses/:id', (req, res) => res.json({}));",
      "app.get('/api/v1/auth/:provider/callback', (req, res) => res.json({}));",
      "app.get('/api/v1/users/by-email/:email', (req, res) => res.json({}));",
      "app.get('/api/v1/verify/:token', (req, res) => res.json({}));",
      "app.get('/api/v1/me', (req, res) => res.json({}));",
      "app.get('/api/v1/status/:jobId', (req, res) => res.json({}));",
      "app.get('/api/v1/files/*', (req, res) => res.json({}));",
    );
    expect(await findingsOf(rule, files)).toEqual([]);
  });

  it('reads Fastify and Nest routes', async () => {
    expect(where(await findingsOf(rule, fastify("app.get('/invoice/:id', async () => ({}));")))).toEqual(['src/server.ts:3']);
    expect(await findingsOf(rule, fastify("app.get('/invoices/:id', async () => ({}));"))).toEqual([]);
    // The singular word is in @Controller, so that is where the finding points.
    expect(where(await findingsOf(rule, nest('product', ["@Get(':id') one() { return {}; }", "@Delete(':id') remove() { return {}; }"])))).toEqual(['src/items.controller.ts:2']);
    expect(await findingsOf(rule, nest('products', ["@Get(':id') one() { return {}; }"]))).toEqual([]);
  });
});
