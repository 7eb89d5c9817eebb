import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/versioning.js';
import type { CheckContext } from '../../../src/gates/types.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';

const statusOf = (context: CheckContext) => runRule(rule, context).items.flatMap((item) => item.rules).find((r) => r.id === rule.id);

const expressApp = (routes: string[]) => `import express from 'express';
const app = express();
app.get('/health', (req, res) => res.json({ status: 'ok' }));
${routes.join('\n')}
export default app;
`;

describe('api/versioning (path scheme, the default)', () => {
  it('warns about the unversioned endpoint among versioned ones (Express), at its line', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': expressApp([
        "app.get('/api/v1/users', (req, res) => res.json([]));",
        "app.post('/api/v1/users', (req, res) => res.status(201).json({}));",
        "app.get('/api/orders', (req, res) => res.json([]));",
      ]),
    });
    expect(where(findings)).toEqual(['src/app.ts:6']);
    expect(findings[0]).toMatchObject({ severity: 'warning', subject: 'GET /api/orders' });
  });

  it('reports an API with no version at all once, at the line that creates the app (Express)', async () => {
    const findings = await findingsOf(rule, {
      'src/routes.ts': "import { Router } from 'express';\nexport const router = Router();\nrouter.get('/users', (req, res) => res.json([]));\nrouter.get('/users/:id', (req, res) => res.json({}));\n",
      'src/app.ts': "import express from 'express';\nimport { router } from './routes';\n\nconst app = express();\napp.use('/api', router);\nexport default app;\n",
    });
    expect(where(findings)).toEqual(['src/app.ts:4']);
    expect(findings[0]?.message).toContain('none of the 2 endpoints (GET /api/users, GET /api/users/{id})');
  });

  it('passes a versioned prefix and exempts /health, docs pages and webhooks (Express)', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': expressApp([
        "const router = express.Router();",
        "router.get('/users', (req, res) => res.json([]));",
        "app.use('/api/v2', router);",
        "app.get('/api-docs', (req, res) => res.send('docs'));",
        "app.post('/webhooks/stripe', (req, res) => res.sendStatus(204));",
      ]),
    });
    expect(findings).toEqual([]);
  });

  it('passes Fastify routes registered under a /v1 prefix', async () => {
    const findings = await findingsOf(rule, {
      'src/server.ts': [
        "import Fastify from 'fastify';",
        "import { users } from './users';",
        'const app = Fastify();',
        "app.register(users, { prefix: '/v1' });",
      ].join('\n'),
      'src/users.ts': "import type { FastifyInstance } from 'fastify';\nexport async function users(app: FastifyInstance) {\n  app.get('/users', async () => []);\n}\n",
    });
    expect(findings).toEqual([]);
  });

  it('accepts NestJS header versioning the scanner reads, unless the config asks for path versions', async () => {
    const files = {
      'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { VersioningType } from '@nestjs/common';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.enableVersioning({ type: VersioningType.HEADER, header: 'X-API-Version' });\n}\n",
      'src/users.controller.ts': "import { Controller, Get } from '@nestjs/common';\n@Controller({ path: 'users', version: '1' })\nexport class UsersController {\n  @Get() list() { return []; }\n}\n",
    };
    expect(await findingsOf(rule, files)).toEqual([]);
    const strict = await findingsOf(rule, files, { config: { conventions: { versioning: 'path' } } });
    expect(where(strict)).toEqual(['src/main.ts:4']);
  });

  it('passes NestJS URI versioning', async () => {
    const findings = await findingsOf(rule, {
      'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { VersioningType } from '@nestjs/common';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });\n}\n",
      'src/users.controller.ts': "import { Controller, Get } from '@nestjs/common';\n@Controller('users')\nexport class UsersController {\n  @Get() list() { return []; }\n}\n",
    });
    expect(findings).toEqual([]);
  });
});

describe('api/versioning (other schemes)', () => {
  const plain = { 'src/app.ts': expressApp(["app.get('/users', (req, res) => res.json([]));"]) };

  it("with 'header', fails a project where nothing reads a version header, and passes one that does", async () => {
    const findings = await findingsOf(rule, plain, { config: { conventions: { versioning: 'header' } } });
    expect(where(findings)).toEqual(['src/app.ts:2']);
    expect(findings[0]?.message).toContain("conventions.versioning is 'header'");
    const reading = { 'src/app.ts': plain['src/app.ts'].replace('export default app;', "app.use((req, res, next) => { req.apiVersion = req.get('Accept-Version'); next(); });\nexport default app;") };
    expect(await findingsOf(rule, reading, { config: { conventions: { versioning: 'header' } } })).toEqual([]);
  });

  it("with 'media-type', passes a documented vendor media type", async () => {
    const spec = "openapi: 3.0.3\ninfo: { title: U, version: 1.0.0 }\npaths:\n  /users:\n    get:\n      responses:\n        '200':\n          description: Users.\n          content:\n            application/vnd.acme.v1+json: { schema: { type: array } }\n";
    expect(await findingsOf(rule, { ...plain, 'openapi.yaml': spec }, { config: { conventions: { versioning: 'media-type' } } })).toEqual([]);
    expect(where(await findingsOf(rule, plain, { config: { conventions: { versioning: 'media-type' } } }))).toEqual(['src/app.ts:2']);
  });

  it("with 'none', checks endpoints no further and is not applicable without a document", async () => {
    const context = await projectContext(plain, { config: { conventions: { versioning: 'none' } } });
    expect(statusOf(context)).toMatchObject({ status: 'not-applicable' });
  });
});

describe('api/versioning: info.version', () => {
  const oas = (version: string, openapi = '3.0.3') => `openapi: ${openapi}\ninfo:\n  title: Users\n  version: ${version}\npaths:\n  /v1/users:\n    get:\n      responses:\n        '200': { description: Users. }\n`;

  it('warns when info.version is not semantic (OpenAPI 3.0 YAML), at its line', async () => {
    const findings = await findingsOf(rule, { 'openapi.yaml': oas("'1.0'") });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.severity}`)).toEqual(['openapi.yaml:4 warning']);
    expect(findings[0]?.hint).toContain('"1.0.0"');
  });

  it('passes a semantic version, pre-releases included (OpenAPI 3.1 YAML)', async () => {
    expect(await findingsOf(rule, { 'openapi.yaml': oas('2.1.0-beta.1', '3.1.0') })).toEqual([]);
  });

  it('reads Swagger 2.0 JSON, base path included', async () => {
    const swagger = { swagger: '2.0', info: { title: 'Pets', version: 'v3' }, basePath: '/v3', paths: { '/pets': { get: { responses: { '200': { description: 'ok' } } } } } };
    const findings = await findingsOf(rule, { 'swagger.json': JSON.stringify(swagger, null, 2) });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual(['swagger.json:5 info.version "v3" of swagger.json is not a semantic version (MAJOR.MINOR.PATCH)']);
  });

  it('judges the paths of a spec-only project at the operation lines', async () => {
    const spec = "openapi: 3.0.3\ninfo: { title: U, version: 1.0.0 }\npaths:\n  /v1/users:\n    get:\n      responses:\n        '200': { description: Users. }\n  /orders:\n    get:\n      responses:\n        '200': { description: Orders. }\n";
    expect(where(await findingsOf(rule, { 'openapi.yaml': spec }))).toEqual(['openapi.yaml:9']);
  });
});
