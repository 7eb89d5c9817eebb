import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/property-casing.js';
import { findingsOf, where } from '../../helpers/gates.js';
import { express, fastify, nest } from './code-projects.js';

const zodRoutes = {
  'src/schemas.ts': ["import { z } from 'zod';", 'export const createUser = z.object({', '  firstName: z.string(),', '  last_name: z.string(),', '  email: z.string(),', '});', ''].join('\n'),
  'src/app.ts': [
    "import express from 'express';",
    "import { createUser } from './schemas.js';",
    "import { validate } from './validate.js';",
    'const app = express();',
    "app.post('/api/v1/users', validate({ body: createUser }), (req, res) => res.status(201).json(req.body));",
    "app.patch('/api/v1/users/:id', (req, res) => res.json({ displayName: req.body.displayName }));",
    'export default app;',
    '',
  ].join('\n'),
  'src/validate.ts': 'export const validate = (schemas) => (req, res, next) => next();\n',
};

const openapi30 = `openapi: 3.0.3
info: { title: Shop, version: 1.0.0 }
paths:
  /users:
    post:
      requestBody:
        content:
          application/json:
            schema: { $ref: '#/components/schemas/User' }
      responses:
        '201': { description: created }
components:
  schemas:
    User:
      type: object
      example: { first_name: Ann }
      properties:
        firstName: { type: string }
        created_at: { type: string }
        address:
          type: object
          properties:
            postalCode: { type: string }
            street_name: { type: string }
`;

describe('api/property-casing', () => {
  it('flags body properties that are not camelCase where they are declared (Express + zod)', async () => {
    const findings = await findingsOf(rule, zodRoutes);
    expect(where(findings)).toEqual(['src/schemas.ts:4']);
    expect(findings[0]?.message).toContain("'last_name'");
    expect(findings[0]?.hint).toContain("'lastName'");
  });

  it('follows conventions.properties', async () => {
    const findings = await findingsOf(rule, zodRoutes, { config: { conventions: { properties: 'snake_case' } } });
    expect(where(findings)).toEqual(['src/app.ts:6', 'src/schemas.ts:3']);
  });

  it('reads every schema property of an OpenAPI 3.0 document, not its examples', async () => {
    const findings = await findingsOf(rule, { 'openapi.yaml': openapi30 });
    expect(where(findings)).toEqual(['openapi.yaml:19', 'openapi.yaml:24']);
  });

  it('reads OpenAPI 3.1 JSON documents', async () => {
    const doc = { openapi: '3.1.0', info: { title: 'x', version: '1.0.0' }, paths: {}, components: { schemas: { Order: { type: 'object', properties: { orderId: { type: 'string' }, ShippedAt: { type: 'string' } } } } } };
    const findings = await findingsOf(rule, { 'openapi.json': JSON.stringify(doc, null, 2) });
    expect(findings.map((f) => f.message)).toEqual(["the property 'ShippedAt' is not camelCase: the API standard uses camelCase"]);
  });

  it('reads Fastify body schemas and Nest DTOs', async () => {
    const body = "{ schema: { body: { type: 'object', properties: { userName: { type: 'string' }, pass_word: { type: 'string' } } } } }";
    expect(where(await findingsOf(rule, fastify(`app.post('/users', ${body}, async (request, reply) => reply.code(201).send({}));`)))).toEqual(['src/server.ts:3']);
    const dto: Record<string, string> = {
      ...nest('users', ['@Post() create(@Body() dto: CreateUserDto) { return dto; }']),
      'src/create-user.dto.ts': "import { IsString } from 'class-validator';\nexport class CreateUserDto {\n  @IsString() firstName: string;\n  @IsString() last_name: string;\n}\n",
    };
    dto['src/items.controller.ts'] = `import { CreateUserDto } from './create-user.dto';\n${dto['src/items.controller.ts']}`;
    expect(where(await findingsOf(rule, dto))).toEqual(['src/create-user.dto.ts:4']);
  });

  it('passes one casing and ignores _id / $ref style names', async () => {
    const files = express("app.post('/api/v1/users', (req, res) => res.status(201).json({ a: req.body.firstName, b: req.body._id, c: req.body.email }));");
    expect(await findingsOf(rule, files)).toEqual([]);
  });

  it('points at the schema the route file imports, not at a column of the same name elsewhere', async () => {
    const files = {
      'src/a-db/user-row.ts': 'export interface UserRow {\n  last_name: string;\n}\n',
      'src/schemas/user.ts': "import { z } from 'zod';\nexport const createUser = z.object({\n  firstName: z.string(),\n  last_name: z.string(),\n});\n",
      'src/app.ts': "import express from 'express';\nimport { createUser } from './schemas/user.js';\nconst app = express();\napp.post('/users', (req, res) => res.status(201).json(save(createUser, req.body.firstName, req.body.last_name)));\n",
    };
    expect(where(await findingsOf(rule, files))).toEqual(['src/schemas/user.ts:4']);
  });
});
