import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/documented.js';
import type { CheckContext } from '../../../src/gates/types.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';

const statusOf = (context: CheckContext) => runRule(rule, context).items.flatMap((item) => item.rules).find((r) => r.id === rule.id);

/** A document with the given operations (`'get /v1/users'`), each with a 200 response. */
function spec(operations: string[], header = 'openapi: 3.0.3'): string {
  const paths = new Map<string, string[]>();
  for (const entry of operations) {
    const [method, path] = entry.split(' ') as [string, string];
    paths.set(path, [...(paths.get(path) ?? []), method]);
  }
  const body = [...paths].map(([path, methods]) => `  ${path}:\n${methods.map((m) => `    ${m}:\n      responses:\n        '200': { description: OK }\n`).join('')}`).join('');
  return `${header}\ninfo: { title: T, version: 1.0.0 }\npaths:\n${body}`;
}

describe('api/documented', () => {
  it('flags an Express route missing from the document, at its registration line', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': [
        "import express from 'express';",
        'const app = express();',
        "app.get('/health', (req, res) => res.json({ status: 'ok' }));",
        "app.get('/v1/users', (req, res) => res.json([]));",
        "app.get('/v1/users/:userId', (req, res) => res.json({}));",
        "app.delete('/v1/users/:id', (req, res) => res.sendStatus(204));",
      ].join('\n'),
      'openapi.yaml': spec(['get /v1/users', 'get /v1/users/{id}']),
    });
    // Parameter names may differ (that is api/spec-drift's); /health is operational.
    expect(where(findings)).toEqual(['src/app.ts:6']);
    expect(findings[0]).toMatchObject({ severity: 'error', subject: 'DELETE /v1/users/{id}', message: 'DELETE /v1/users/{id} is not in the OpenAPI document openapi.yaml' });
  });

  it('writes the path key relative to the server base path in the hint (OpenAPI 3.1)', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': "import express from 'express';\nconst app = express();\napp.get('/api/v1/users', (req, res) => res.json([]));\napp.get('/api/v1/orders', (req, res) => res.json([]));\n",
      'openapi.yaml': spec(['get /users'], 'openapi: 3.1.0\nservers: [{ url: "https://api.example.com/api/v1" }]'),
    });
    expect(where(findings)).toEqual(['src/app.ts:4']);
    expect(findings[0]?.hint).toContain('`/orders:`');
  });

  it('flags a Fastify route missing from a Swagger 2.0 JSON document', async () => {
    const swagger = { swagger: '2.0', info: { title: 'T', version: '1.0.0' }, basePath: '/v1', paths: { '/items': { get: { responses: { '200': { description: 'ok' } } } } } };
    const findings = await findingsOf(rule, {
      'src/server.ts': [
        "import Fastify from 'fastify';",
        'const app = Fastify();',
        "app.get('/v1/items', async () => []);",
        "app.post('/v1/items', async (request, reply) => reply.code(201).send({}));",
      ].join('\n'),
      'swagger.json': JSON.stringify(swagger, null, 2),
    });
    expect(where(findings)).toEqual(['src/server.ts:4']);
  });

  it('flags a NestJS handler missing from the document, and passes once it is there', async () => {
    const files = {
      'src/items.controller.ts': [
        "import { Controller, Get, Post } from '@nestjs/common';",
        "@Controller('v1/items')",
        'export class ItemsController {',
        '  @Get() list() { return []; }',
        '  @Post() create() { return {}; }',
        '}',
      ].join('\n'),
    };
    const findings = await findingsOf(rule, { ...files, 'openapi.yaml': spec(['get /v1/items']) });
    expect(where(findings)).toEqual(['src/items.controller.ts:5']);
    expect(await findingsOf(rule, { ...files, 'openapi.yaml': spec(['get /v1/items', 'post /v1/items']) })).toEqual([]);
  });

  it('reports a base path the document leaves out once, at servers:, and compares the endpoints without it', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': [
        "import express from 'express';",
        'const app = express();',
        'const router = express.Router();',
        "router.get('/v1/users', (req, res) => res.json([]));",
        "router.get('/v1/users/:id', (req, res) => res.json({}));",
        "router.get('/v1/orders', (req, res) => res.json([]));",
        "app.use('/api', router);",
      ].join('\n'),
      'openapi.yaml': spec(['get /v1/users', 'get /v1/users/{id}'], 'openapi: 3.0.3\nservers:\n  - url: https://shop.example.com'),
    });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      'openapi.yaml:2 the document describes the API without the /api base path the code serves it under (GET /api/v1/users is described as GET /v1/users)',
      'src/app.ts:6 GET /api/v1/orders is not in the OpenAPI document openapi.yaml',
    ]);
  });

  it('gives one warning, not one per endpoint, when the project has no OpenAPI document', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': "import express from 'express';\nconst app = express();\napp.get('/v1/a', (req, res) => res.json([]));\napp.get('/v1/b', (req, res) => res.json([]));\n",
    });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.message}`)).toEqual(['src/app.ts:2 warning the project has 2 endpoints in code and no OpenAPI document']);
  });

  it('is not applicable to a spec-only project or one with only a health probe', async () => {
    expect(statusOf(await projectContext({ 'openapi.yaml': spec(['get /v1/users']) }))?.status).toBe('not-applicable');
    const health = { 'src/app.ts': "import express from 'express';\nconst app = express();\napp.get('/healthz', (req, res) => res.send('ok'));\n" };
    expect(statusOf(await projectContext(health))?.status).toBe('not-applicable');
  });

  it('is silenced by bo-ignore on the route', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': "import express from 'express';\nconst app = express();\napp.get('/v1/users', (req, res) => res.json([]));\n// bo-ignore api/documented: internal, for the support team\napp.get('/v1/internal/jobs', (req, res) => res.json([]));\n",
      'openapi.yaml': spec(['get /v1/users']),
    });
    expect(findings).toEqual([]);
  });
});
