import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/security/authn-required.js';
import { isCredentialPath, matchesPattern } from '../../../src/gates/security/policy/public-endpoints.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';

const expressApp = (routes: string) => `import express from 'express';
import { authenticate, optionalAuth, requireRole } from './auth';
const app = express();
${routes}
export default app;
`;
const AUTH = `export const authenticate = (req, res, next) => next();
export const optionalAuth = (req, res, next) => next();
export const requireRole = (role) => (req, res, next) => next();
`;

describe('sec/authn-required', () => {
  it('flags a mutating Express route without auth and names its protected siblings', async () => {
    const findings = await findingsOf(rule, {
      'src/auth.ts': AUTH,
      'src/app.ts': expressApp(
        [
          "app.post('/v1/products', authenticate, requireRole('admin'), (req, res) => res.json({}));",
          "app.patch('/v1/products/:id', authenticate, (req, res) => res.json({}));",
          "app.patch('/v1/products/:id/stock', (req, res) => res.json({}));",
        ].join('\n'),
      ),
    });
    expect(where(findings)).toEqual(['src/app.ts:6']);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.message).toContain('PATCH /v1/products/{id}/stock');
    expect(findings[0]?.message).toContain('POST /v1/products and PATCH /v1/products/{id}');
    expect(findings[0]?.related?.map((r) => `${r.file}:${r.line}`)).toEqual(['src/app.ts:4', 'src/app.ts:5']);
    expect(findings[0]?.hint).toContain("authenticate, requireRole('admin')");
  });

  it('flags optional auth on a mutation as an error', async () => {
    const findings = await findingsOf(rule, { 'src/auth.ts': AUTH, 'src/app.ts': expressApp("app.delete('/v1/posts/:id', optionalAuth, (req, res) => res.end());") });
    expect(where(findings)).toEqual(['src/app.ts:4']);
    expect(findings[0]?.message).toContain('only optional authentication (optionalAuth)');
  });

  it('passes authenticated mutations, public reads, health checks and credential endpoints', async () => {
    const findings = await findingsOf(rule, {
      'src/auth.ts': AUTH,
      'src/app.ts': expressApp(
        [
          "app.get('/health', (req, res) => res.json({ ok: true }));",
          "app.get('/v1/products', (req, res) => res.json([]));",
          "app.get('/v1/products/:id', optionalAuth, (req, res) => res.json({}));",
          "app.post('/v1/products', authenticate, (req, res) => res.json({}));",
          "app.post('/v1/auth/register', (req, res) => res.json({}));",
          "app.post('/v1/auth/login', (req, res) => res.json({}));",
          "app.post('/v1/auth/refresh', (req, res) => res.json({}));",
          "app.post('/v1/users/password/forgot', (req, res) => res.json({}));",
          "app.get('/v1/auth/:provider/callback', (req, res) => res.json({}));",
        ].join('\n'),
      ),
    });
    expect(findings).toEqual([]);
  });

  it('warns on an unauthenticated read only when other reads of the same resource require auth', async () => {
    const findings = await findingsOf(rule, {
      'src/auth.ts': AUTH,
      'src/app.ts': expressApp(
        [
          "app.get('/v1/orders', authenticate, (req, res) => res.json([]));",
          "app.get('/v1/orders/:id', (req, res) => res.json({}));",
          "app.get('/v1/catalog', (req, res) => res.json([]));",
        ].join('\n'),
      ),
    });
    expect(where(findings)).toEqual(['src/app.ts:5']);
    expect(findings[0]?.severity).toBe('warning');
    expect(findings[0]?.message).toContain('GET /v1/orders');
  });

  it('honours publicEndpoints from the config', async () => {
    const files = { 'src/auth.ts': AUTH, 'src/app.ts': expressApp("app.post('/v1/contact', (req, res) => res.json({}));\napp.put('/v1/items/:itemId', (req, res) => res.json({}));") };
    expect(where(await findingsOf(rule, files))).toEqual(['src/app.ts:4', 'src/app.ts:5']);
    expect(await findingsOf(rule, files, { config: { publicEndpoints: ['POST /v1/contact', 'PUT /v1/items/{id}'] } })).toEqual([]);
    expect(where(await findingsOf(rule, files, { config: { publicEndpoints: ['/v1/**'] } }))).toEqual([]);
    expect(where(await findingsOf(rule, files, { config: { publicEndpoints: ['GET /v1/contact'] } }))).toEqual(['src/app.ts:4', 'src/app.ts:5']);
  });

  it('reads Fastify hooks', async () => {
    const server = (hook: string) => `import Fastify from 'fastify';
const app = Fastify();
app.post('/v1/notes', { ${hook} }, async (request) => ({ id: 1 }));
`;
    expect(where(await findingsOf(rule, { 'src/server.ts': server('schema: {}') }))).toEqual(['src/server.ts:3']);
    expect(await findingsOf(rule, { 'src/server.ts': server('onRequest: [app.authenticate]') })).toEqual([]);
  });

  it('reads Nest guards, controller-wide and per route', async () => {
    const controller = (guard: string) => `import { Controller, Get, Post, Delete, UseGuards } from '@nestjs/common';
import { JwtAuthGuard } from './jwt.guard';
@Controller('notes')
export class NotesController {
  @Get() list() { return []; }
  ${guard}
  @Delete(':id') remove() { return; }
}
`;
    const guardFile = "export class JwtAuthGuard { canActivate() { return true; } }";
    const findings = await findingsOf(rule, { 'src/notes.controller.ts': controller(''), 'src/jwt.guard.ts': guardFile });
    expect(where(findings)).toEqual(['src/notes.controller.ts:7']);
    expect(await findingsOf(rule, { 'src/notes.controller.ts': controller('@UseGuards(JwtAuthGuard)'), 'src/jwt.guard.ts': guardFile })).toEqual([]);
  });

  it('warns on a webhook that verifies no signature, and passes one that does', async () => {
    const hook = (body: string) => expressApp(`app.post('/v1/webhooks/stripe', (req, res) => { ${body} res.end(); });`);
    const unsigned = await findingsOf(rule, { 'src/auth.ts': AUTH, 'src/app.ts': hook('handle(req.body);') });
    expect(where(unsigned)).toEqual(['src/app.ts:4']);
    expect(unsigned[0]?.severity).toBe('warning');
    const signed = hook("const event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], secret); handle(event);");
    expect(await findingsOf(rule, { 'src/auth.ts': AUTH, 'src/app.ts': signed })).toEqual([]);
  });

  it('says so (info) when a mutation\'s middleware cannot be resolved', async () => {
    const findings = await findingsOf(rule, { 'src/auth.ts': AUTH, 'src/app.ts': expressApp("app.post('/v1/notes', process.env.AUTH ? authenticate : optionalAuth, (req, res) => res.json({}));") });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.severity}`)).toEqual(['src/app.ts:4 info']);
    expect(findings[0]?.message).toContain('could not tell whether POST /v1/notes authenticates');
  });

  it('is not applicable without endpoints', async () => {
    const run = runRule(rule, await projectContext({ 'src/util.ts': 'export const x = 1;' }));
    expect(run.items.find((i) => i.id === 'security.authentication-required')?.status).toBe('not-applicable');
  });
});

describe('publicEndpoints patterns', () => {
  it('matches method and path, with optional method, params by any name and wildcards', () => {
    expect(matchesPattern('POST /api/v1/auth/login', 'POST', '/api/v1/auth/login')).toBe(true);
    expect(matchesPattern('POST /api/v1/auth/login', 'GET', '/api/v1/auth/login')).toBe(false);
    expect(matchesPattern('post /api/v1/auth/login/', 'POST', '/api/v1/auth/login')).toBe(true);
    expect(matchesPattern('/health', 'GET', '/health')).toBe(true);
    expect(matchesPattern('/health', 'GET', '/api/health')).toBe(false);
    expect(matchesPattern('* /health', 'HEAD', '/health')).toBe(true);
    expect(matchesPattern('GET /products/:id', 'GET', '/products/{productId}')).toBe(true);
    expect(matchesPattern('GET /products/{id}', 'GET', '/products/{id}')).toBe(true);
    expect(matchesPattern('GET /products/{id}', 'GET', '/products/search')).toBe(false);
    expect(matchesPattern('GET /files/*', 'GET', '/files/a.txt')).toBe(true);
    expect(matchesPattern('GET /files/*', 'GET', '/files/a/b.txt')).toBe(false);
    expect(matchesPattern('GET /files/**', 'GET', '/files/a/b.txt')).toBe(true);
    expect(matchesPattern('GET /files/**', 'GET', '/files')).toBe(true);
    expect(matchesPattern('/v*/status', 'GET', '/v2/status')).toBe(true);
    expect(matchesPattern('/**/health', 'GET', '/api/v1/health')).toBe(true);
  });

  it('recognises credential endpoints by path, not actions on other resources', () => {
    for (const path of ['/api/v1/auth/login', '/users/register', '/auth/signup', '/oauth/token', '/auth/google/callback', '/api/auth/{provider}/callback', '/account/password/reset', '/auth/verify-email', '/sessions', '/webhooks/github', '/payments/stripe-webhook']) {
      expect(isCredentialPath(path), path).toBe(true);
    }
    for (const path of ['/events/{id}/register', '/orders/{id}/confirm', '/users/me/tokens', '/users/{id}', '/products/{id}/stock', '/users']) {
      expect(isCredentialPath(path), path).toBe(false);
    }
  });
});
