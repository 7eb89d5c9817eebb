import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/declared-responses.js';
import { createCheckContext } from '../../../src/gates/context.js';
import type { CheckContext } from '../../../src/gates/types.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';

const oas30 = (paths: string, extra = '') => `openapi: 3.0.3
info: { title: Users, version: 1.0.0 }
servers: [{ url: /api }]
security: [{ bearerAuth: [] }]
paths:
${paths}
components:
  securitySchemes:
    bearerAuth: { type: http, scheme: bearer }
${extra}`;

const secured404 = `  /v1/users/{id}:
    parameters:
      - { name: id, in: path, required: true, schema: { type: string } }
    get:
      operationId: getUser
      summary: One user
      responses:
        '200': { description: The user. }
    delete:
      operationId: deleteUser
      summary: Delete a user
      responses:
        '204': { description: Deleted. }
        '401': { description: No credentials. }
        '404': { description: No such user. }
`;

const statusOf = (context: CheckContext) => {
  const result = runRule(rule, context).items.flatMap((item) => item.rules).find((r) => r.id === rule.id);
  return { status: result?.status, reason: result?.reason };
};

describe('api/declared-responses', () => {
  it('flags a secured item operation without 401 and 404 (OpenAPI 3.0 YAML), at its method line', async () => {
    const findings = await findingsOf(rule, { 'openapi.yaml': oas30(secured404) });
    expect(where(findings)).toEqual(['openapi.yaml:9']);
    expect(findings[0]).toMatchObject({ severity: 'warning', subject: 'GET /api/v1/users/{id}' });
    expect(findings[0]?.message).toBe('GET /api/v1/users/{id} does not declare 401 (it requires credentials), 404 (it addresses one item)');
  });

  it('flags a body taken without 400/422, and a missing success response as an error', async () => {
    const findings = await findingsOf(rule, {
      'openapi.yaml': oas30(`  /v1/users:
    post:
      operationId: createUser
      summary: Create
      requestBody:
        content:
          application/json: { schema: { type: object } }
      responses:
        '401': { description: No credentials. }
    get:
      operationId: listUsers
      summary: List
      parameters:
        - { name: limit, in: query, schema: { type: integer } }
      responses:
        '200': { description: Users. }
        '401': { description: No credentials. }
        '422': { description: Bad limit. }
`),
    });
    expect(findings.map((f) => `${f.line} ${f.severity} ${f.message}`)).toEqual([
      '7 error POST /api/v1/users declares no success response (only 401)',
      '7 warning POST /api/v1/users does not declare 400 or 422 (it takes a request body)',
    ]);
  });

  it('passes when 4XX ranges or default responses cover the errors (OpenAPI 3.1 YAML)', async () => {
    const spec = `openapi: 3.1.0
info: { title: Users, version: 2.0.0 }
security: [{ apiKey: [] }]
paths:
  /v2/users/{id}:
    get:
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: expand, in: query, schema: { type: string } }
      responses:
        '2XX': { description: The user. }
        '4XX': { description: Client error. }
  /v2/users/{id}/avatar:
    put:
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      requestBody:
        content: { image/png: {} }
      responses:
        '200': { description: Stored. }
        default: { description: Any error. }
  /v2/ping:
    get:
      security: []
      responses:
        '200': { description: Pong. }
components:
  securitySchemes:
    apiKey: { type: apiKey, in: header, name: X-Key }
`;
    expect(await findingsOf(rule, { 'openapi.yaml': spec })).toEqual([]);
  });

  it('accepts 404 for a malformed path parameter when nothing else is taken, and redirects as success', async () => {
    const spec = oas30(`  /v1/users/{id}/avatar:
    get:
      security: []
      responses:
        '302': { description: To the image. }
        '404': { description: Unknown user. }
`);
    expect(await findingsOf(rule, { 'openapi.yaml': spec })).toEqual([]);
  });

  it('reports a code no operation declares once, at paths:, instead of once per operation', async () => {
    const ops = ['a', 'b', 'c'].map((name) => `  /v1/${name}:\n    get:\n      responses:\n        '200': { description: OK. }\n`).join('');
    const findings = await findingsOf(rule, { 'openapi.yaml': oas30(ops) });
    expect(where(findings)).toEqual(['openapi.yaml:5']);
    expect(findings[0]?.message).toBe('none of the 3 operations that need it declares 401 (each requires credentials)');
  });

  it('reads Swagger 2.0 JSON: body parameters need 400, only a default response is a warning', async () => {
    const swagger = {
      swagger: '2.0',
      info: { title: 'Pets', version: '1.0.0' },
      basePath: '/v1',
      paths: {
        '/pets': {
          post: { parameters: [{ name: 'pet', in: 'body', schema: { type: 'object' } }], responses: { '201': { description: 'Created' } } },
          get: { responses: { default: { description: 'Pets or an error' } } },
        },
      },
    };
    const findings = await findingsOf(rule, { 'swagger.json': JSON.stringify(swagger, null, 2) });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.message}`)).toEqual([
      'swagger.json:10 warning POST /v1/pets does not declare 400 or 422 (it takes a request body)',
      'swagger.json:26 warning GET /v1/pets declares no success response (only default)',
    ]);
  });

  it('is silenced by a bo-ignore comment in the YAML', async () => {
    const spec = oas30(secured404).replace('    get:\n      operationId: getUser', '    # bo-ignore api/declared-responses: the gateway answers 401 and 404\n    get:\n      operationId: getUser');
    expect(await findingsOf(rule, { 'openapi.yaml': spec })).toEqual([]);
  });

  it('is not applicable without an OpenAPI document, and skipped when the document cannot be read', async () => {
    const none = await projectContext({ 'src/app.ts': "import express from 'express';\nexpress().get('/v1/x', (req, res) => res.json(1));\n" });
    expect(statusOf(none)).toEqual({ status: 'not-applicable', reason: 'no OpenAPI document in the project' });
    const broken = await projectContext({ 'openapi.yaml': 'openapi: 3.0.3\npaths: [\n' });
    expect(statusOf(broken).status).toBe('skipped');
  });

  it('records an operation that breaks it as an internal error of its file and checks the others', async () => {
    const base = await projectContext({ 'openapi.yaml': oas30(secured404) });
    const openapi = base.openapi as NonNullable<CheckContext['openapi']>;
    const [first, ...rest] = openapi.summary.operations;
    // A getter that throws stands for any input shape the rule did not foresee.
    const odd = Object.defineProperty({ ...first }, 'responses', { get: () => { throw new Error('odd responses'); } });
    const context = createCheckContext({ ...base, openapi: { ...openapi, summary: { ...openapi.summary, operations: [odd as typeof first, ...rest] as typeof openapi.summary.operations } } });
    const run = runRule(rule, context);
    expect(run.internalErrors).toEqual([{ rule: 'api/declared-responses', file: 'openapi.yaml', message: 'odd responses' }]);
    expect(run.findings).toEqual([]);
  });
});
