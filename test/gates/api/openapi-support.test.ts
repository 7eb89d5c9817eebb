/** The support code of the OpenAPI rules: raw operations joined to the scanner's, and the small predicates. */
import { describe, expect, it } from 'vitest';
import { appEntry } from '../../../src/gates/api/openapi/app-entry.js';
import { isInfrastructure, pathKeyFor } from '../../../src/gates/api/openapi/code.js';
import { codeEndpoints } from '../../../src/gates/support/endpoints.js';
import { matching, operationFor } from '../../../src/gates/api/openapi/matching.js';
import { specDocument } from '../../../src/gates/api/openapi/document.js';
import { codesText, expectedErrors } from '../../../src/gates/api/openapi/expected-errors.js';
import { declares, isSuccessCode } from '../../../src/gates/api/openapi/statuses.js';
import { hasPathVersion, isSemver } from '../../../src/gates/api/openapi/version-scheme.js';
import type { SpecOperation } from '../../../src/scan/openapi/types.js';
import { projectContext } from '../../helpers/gates.js';

describe('raw operations', () => {
  it('join every operation of a split 3.x document to the normalised one, with server prefixes and the file that holds it', async () => {
    const context = await projectContext({
      'openapi.yaml': [
        'openapi: 3.1.0',
        'info: { title: T, version: 1.0.0 }',
        "servers: [{ url: 'https://api.example.com/api/v1' }]",
        'paths:',
        '  /users:',
        '    get:',
        '      responses: { "200": { description: OK } }',
        '  /files:',
        '    servers: [{ url: /uploads }]',
        '    post:',
        '      responses: { "201": { description: Stored } }',
        '  /orders:',
        "    $ref: './paths/orders.yaml'",
      ].join('\n'),
      'paths/orders.yaml': 'get:\n  summary: List orders\n  responses: { "200": { description: OK } }\n',
    });
    const spec = specDocument(context);
    expect(spec?.operations.map((raw) => `${raw.op.id} ${raw.template} ${raw.file}:${raw.line} ${raw.value ? 'read' : 'unread'}`)).toEqual([
      'GET /api/v1/users /users openapi.yaml:6 read',
      'POST /uploads/files /files openapi.yaml:10 read',
      'GET /api/v1/orders /orders paths/orders.yaml:1 read',
    ]);
    expect(spec?.operations[2]?.doc.rel).toBe('paths/orders.yaml');
  });

  it('keep an operation whose $ref cannot be read, without its object', async () => {
    const context = await projectContext({
      'openapi.yaml': "openapi: 3.0.3\ninfo: { title: T, version: 1.0.0 }\npaths:\n  /v1/a:\n    get:\n      $ref: './missing.yaml#/op'\n",
    });
    expect(specDocument(context)?.operations.map((raw) => [raw.op.id, raw.value])).toEqual([['GET /v1/a', undefined]]);
  });

  it('match code endpoints by method and path whatever the parameter names, and give path keys relative to the base path', async () => {
    const context = await projectContext({
      'src/app.ts': "import express from 'express';\nconst app = express();\napp.get('/api/v1/users/:userId', (req, res) => res.json({}));\n",
      'openapi.yaml': "openapi: 3.0.3\ninfo: { title: T, version: 1.0.0 }\nservers: [{ url: /api/v1 }]\npaths:\n  /users/{id}:\n    get:\n      responses: { '200': { description: OK } }\n",
    });
    const [code] = codeEndpoints(context);
    expect(code?.endpoint.id).toBe('GET /api/v1/users/{userId}');
    expect(operationFor(context, 'GET', '/api/v1/users/{userId}')?.op.id).toBe('GET /api/v1/users/{id}');
    expect(matching(context).shift).toBeUndefined();
    expect(pathKeyFor(context, '/api/v1/admin/stats')).toBe('/admin/stats');
    expect(appEntry(context, codeEndpoints(context))).toEqual({ file: 'src/app.ts', line: 2, column: 13 });
  });
});

describe('predicates', () => {
  it('tell versioned paths', () => {
    expect(['/api/v1/users', '/v2', '/v1beta/x', '/api/1.0/x', '/2/tweets', '/2024-01-15/charges'].filter(hasPathVersion)).toHaveLength(6);
    expect(['/users', '/api/users/{id}', '/video/x', '/api/vip', '/a/b/3'].some(hasPathVersion)).toBe(false);
  });

  it('tell semantic versions', () => {
    expect(['1.0.0', '0.1.2-beta.1', '2.0.0+build.5'].every(isSemver)).toBe(true);
    expect(['1.0', 'v1.0.0', '2020-08-27', '01.0.0'].some(isSemver)).toBe(false);
  });

  it('tell infrastructure paths from API paths', () => {
    const infrastructure = ['/', '/health', '/metrics', '/api-docs', '/docs/swagger.json', '/api/docs', '/openapi.json', '/.well-known/jwks.json', '/api/health', '/api/_admin/healthz', '/robots.txt'];
    expect(infrastructure.filter((p) => !isInfrastructure(p))).toEqual([]);
    expect(['/api/v1/docs', '/v1/documents', '/v1/users', '/api/v1/orders/{id}/status', '/v1/pings/{id}', '/v1/files/{name}.png'].filter(isInfrastructure)).toEqual([]);
  });

  it('read status codes and the errors an operation should declare', () => {
    expect(['200', '2XX', '302', '101'].every(isSuccessCode)).toBe(true);
    expect(['400', 'default', '5XX'].some(isSuccessCode)).toBe(false);
    expect(declares(['200', '4XX'], '404')).toBe(true);
    expect(declares(['200', 'default'], '401')).toBe(true);
    expect(declares(['200', '5XX'], '404')).toBe(false);
    const op: SpecOperation = {
      id: 'PATCH /v1/users/{id}',
      method: 'PATCH',
      path: '/v1/users/{id}',
      security: 'required',
      securitySchemes: ['bearer'],
      parameters: [{ name: 'id', in: 'path', required: true }],
      requestBody: true,
      responses: ['200'],
    };
    expect(expectedErrors(op).map(codesText)).toEqual(['401', '404', '400 or 422']);
  });
});
