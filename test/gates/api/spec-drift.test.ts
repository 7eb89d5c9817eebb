import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/spec-drift.js';
import type { CheckContext } from '../../../src/gates/types.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';

const statusOf = (context: CheckContext) => runRule(rule, context).items.flatMap((item) => item.rules).find((r) => r.id === rule.id);

const oas = (paths: string, version = '3.0.3') => `openapi: ${version}
info: { title: T, version: 1.0.0 }
security: [{ bearerAuth: [] }]
paths:
${paths}components:
  securitySchemes:
    bearerAuth: { type: http, scheme: bearer }
`;

describe('api/spec-drift', () => {
  it('flags a documented operation no code implements (Express), at the operation', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': "import express from 'express';\nconst app = express();\napp.get('/v1/users', (req, res) => res.json([]));\n",
      'openapi.yaml': oas(`  /v1/users:
    get:
      responses: { '200': { description: OK } }
  /v1/users/{id}:
    delete:
      responses: { '204': { description: Deleted } }
`),
    });
    expect(where(findings)).toEqual(['openapi.yaml:9']);
    expect(findings[0]).toMatchObject({ severity: 'warning', message: 'DELETE /v1/users/{id} is in openapi.yaml but no endpoint in code implements it' });
  });

  it('flags query parameters the Express code reads and the document does not declare', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': "import express from 'express';\nconst app = express();\napp.get('/v1/users', (req, res) => {\n  const { limit, sort } = req.query;\n  res.json({ limit, sort });\n});\n",
      'openapi.yaml': oas(`  /v1/users:
    get:
      parameters:
        - { name: limit, in: query, schema: { type: integer } }
      responses: { '200': { description: OK } }
`),
    });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual(['openapi.yaml:6 the code of GET /v1/users reads query parameter sort that GET /v1/users does not declare']);
    expect(findings[0]?.related).toEqual([{ file: 'src/app.ts', line: 3, message: 'GET /v1/users in code' }]);
  });

  it('flags path parameter names and body fields that differ (Fastify, OpenAPI 3.1)', async () => {
    const findings = await findingsOf(rule, {
      'src/server.ts': [
        "import Fastify from 'fastify';",
        'const app = Fastify();',
        "app.patch('/v1/items/:itemId', { schema: { body: { type: 'object', properties: { name: { type: 'string' }, price: { type: 'number' } } } } }, async (request) => request.body);",
      ].join('\n'),
      'openapi.yaml': oas(`  /v1/items/{id}:
    patch:
      security: []
      requestBody:
        content:
          application/json:
            schema: { type: object, properties: { name: { type: string } } }
      responses: { '200': { description: OK } }
`, '3.1.0'),
    });
    expect(findings.map((f) => `${f.line} ${f.message}`)).toEqual([
      '6 PATCH /v1/items/{id} names its path parameter {id} where the code uses :itemId',
      '6 the code of PATCH /v1/items/{itemId} reads body field price that the request body schema of PATCH /v1/items/{id} does not list',
    ]);
  });

  it('flags a NestJS route the document calls public while a guard requires authentication', async () => {
    const findings = await findingsOf(rule, {
      'src/orders.controller.ts': [
        "import { Controller, Get, UseGuards } from '@nestjs/common';",
        "import { AuthGuard } from '@nestjs/passport';",
        "@Controller('v1/orders')",
        'export class OrdersController {',
        "  @UseGuards(AuthGuard('jwt')) @Get() list() { return []; }",
        '}',
      ].join('\n'),
      'openapi.yaml': oas(`  /v1/orders:
    get:
      security: []
      responses: { '200': { description: OK } }
`),
    });
    expect(findings.map((f) => `${f.line} ${f.message}`)).toEqual(["6 GET /v1/orders is public (`security: []`) in the document but the code requires authentication (AuthGuard('jwt'))"]);
  });

  it('leaves code without auth where the document requires it to sec/authn-required', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': "import express from 'express';\nconst app = express();\napp.patch('/v1/stock/:id', (req, res) => res.json({}));\n",
      'openapi.yaml': oas(`  /v1/stock/{id}:
    patch:
      responses: { '200': { description: OK } }
`),
    });
    expect(findings).toEqual([]);
  });

  it('reads a Swagger 2.0 JSON document: an operation with no code, a body the code reads and the document lacks', async () => {
    const swagger = {
      swagger: '2.0',
      info: { title: 'T', version: '1.0.0' },
      basePath: '/v1',
      paths: {
        '/pets': { post: { responses: { '201': { description: 'ok' } } } },
        '/pets/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }], responses: { '200': { description: 'ok' } } } },
      },
    };
    const findings = await findingsOf(rule, {
      'src/app.ts': "import express from 'express';\nconst app = express();\napp.post('/v1/pets', (req, res) => {\n  const { name } = req.body;\n  res.status(201).json({ name });\n});\n",
      'swagger.json': JSON.stringify(swagger, null, 2),
    });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      'swagger.json:10 the code of POST /v1/pets reads a request body (name) that POST /v1/pets does not describe',
      'swagger.json:19 GET /v1/pets/{id} is in swagger.json but no endpoint in code implements it',
    ]);
  });

  it('compares across a base path the whole document leaves out (reported by api/documented)', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': "import express from 'express';\nconst app = express();\nconst router = express.Router();\nrouter.get('/v1/users', (req, res) => res.json([]));\nrouter.get('/v1/users/:id', (req, res) => res.json({}));\napp.use('/api', router);\n",
      'openapi.yaml': oas(`  /v1/users:
    get:
      responses: { '200': { description: OK } }
  /v1/users/{userId}:
    get:
      responses: { '200': { description: OK } }
  /v1/orders:
    get:
      responses: { '200': { description: OK } }
`),
    });
    expect(findings.map((f) => `${f.line} ${f.message}`)).toEqual([
      '9 GET /v1/users/{userId} names its path parameter {userId} where the code uses :id',
      '12 GET /v1/orders is in openapi.yaml but no endpoint in code implements it',
    ]);
  });

  it('is not applicable without code endpoints or without a document', async () => {
    expect(statusOf(await projectContext({ 'openapi.yaml': oas("  /v1/a:\n    get:\n      responses: { '200': { description: OK } }\n") }))?.status).toBe('not-applicable');
    expect(statusOf(await projectContext({ 'src/app.ts': "import express from 'express';\nexpress().get('/v1/a', (req, res) => res.json(1));\n" }))?.status).toBe('not-applicable');
  });
});
