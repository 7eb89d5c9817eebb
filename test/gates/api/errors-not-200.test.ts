import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/errors-not-200.js';
import { findingsOf, where } from '../../helpers/gates.js';
import { express, fastify, nest } from './code-projects.js';

describe('api/errors-not-200', () => {
  it('flags error bodies sent without a status or with 200 (Express)', async () => {
    const findings = await findingsOf(
      rule,
      express(
        'app.use((err, req, res, next) => { res.json({ error: err.message }); });',
        "app.get('/api/v1/users/:id', async (req, res) => {",
        '  const user = await find(req.params.id);',
        "  if (!user) return res.send({ success: false, message: 'no such user' });",
        '  res.json(user);',
        '});',
        "app.post('/api/v1/users', (req, res) => { res.status(200).json({ error: 'Email taken' }); });",
        "app.get('/api/v1/jobs/:id', async (req, res) => { try { res.json(await job(req.params.id)); } catch (e) { res.json({ error: e }); } });",
      ),
    );
    expect(where(findings)).toEqual(['src/app.ts:3', 'src/app.ts:6', 'src/app.ts:9', 'src/app.ts:10']);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[1]?.message).toBe('res.send({…}) answers 200 with an error body (success: false)');
    expect(findings[2]?.message).toContain('with status 200');
  });

  it('passes error bodies with an error status, set in the chain or before, and bodies that only may hold an error', async () => {
    const files = express(
      "app.get('/api/v1/users/:id', (req, res) => { res.status(404).json({ error: 'Not found' }); });",
      "app.get('/api/v1/orders/:id', (req, res) => { res.status(400); res.json({ error: 'Bad id' }); });",
      "app.get('/health', (req, res) => { res.json({ status: 'ok', error: null }); });",
      "app.get('/api/v1/jobs/:id', async (req, res) => { const job = await load(req.params.id); res.json({ id: job.id, status: job.status, error: job.error }); });",
      'app.use((err, req, res, next) => { res.status(err.status ?? 500).json({ error: err.message }); });',
      "app.get('/api/v1/data', async (req, res) => { const { data, error } = await query(); res.json({ data, error }); });",
    );
    expect(await findingsOf(rule, files)).toEqual([]);
  });

  it('reads Fastify sends and returned objects', async () => {
    const findings = await findingsOf(
      rule,
      fastify(
        "app.get('/a/:id', async (request, reply) => { reply.send({ error: 'Not found' }); });",
        "app.get('/b/:id', async (request) => { return { success: false }; });",
        "app.get('/c/:id', async (request, reply) => { reply.code(404); return { error: 'Not found' }; });",
        "app.get('/d/:id', async (request, reply) => reply.code(404).send({ error: 'Not found' }));",
      ),
    );
    expect(where(findings)).toEqual(['src/server.ts:3', 'src/server.ts:4']);
  });

  it('reads Nest handlers that return an error instead of throwing it', async () => {
    const findings = await findingsOf(rule, nest('users', ["@Get(':id')", 'async one(@Param(\'id\') id: string) {', '  const user = await this.users.find(id);', "  if (!user) return { error: 'User not found' };", '  return user;', '}']));
    expect(where(findings)).toEqual(['src/items.controller.ts:7']);
    expect(findings[0]?.hint).toContain('NotFoundException');
    const throwing = nest('users', ["@Get(':id')", "async one(@Param('id') id: string) {", '  const user = await this.users.find(id);', "  if (!user) throw new NotFoundException('User not found');", '  return user;', '}']);
    expect(await findingsOf(rule, throwing)).toEqual([]);
  });

  it('reads Koa and Hono responses', async () => {
    const koa = {
      'src/app.ts': [
        "import Koa from 'koa';",
        'const app = new Koa();',
        "app.use(async (ctx) => { ctx.body = { error: 'Not found' }; });",
        "app.use(async (ctx) => { ctx.status = 404; ctx.body = { error: 'Not found' }; });",
      ].join('\n'),
    };
    expect(where(await findingsOf(rule, koa))).toEqual(['src/app.ts:3']);
    const hono = {
      'src/app.ts': [
        "import { Hono } from 'hono';",
        'const app = new Hono();',
        "app.get('/a', (c) => c.json({ error: 'Not found' }));",
        "app.get('/b', (c) => c.json({ error: 'Not found' }, 404));",
        'export default app;',
      ].join('\n'),
    };
    expect(where(await findingsOf(rule, hono))).toEqual(['src/app.ts:3']);
  });

  it('skips tests and fixtures, and is silenced by bo-ignore with a reason', async () => {
    const files = {
      'test/app.test.ts': "app.get('/x', (req, res) => res.json({ error: 'boom' }));\n",
      'fixtures/server.ts': "app.get('/x', (req, res) => res.json({ error: 'boom' }));\n",
      ...express('// bo-ignore api/errors-not-200: the legacy mobile client only reads 200 bodies', "app.get('/api/v1/legacy', (req, res) => res.json({ success: false }));"),
    };
    expect(await findingsOf(rule, files)).toEqual([]);
  });
});

