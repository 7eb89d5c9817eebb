import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/path-casing.js';
import { findingsOf, where } from '../../helpers/gates.js';
import { express, fastify, nest } from './code-projects.js';

const mixed = express(
  "app.get('/api/v1/order-items', (req, res) => res.json([]));",
  "app.get('/api/v1/shippingAddresses', (req, res) => res.json([]));",
  "app.get('/api/v1/gift_cards', (req, res) => res.json([]));",
);

describe('api/path-casing', () => {
  it('flags segments that are not kebab-case by default (Express)', async () => {
    const findings = await findingsOf(rule, mixed);
    expect(where(findings)).toEqual(['src/app.ts:4', 'src/app.ts:5']);
    expect(findings[0]?.message).toContain("'shippingAddresses'");
    expect(findings[0]?.hint).toContain("'shipping-addresses'");
  });

  it('follows conventions.paths from the config', async () => {
    const findings = await findingsOf(rule, mixed, { config: { conventions: { paths: 'snake_case' } } });
    expect(where(findings)).toEqual(['src/app.ts:3', 'src/app.ts:4']);
    expect(findings[1]?.hint).toContain("'shipping_addresses'");
  });

  it('without a setting, expects the casing most of the API uses and says so once (info)', async () => {
    const files = express(
      "app.get('/api/v1/order_items', (req, res) => res.json([]));",
      "app.get('/api/v1/gift_cards', (req, res) => res.json([]));",
      "app.get('/api/v1/shipping-addresses', (req, res) => res.json([]));",
    );
    const findings = await findingsOf(rule, files);
    expect(findings.map((f) => `${f.severity} ${f.file}:${f.line}`)).toEqual(['info src/app.ts:4', 'warning src/app.ts:5']);
  });

  it('passes one-word segments, versions and files, and reads Fastify and Nest paths', async () => {
    expect(await findingsOf(rule, express("app.get('/api/v2/users/:userId/orders', (req, res) => res.json([]));", "app.get('/openapi.json', (req, res) => res.json({}));"))).toEqual([]);
    expect(where(await findingsOf(rule, fastify("app.get('/orderItems', async () => []);")))).toEqual(['src/server.ts:3']);
    expect(await findingsOf(rule, fastify("app.get('/order-items', async () => []);"))).toEqual([]);
    expect(where(await findingsOf(rule, nest('user_profiles', ['@Get() all() { return []; }'])))).toEqual(['src/items.controller.ts:2']);
  });
});
