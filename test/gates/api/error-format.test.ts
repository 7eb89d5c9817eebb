import { describe, expect, it } from 'vitest';
import type { Node } from 'oxc-parser';
import rule from '../../../src/gates/api/error-format.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';
import { express, fastify, nest } from './code-projects.js';

describe('api/error-format', () => {
  it('flags stack traces (error) and raw error objects (warning) sent to clients (Express)', async () => {
    const findings = await findingsOf(
      rule,
      express(
        'app.use((err, req, res, next) => { res.status(500).json({ message: err.message, stack: err.stack }); });',
        "app.get('/api/v1/users', async (req, res) => { try { res.json(await list()); } catch (err) { res.status(500).send(err); } });",
        "app.get('/api/v1/debug', async (req, res) => { try { res.json(await list()); } catch (e) { res.status(500).send(e.stack); } });",
      ),
    );
    expect(findings.map((f) => `${f.severity} ${f.file}:${f.line}`)).toEqual(['error src/app.ts:3', 'warning src/app.ts:4', 'error src/app.ts:5']);
    expect(findings[0]?.hint).toContain('RFC 9457');
  });

  it('passes stack traces sent only in development, and fields named stack that are no error', async () => {
    const files = express(
      "app.use((err, req, res, next) => { res.status(500).json({ message: 'Internal error', stack: process.env.NODE_ENV === 'development' ? err.stack : undefined }); });",
      "app.get('/api/v1/crash', (req, res) => { if (process.env.NODE_ENV !== 'production') res.status(500).json({ stack: new Error('x').stack }); });",
      "app.get('/api/v1/projects/:id', async (req, res) => { const project = await find(req.params.id); res.json({ name: project.name, stack: project.stack }); });",
      'const errorHandler = (err, req, res, next) => {',
      '  const statusCode = res.statusCode === 200 ? 500 : res.statusCode;',
      '  res.status(statusCode);',
      "  res.json({ message: err.message, stack: process.env.NODE_ENV === 'production' ? null : err.stack });",
      '};',
      'app.use(errorHandler);',
    );
    expect(await findingsOf(rule, files)).toEqual([]);
  });

  it('flags error bodies outside the API\'s usual shape (warning), and passes one shape', async () => {
    const mixed = express(
      "app.get('/api/v1/users/:id', (req, res) => res.status(404).json({ error: 'User not found' }));",
      "app.get('/api/v1/orders/:id', (req, res) => res.status(404).json({ error: 'Order not found', code: 'NOT_FOUND' }));",
      "app.post('/api/v1/orders', (req, res) => res.status(400).json({ message: 'Invalid order' }));",
    );
    const findings = await findingsOf(rule, mixed);
    expect(findings.map((f) => `${f.severity} ${f.file}:${f.line}`)).toEqual(['warning src/app.ts:5']);
    expect(findings[0]?.message).toBe("this error body is {message, …}, but the API's errors are mostly {error, …} (2 places)");
    const one = express(
      "app.get('/api/v1/users/:id', (req, res) => res.status(404).json({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'User not found' }));",
      "app.post('/api/v1/orders', (req, res) => res.status(400).json({ type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Invalid order' }));",
    );
    expect(await findingsOf(rule, one)).toEqual([]);
  });

  it('reads Fastify error handlers, Nest exception filters and Koa bodies', async () => {
    expect(where(await findingsOf(rule, fastify('app.setErrorHandler((error, request, reply) => { reply.code(500).send({ error: error.message, stack: error.stack }); });')))).toEqual(['src/server.ts:3']);
    expect(await findingsOf(rule, fastify('app.setErrorHandler((error, request, reply) => { reply.send(error); });'))).toEqual([]);
    const filter = {
      'src/all.filter.ts': [
        "import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';",
        '@Catch()',
        'export class AllExceptionsFilter implements ExceptionFilter {',
        '  catch(exception: Error, host: ArgumentsHost) {',
        '    const response = host.switchToHttp().getResponse();',
        '    response.status(500).json({ statusCode: 500, message: exception.message, stack: exception.stack });',
        '  }',
        '}',
      ].join('\n'),
      ...nest('items', ['@Get() list() { return []; }']),
    };
    expect(where(await findingsOf(rule, filter))).toEqual(['src/all.filter.ts:6']);
    const koa = { 'src/app.ts': "import Koa from 'koa';\nconst app = new Koa();\napp.use(async (ctx, next) => { try { await next(); } catch (err) { ctx.status = 500; ctx.body = { error: err.message, stack: err.stack }; } });\n" };
    expect(where(await findingsOf(rule, koa))).toEqual(['src/app.ts:3']);
  });

  it('records a file its walk cannot read as an internal error and goes on with the others', async () => {
    const context = await projectContext({
      ...express('app.use((err, req, res, next) => { res.status(500).json({ stack: err.stack }); });'),
      'src/odd.ts': "export const send = (res) => res.json({ ok: true });\n",
    });
    const odd = context.modules.find((m) => m.file.path === 'src/odd.ts');
    // A call without a callee: no parser makes one, but a rule must survive any shape it is handed.
    (odd?.program.body as unknown as Node[]).push({ type: 'ExpressionStatement', expression: { type: 'CallExpression', arguments: [], start: 0, end: 0 } } as unknown as Node);
    const run = runRule(rule, context);
    expect(run.internalErrors.map((e) => `${e.rule} ${e.file}`)).toEqual(['api/error-format src/odd.ts']);
    expect(where(run.findings.filter((f) => f.rule === rule.id))).toEqual(['src/app.ts:3']);
  });
});
