import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/delete-returns-204.js';
import { findingsOf, where } from '../../helpers/gates.js';
import { express, fastify, nest } from './code-projects.js';

describe('api/delete-returns-204', () => {
  it('flags a DELETE that answers 201, or 200 with nothing in it (Express)', async () => {
    const findings = await findingsOf(
      rule,
      express(
        "app.delete('/api/v1/users/:id', async (req, res) => { await remove(req.params.id); res.status(201).json({ deleted: true }); });",
        "app.delete('/api/v1/orders/:id', async (req, res) => { await remove(req.params.id); res.sendStatus(200); });",
        "app.delete('/api/v1/carts/:id', async (req, res) => { await remove(req.params.id); res.status(200).end(); });",
      ),
    );
    expect(where(findings)).toEqual(['src/app.ts:3', 'src/app.ts:4', 'src/app.ts:5']);
    expect(findings[0]?.message).toBe('DELETE /api/v1/users/{id} answers 201: a DELETE answers 204 (or 200 with a body)');
    expect(findings[1]?.message).toBe('DELETE /api/v1/orders/{id} answers 200 with an empty body: that is 204 No Content');
  });

  it('passes 204, 200 with a body and 202', async () => {
    const files = express(
      "app.delete('/api/v1/users/:id', async (req, res) => { await remove(req.params.id); res.status(204).end(); });",
      "app.delete('/api/v1/orders/:id', async (req, res) => { res.json(await remove(req.params.id)); });",
      "app.delete('/api/v1/carts/:id', async (req, res) => { queue(req.params.id); res.sendStatus(202); });",
    );
    expect(await findingsOf(rule, files)).toEqual([]);
  });

  it('reads Fastify replies', async () => {
    expect(where(await findingsOf(rule, fastify("app.delete('/users/:id', async (request, reply) => reply.code(200).send());")))).toEqual(['src/server.ts:3']);
    expect(await findingsOf(rule, fastify("app.delete('/users/:id', async (request, reply) => reply.code(204).send());"))).toEqual([]);
  });

  it('reads Nest: a handler that returns nothing answers an empty 200 unless @HttpCode(204)', async () => {
    const findings = await findingsOf(rule, nest('users', ["@Delete(':id')", "async remove(@Param('id') id: string) { await this.users.remove(id); }"]));
    expect(where(findings)).toEqual(['src/items.controller.ts:4']);
    expect(findings[0]?.hint).toContain('@HttpCode(204)');
    expect(await findingsOf(rule, nest('users', ["@Delete(':id')", '@HttpCode(HttpStatus.NO_CONTENT)', "async remove(@Param('id') id: string) { await this.users.remove(id); }"]))).toEqual([]);
    expect(await findingsOf(rule, nest('users', ["@Delete(':id')", "remove(@Param('id') id: string) { return this.users.remove(id); }"]))).toEqual([]);
  });
});
