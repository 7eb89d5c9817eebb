import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/rate-limit.js';
import type { CheckContext } from '../../../src/gates/types.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';

const statusOf = (context: CheckContext) => runRule(rule, context).items.flatMap((item) => item.rules).find((r) => r.id === rule.id);

const express = (lines: string[]) => ["import express from 'express';", "import { rateLimit } from 'express-rate-limit';", 'const app = express();', ...lines, 'export default app;'].join('\n');
const limiter = 'app.use(rateLimit({ windowMs: 60_000, limit: 100 }));';

/** A document with the given `method /path` operations; `with429` lists those that declare 429. */
function spec(operations: string[], with429: string[] = []): string {
  const body = operations
    .map((op) => {
      const [method, path] = op.split(' ') as [string, string];
      return `  ${path}:\n    ${method}:\n      responses:\n        '200': { description: OK }\n${with429.includes(op) ? "        '429': { description: Slow down. }\n" : ''}`;
    })
    .join('');
  return `openapi: 3.0.3\ninfo: { title: T, version: 1.0.0 }\npaths:\n${body}`;
}

describe('api/rate-limit: the code', () => {
  it('reports an Express app with no limiter once, at the line that creates it', async () => {
    const findings = await findingsOf(rule, { 'src/app.ts': express(["app.get('/v1/users', (req, res) => res.json([]));", "app.post('/v1/users', (req, res) => res.status(201).json({}));"]) });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.message}`)).toEqual(['src/app.ts:3 error no rate limiter covers any of the 2 endpoints']);
  });

  it('reports each Express route registered before the app-level limiter, /health exempt', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': express([
        "app.get('/health', (req, res) => res.json({ status: 'ok' }));",
        "app.post('/v1/login', (req, res) => res.json({}));",
        limiter,
        "app.get('/v1/users', (req, res) => res.json([]));",
      ]),
    });
    expect(where(findings)).toEqual(['src/app.ts:5']);
    expect(findings[0]?.message).toBe('POST /v1/login is not behind a rate limiter, unlike the other endpoints');
  });

  it('reports once, at the app, when a limiter covers only a few routes (login)', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': express([
        "const loginLimiter = rateLimit({ windowMs: 60_000, limit: 5 });",
        "app.post('/v1/login', loginLimiter, (req, res) => res.json({}));",
        "app.get('/v1/users', (req, res) => res.json([]));",
        "app.post('/v1/users', (req, res) => res.status(201).json({}));",
        "app.get('/v1/orders', (req, res) => res.json([]));",
      ]),
    });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      'src/app.ts:3 only 1 of 4 endpoints are behind a rate limiter (POST /v1/login); the other 3 have none',
    ]);
  });

  it('passes Fastify with @fastify/rate-limit registered, and flags a route that opts out', async () => {
    const server = (route: string) =>
      ["import Fastify from 'fastify';", "import rateLimit from '@fastify/rate-limit';", 'const app = Fastify();', 'await app.register(rateLimit, { max: 100 });', "app.get('/v1/items', async () => []);", route].join('\n');
    expect(await findingsOf(rule, { 'src/server.ts': server("app.get('/v1/tags', async () => []);") })).toEqual([]);
    const findings = await findingsOf(rule, { 'src/server.ts': server("app.get('/v1/export', { config: { rateLimit: false } }, async () => []);") });
    expect(where(findings)).toEqual(['src/server.ts:6']);
  });

  it('passes NestJS with ThrottlerGuard as APP_GUARD, and reports it once at NestFactory.create without', async () => {
    const controller = "import { Controller, Get } from '@nestjs/common';\n@Controller('v1/items')\nexport class ItemsController {\n  @Get() list() { return []; }\n}\n";
    const main = "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\nbootstrap();\n";
    const guarded = [
      "import { Module } from '@nestjs/common';",
      "import { APP_GUARD } from '@nestjs/core';",
      "import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';",
      "import { ItemsController } from './items.controller';",
      '@Module({ imports: [ThrottlerModule.forRoot([{ ttl: 60000, limit: 10 }])], controllers: [ItemsController], providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }] })',
      'export class AppModule {}',
    ].join('\n');
    expect(await findingsOf(rule, { 'src/main.ts': main, 'src/app.module.ts': guarded, 'src/items.controller.ts': controller })).toEqual([]);
    const plain = "import { Module } from '@nestjs/common';\nimport { ItemsController } from './items.controller';\n@Module({ controllers: [ItemsController] })\nexport class AppModule {}\n";
    const findings = await findingsOf(rule, { 'src/main.ts': main, 'src/app.module.ts': plain, 'src/items.controller.ts': controller });
    expect(where(findings)).toEqual(['src/main.ts:4']);
  });

  it('is silenced at the app by a bo-ignore naming the gateway', async () => {
    const app = express(["app.get('/v1/users', (req, res) => res.json([]));"]).replace('const app = express();', '// bo-ignore api/rate-limit: limited by the API gateway\nconst app = express();');
    expect(await findingsOf(rule, { 'src/app.ts': app })).toEqual([]);
  });
});

describe('api/rate-limit: the document declares 429', () => {
  const limited = { 'src/app.ts': express([limiter, "app.get('/v1/users', (req, res) => res.json([]));", "app.get('/v1/orders', (req, res) => res.json([]));"]) };

  it('warns once, at paths:, when the code limits and no operation declares 429', async () => {
    const findings = await findingsOf(rule, { ...limited, 'openapi.yaml': spec(['get /v1/users', 'get /v1/orders']) });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.severity}`)).toEqual(['openapi.yaml:3 warning']);
  });

  it('warns per limited operation that leaves out the 429 its siblings declare', async () => {
    const findings = await findingsOf(rule, { ...limited, 'openapi.yaml': spec(['get /v1/users', 'get /v1/orders'], ['get /v1/users']) });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual(['openapi.yaml:10 GET /v1/orders does not declare the 429 response the other rate-limited operations declare']);
  });

  it('passes a document that describes rate limiting with a reusable 429 response', async () => {
    const document = `${spec(['get /v1/users', 'get /v1/orders'])}components:\n  responses:\n    TooManyRequests:\n      description: Rate limit exceeded.\n      headers:\n        Retry-After: { schema: { type: integer } }\n`;
    expect(await findingsOf(rule, { ...limited, 'openapi.yaml': document })).toEqual([]);
  });

  it('does not repeat the missing limiter as a missing 429', async () => {
    const findings = await findingsOf(rule, { 'src/app.ts': express(["app.get('/v1/users', (req, res) => res.json([]));"]), 'openapi.yaml': spec(['get /v1/users']) });
    expect(where(findings)).toEqual(['src/app.ts:3']);
  });

  it('checks only the document of a spec-only project (OpenAPI 3.1), and says the code part was skipped', async () => {
    const document = spec(['get /v1/users'], ['get /v1/users']).replace('openapi: 3.0.3', 'openapi: 3.1.0');
    expect(statusOf(await projectContext({ 'openapi.yaml': document }))).toMatchObject({ status: 'skipped' });
    const bare = await findingsOf(rule, { 'openapi.yaml': spec(['get /v1/users']) });
    expect(where(bare)).toEqual(['openapi.yaml:3']);
  });

  it('is not applicable with neither endpoints nor a document', async () => {
    expect(statusOf(await projectContext({ 'src/util.ts': 'export const x = 1;\n' }))?.status).toBe('not-applicable');
  });
});
