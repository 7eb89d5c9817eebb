import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/cors.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';

const expressApp = (...lines: string[]) => ({
  'src/app.ts': ["import express from 'express';", "import cors from 'cors';", 'const app = express();', ...lines, 'export default app;', ''].join('\n'),
});

describe('api/cors', () => {
  it('flags any or reflected origins with credentials in the cors middleware (Express)', async () => {
    const findings = await findingsOf(
      rule,
      expressApp(
        'app.use(cors({ origin: true, credentials: true }));',
        "const corsOptions = { origin: '*', credentials: true };",
        'app.use(cors(corsOptions));',
        'app.use(cors({ credentials: true }));',
        'app.use(cors({ origin: (origin, callback) => callback(null, true), credentials: true }));',
        'app.use(cors({ origin: /.*/, credentials: true }));',
      ),
    );
    expect(where(findings)).toEqual(['src/app.ts:4', 'src/app.ts:5', 'src/app.ts:7', 'src/app.ts:8', 'src/app.ts:9']);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.message).toBe("CORS reflects any request origin (origin: true, a match-all pattern or an accept-all function) together with credentials (cors(…) from 'cors')");
    expect(findings[1]?.message).toContain("allows any origin ('*')");
  });

  it('passes named origins, an allowlist function, origins from config, and public CORS without credentials', async () => {
    const files = expressApp(
      "app.use(cors({ origin: ['https://app.example.com'], credentials: true }));",
      "const allowed = ['https://app.example.com'];",
      'app.use(cors({ origin: (origin, cb) => cb(null, allowed.includes(origin)), credentials: true }));',
      'app.use(cors({ origin: process.env.CORS_ORIGIN, credentials: true }));',
      'app.use(cors());',
      "app.use(cors({ origin: '*' }));",
    );
    expect(await findingsOf(rule, files)).toEqual([]);
  });

  it('reads hand-written headers: wildcard or reflected origin with credentials, unless an allowlist check guards it', async () => {
    const files = {
      'src/cors.ts': [
        'export function wildcard(req, res, next) {',
        "  res.setHeader('Access-Control-Allow-Origin', '*');",
        "  res.setHeader('Access-Control-Allow-Credentials', 'true');",
        '  next();',
        '}',
        'export function reflect(req, res, next) {',
        "  res.header({ 'Access-Control-Allow-Origin': req.headers.origin, 'Access-Control-Allow-Credentials': true });",
        '  next();',
        '}',
        'export function checked(req, res, next) {',
        "  if (ALLOWED.includes(req.headers.origin)) res.setHeader('Access-Control-Allow-Origin', req.headers.origin);",
        "  res.setHeader('Access-Control-Allow-Credentials', 'true');",
        '  next();',
        '}',
      ].join('\n'),
    };
    expect(where(await findingsOf(rule, files))).toEqual(['src/cors.ts:2', 'src/cors.ts:7']);
  });

  it('reads @fastify/cors, Nest, Koa, Hono and require()', async () => {
    const fastifyApp = { 'src/server.ts': "import Fastify from 'fastify';\nimport cors from '@fastify/cors';\nconst app = Fastify();\napp.register(cors, { origin: true, credentials: true });\n" };
    expect(where(await findingsOf(rule, fastifyApp))).toEqual(['src/server.ts:4']);
    const nestMain = {
      'src/main.ts': [
        "import { NestFactory } from '@nestjs/core';",
        "import { AppModule } from './app.module';",
        'async function bootstrap() {',
        "  const app = await NestFactory.create(AppModule, { cors: { origin: true, credentials: true } });",
        "  app.enableCors({ origin: '*', credentials: true });",
        '  await app.listen(3000);',
        '}',
        'bootstrap();',
      ].join('\n'),
    };
    expect(where(await findingsOf(rule, nestMain))).toEqual(['src/main.ts:4', 'src/main.ts:5']);
    const nestSafe = { 'src/main.ts': "import { NestFactory } from '@nestjs/core';\nconst app = await NestFactory.create(AppModule);\napp.enableCors({ origin: ['https://app.example.com'], credentials: true });\n" };
    expect(await findingsOf(rule, nestSafe)).toEqual([]);
    const koa = { 'src/app.ts': "import Koa from 'koa';\nimport cors from '@koa/cors';\nconst app = new Koa();\napp.use(cors({ credentials: true }));\n" };
    expect(where(await findingsOf(rule, koa))).toEqual(['src/app.ts:4']);
    const hono = { 'src/app.ts': "import { Hono } from 'hono';\nimport { cors } from 'hono/cors';\nconst app = new Hono();\napp.use('*', cors({ origin: '*', credentials: true }));\nexport default app;\n" };
    expect(where(await findingsOf(rule, hono))).toEqual(['src/app.ts:4']);
    const cjs = { 'app.js': "const express = require('express');\nconst cors = require('cors');\nconst app = express();\napp.use(cors({ origin: true, credentials: true }));\n" };
    expect(where(await findingsOf(rule, cjs))).toEqual(['app.js:4']);
  });

  it('is not applicable when the code configures no CORS, and skips tests', async () => {
    const files = { 'src/app.ts': "import express from 'express';\nconst app = express();\n", 'test/app.test.ts': "import cors from 'cors';\napp.use(cors({ origin: true, credentials: true }));\n" };
    const run = runRule(rule, await projectContext(files));
    expect(run.findings).toEqual([]);
    expect(run.items.flatMap((i) => i.rules).find((r) => r.id === rule.id)?.status).toBe('not-applicable');
  });
});
