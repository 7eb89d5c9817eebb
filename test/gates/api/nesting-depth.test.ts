import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/nesting-depth.js';
import { nestingDepth, resourceSegments } from '../../../src/gates/api/support/paths.js';
import { findingsOf, where } from '../../helpers/gates.js';
import { express, fastify, nest } from './code-projects.js';

const depth = (path: string) => nestingDepth(resourceSegments(path));

describe('api/nesting-depth', () => {
  it('counts resource levels, not the base path, and a compound key as one level', () => {
    expect(depth('/api/v1/users')).toBe(1);
    expect(depth('/api/v1/users/{id}')).toBe(1);
    expect(depth('/api/v1/users/{id}/orders')).toBe(2);
    expect(depth('/users/{id}/orders/{orderId}/items/{itemId}')).toBe(3);
    expect(depth('/users/{id}/orders/{orderId}/items/{itemId}/notes')).toBe(4);
    expect(depth('/repos/{owner}/{repo}/issues/{number}/comments')).toBe(3);
    expect(depth('/admin/reports/sales/monthly')).toBe(1);
  });

  it('flags paths nested deeper than three levels (Express, Fastify, Nest)', async () => {
    const route = '/users/:userId/orders/:orderId/items/:itemId/notes';
    const expressFindings = await findingsOf(rule, express(`app.get('${route}', (req, res) => res.json([]));`));
    expect(where(expressFindings)).toEqual(['src/app.ts:3']);
    expect(expressFindings[0]?.message).toContain('4 levels');
    expect(where(await findingsOf(rule, fastify(`app.get('${route}', async () => []);`)))).toEqual(['src/server.ts:3']);
    expect(where(await findingsOf(rule, nest('users/:userId/orders/:orderId', ["@Get('items/:itemId/notes') notes() { return []; }"])))).toEqual(['src/items.controller.ts:4']);
  });

  it('passes three levels and less', async () => {
    expect(await findingsOf(rule, express("app.get('/api/v1/users/:userId/orders/:orderId/items', (req, res) => res.json([]));"))).toEqual([]);
    expect(await findingsOf(rule, nest('users', ["@Get(':id/orders') orders() { return []; }"]))).toEqual([]);
  });
});
