import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/api/operation-docs.js';
import { findingsOf } from '../../helpers/gates.js';

const doc = (paths: string, version = '3.0.3') => `openapi: ${version}\ninfo: { title: T, version: 1.0.0 }\npaths:\n${paths}`;

const listUsers = `  /v1/users:
    get:
      operationId: listUsers
      summary: List users
      responses:
        '200':
          description: Users.
          content:
            application/json:
              schema: { type: array, items: { type: object } }
`;

const lines = (findings: { file: string; line: number; severity: string; message: string }[]) => findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.message}`);

describe('api/operation-docs', () => {
  it('passes a documented operation (OpenAPI 3.0 YAML), binary media types needing no schema', async () => {
    const avatar = `  /v1/users/{id}/avatar:
    put:
      operationId: putAvatar
      description: Replaces the avatar.
      requestBody:
        content:
          image/png: {}
      responses:
        '200':
          description: The image.
          content:
            application/octet-stream: {}
`;
    expect(await findingsOf(rule, { 'openapi.yaml': doc(listUsers + avatar) })).toEqual([]);
  });

  it('flags a missing summary and operationId, a body and a success response without schema, at their lines', async () => {
    const findings = await findingsOf(rule, {
      'openapi.yaml': doc(`${listUsers}    post:
      requestBody:
        content:
          application/json: {}
      responses:
        '201':
          description: Created.
          content:
            application/json:
              example: { id: 1 }
        '400':
          description: Bad input.
          content:
            application/json: {}
`),
    });
    expect(lines(findings)).toEqual([
      'openapi.yaml:14 warning POST /v1/users has no summary or description',
      'openapi.yaml:14 warning POST /v1/users has no operationId',
      'openapi.yaml:17 warning POST /v1/users: the request body (application/json) has no schema',
      'openapi.yaml:22 warning POST /v1/users: the response 201 (application/json) has no schema',
    ]);
  });

  it('reports a duplicate operationId as an error, with the first use related (OpenAPI 3.1 YAML)', async () => {
    const findings = await findingsOf(rule, {
      'openapi.yaml': doc(`${listUsers}  /v1/admins:
    get:
      operationId: listUsers
      summary: List admins
      responses:
        '204': { description: None. }
`, '3.1.0'),
    });
    expect(lines(findings)).toEqual(['openapi.yaml:15 error operationId "listUsers" of GET /v1/admins is already used by GET /v1/users']);
    expect(findings[0]?.related).toEqual([{ file: 'openapi.yaml', line: 5, message: 'GET /v1/users uses "listUsers" first' }]);
  });

  it('reports a document without any operationId once, at paths:', async () => {
    const ops = ['a', 'b', 'c'].map((n) => `  /v1/${n}:\n    get:\n      summary: Get ${n}\n      responses:\n        '200': { description: OK }\n`).join('');
    expect(lines(await findingsOf(rule, { 'openapi.yaml': doc(ops) }))).toEqual(['openapi.yaml:3 warning none of the 3 operations in openapi.yaml has an operationId']);
  });

  it('follows $refs to request bodies and responses, and points into the file that holds them', async () => {
    const findings = await findingsOf(rule, {
      'openapi.yaml': doc(`  /v1/users:
    post:
      operationId: createUser
      summary: Create
      requestBody: { $ref: '#/components/requestBodies/NewUser' }
      responses:
        '201': { $ref: './responses.yaml#/Created' }
components:
  requestBodies:
    NewUser:
      content:
        application/json: { schema: { type: object } }
`),
      'responses.yaml': "Created:\n  description: Created.\n  content:\n    application/json:\n      example: {}\n",
    });
    expect(lines(findings)).toEqual(['responses.yaml:4 warning POST /v1/users: the response 201 (application/json) has no schema']);
  });

  it('reads Swagger 2.0 JSON: a body parameter without schema', async () => {
    const swagger = {
      swagger: '2.0',
      info: { title: 'T', version: '1.0.0' },
      paths: { '/v1/pets': { post: { operationId: 'addPet', summary: 'Add a pet', parameters: [{ name: 'pet', in: 'body' }], responses: { '201': { description: 'ok' } } } } },
    };
    const findings = await findingsOf(rule, { 'swagger.json': JSON.stringify(swagger, null, 2) });
    expect(lines(findings)).toEqual(['swagger.json:12 warning POST /v1/pets: the body parameter "pet" has no schema']);
  });
});
