import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOpenApi, type SpecOperation } from '../../../src/scan/openapi/index.js';

const fixtures = fileURLToPath(new URL('../../fixtures/openapi/', import.meta.url));
const load = (file: string, root = fixtures) => loadOpenApi(path.join(fixtures, file), root);
const byId = (operations: readonly SpecOperation[]) => new Map(operations.map((op) => [op.id, op]));

describe('loadOpenApi: Swagger 2.0 (JSON, basePath)', async () => {
  const { document, problems } = await load('swagger2-basepath.json');
  const ops = byId(document?.operations ?? []);

  it('reads the document with the basePath in front of every path', () => {
    expect(problems).toEqual([]);
    expect(document).toMatchObject({ file: 'swagger2-basepath.json', version: '2.0', title: 'Library (Swagger 2.0)', apiVersion: '2.1.0' });
    expect([...ops.keys()]).toEqual(['GET /api/v2/books', 'POST /api/v2/books', 'GET /api/v2/books/{bookId}', 'PUT /api/v2/books/{bookId}']);
  });

  it('takes security from the operation, else the document', () => {
    expect(ops.get('GET /api/v2/books')).toMatchObject({ security: 'required', securitySchemes: ['apiKey'] });
    expect(ops.get('POST /api/v2/books')).toMatchObject({ security: 'required', securitySchemes: ['oauth'] });
    expect(ops.get('GET /api/v2/books/{bookId}')).toMatchObject({ security: 'none', securitySchemes: [] });
  });

  it('resolves $ref parameters, merges path-level ones and reads body and form fields', () => {
    expect(ops.get('GET /api/v2/books')?.parameters).toEqual([
      { name: 'limit', in: 'query', required: false },
      { name: 'q', in: 'query', required: false },
    ]);
    expect(ops.get('GET /api/v2/books/{bookId}')?.parameters).toEqual([{ name: 'bookId', in: 'path', required: true }]);
    expect(ops.get('POST /api/v2/books')).toMatchObject({ requestBody: true, bodyFields: ['title', 'author', 'isbn'] });
    expect(ops.get('PUT /api/v2/books/{bookId}')).toMatchObject({ requestBody: true, bodyFields: ['cover', 'caption'] });
    expect(ops.get('GET /api/v2/books')).toMatchObject({ requestBody: false });
  });

  it('keeps status codes as written and the line of each operation', () => {
    expect(ops.get('GET /api/v2/books')).toMatchObject({ responses: ['200', 'default'], line: 18, operationId: 'listBooks', tags: ['Books'] });
    expect(ops.get('PUT /api/v2/books/{bookId}')?.line).toBe(39);
  });
});

describe('loadOpenApi: OpenAPI 3.0 (YAML, servers, global security)', async () => {
  const { document, problems } = await load('v30-servers-security.yaml');
  const ops = byId(document?.operations ?? []);

  it('prefixes the first server URL path (variables at their defaults) and drops trailing slashes', () => {
    expect(problems).toEqual([]);
    expect(document).toMatchObject({ version: '3.0', title: 'Shop (OpenAPI 3.0)', apiVersion: '1.4.0' });
    expect([...ops.keys()]).toEqual([
      'GET /api/v1/users',
      'POST /api/v1/users',
      'GET /api/v1/users/{userId}',
      'GET /health',
      'GET /api/v1/admin/reports',
    ]);
  });

  it('ignores trace operations', () => {
    expect(document?.operations.some((op) => op.path === '/api/v1/users' && op.line === 44)).toBe(false);
  });

  it('reads security: global, `[]` none, `{}` among others optional, every scheme named', () => {
    expect(ops.get('GET /api/v1/users')).toMatchObject({ security: 'required', securitySchemes: ['bearer'] });
    expect(ops.get('GET /health')).toMatchObject({ security: 'none', securitySchemes: [] });
    expect(ops.get('GET /api/v1/users/{userId}')).toMatchObject({ security: 'optional', securitySchemes: ['bearer'] });
    expect(ops.get('GET /api/v1/admin/reports')).toMatchObject({ security: 'required', securitySchemes: ['bearer', 'apiKey', 'oauth'] });
  });

  it('merges path-level parameters once, resolves $ref request bodies, keeps every status code', () => {
    expect(ops.get('GET /api/v1/users')).toMatchObject({
      parameters: [
        { name: 'X-Tenant', in: 'header', required: true },
        { name: 'limit', in: 'query', required: false },
      ],
      responses: ['200', '2XX', 'default'],
      requestBody: false,
      line: 22,
    });
    expect(ops.get('POST /api/v1/users')).toMatchObject({ requestBody: true, bodyFields: ['email', 'name'], line: 38 });
    expect(ops.get('GET /api/v1/users/{userId}')).toMatchObject({
      parameters: [{ name: 'userId', in: 'path', required: true }],
      description: 'Returns one user.\nPublic profiles need no token.\n',
    });
  });
});

describe('loadOpenApi: OpenAPI 3.1', async () => {
  const { document, problems } = await load('v31.yaml');

  it('follows $refs to components.pathItems, uses a relative server URL, leaves webhooks out', () => {
    expect(problems).toEqual([]);
    expect(document?.version).toBe('3.1');
    expect(document?.operations.map((op) => [op.id, op.security, op.line])).toEqual([
      ['GET /v2/events', 'none', 41],
      ['POST /v2/events', 'unknown', 46],
      ['GET /v2/events/{eventId}', 'unknown', 12],
    ]);
    expect(document?.operations[1]).toMatchObject({ requestBody: true, bodyFields: ['id', 'kind'] });
  });
});

describe('loadOpenApi: split documents', async () => {
  const root = path.join(fixtures, 'split');
  const { document, problems } = await loadOpenApi(path.join(root, 'openapi.yaml'), root);

  it('reads path items from other files of the project, with their own file and line', () => {
    expect(problems).toEqual([]);
    expect(document?.operations.map((op) => [op.id, op.file, op.line])).toEqual([
      ['GET /api/users', 'paths/users.yaml', 2],
      ['POST /api/users', 'paths/users.yaml', 12],
      ['DELETE /api/users/{id}', 'paths/users_{id}.yaml', 4],
    ]);
  });

  it('resolves references relative to the file that writes them, through chains', () => {
    const [list, create, remove] = document?.operations ?? [];
    expect(list?.parameters).toEqual([
      { name: 'page', in: 'query', required: false },
      { name: 'perPage', in: 'query', required: false },
    ]);
    expect(create?.bodyFields).toEqual(['email', 'displayName']);
    expect(remove?.parameters).toEqual([{ name: 'id', in: 'path', required: true }]);
  });
});

describe('loadOpenApi: problems are reported, never thrown', () => {
  it('reports each broken $ref with its JSON pointer and line, and keeps the other operations', async () => {
    const { document, problems } = await load('broken-ref.yaml');
    expect(problems.map((p) => [p.file, p.line, p.severity, p.message.split(':')[0]])).toEqual([
      ['broken-ref.yaml', 10, 'error', 'broken $ref "#/components/parameters/Missing" at #/paths/~1orders/get/parameters/0'],
      ['broken-ref.yaml', 15, 'error', 'broken $ref "#/components/pathItems/Nowhere" at #/paths/~1orders~1{orderId}'],
      ['broken-ref.yaml', 25, 'error', 'broken $ref "schemas/invoice.yaml" at #/paths/~1invoices/get/responses/200/content/application~1json/schema'],
      ['broken-ref.yaml', 32, 'error', 'broken $ref "operations/list-payments.yaml" at #/paths/~1payments/get'],
      ['broken-ref.yaml', 26, 'warning', 'path "payments/{paymentId}" does not start with "/"; skipped'],
    ]);
    expect(problems[0]?.message).toContain('#/components/parameters/Missing does not exist in broken-ref.yaml');
    expect(problems[2]?.message).toContain('schemas/invoice.yaml does not exist');
    expect(document?.operations.map((op) => op.id)).toEqual(['GET /orders', 'GET /invoices', 'GET /payments']);
    expect(document?.operations[0]?.parameters).toEqual([{ name: 'page', in: 'query', required: false }]);
    // An operation whose own file is missing still exists, known by its method and path only.
    expect(document?.operations[2]).toEqual({
      id: 'GET /payments', method: 'GET', path: '/payments', security: 'unknown', securitySchemes: [],
      parameters: [], requestBody: false, responses: [], line: 31,
    });
  });

  it('reports a YAML syntax error with its line and column, and no document', async () => {
    const { document, problems } = await load('syntax-error.yaml');
    expect(document).toBeUndefined();
    expect(problems).toEqual([
      { file: 'syntax-error.yaml', line: 11, column: 8, message: 'YAML: bad indentation of a mapping entry', severity: 'error' },
    ]);
  });

  it('reports a JSON syntax error with its line and column', async () => {
    const { document, problems } = await load('syntax-error.json');
    expect(document).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ file: 'syntax-error.json', line: 6, column: 3, severity: 'error' })]);
  });

  it('reports a YAML file that is not OpenAPI', async () => {
    const { document, problems } = await load('not-openapi.yaml');
    expect(document).toBeUndefined();
    expect(problems).toEqual([
      { file: 'not-openapi.yaml', line: 1, message: 'not an OpenAPI document: no `openapi` or `swagger` key at the top level', severity: 'error' },
    ]);
  });

  it('reports a document that breaks the reader instead of throwing', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'bo-openapi-'));
    const deep = `{"openapi": "3.0.0", "paths": {}, "x-deep": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    await writeFile(path.join(base, 'openapi.json'), deep);
    const { document, problems } = await loadOpenApi(path.join(base, 'openapi.json'), base);
    await rm(base, { recursive: true, force: true });
    expect(document).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ file: 'openapi.json', severity: 'error', message: expect.stringMatching(/^could not read the OpenAPI document: /) })]);
  });

  it('reports a document that cannot be read', async () => {
    const { document, problems } = await load('missing.yaml');
    expect(document).toBeUndefined();
    expect(problems).toEqual([{ file: 'missing.yaml', message: 'cannot read the OpenAPI document (ENOENT)', severity: 'error' }]);
  });

  it('refuses references outside the project root and never fetches remote ones', async () => {
    const root = path.join(fixtures, 'escape', 'project');
    const { document, problems } = await loadOpenApi(path.join(root, 'openapi.yaml'), root);
    expect(document?.operations.map((op) => op.id)).toEqual(['GET /inside']);
    expect(problems.map((p) => [p.line, p.severity, p.message])).toEqual([
      [9, 'error', 'broken $ref "../outside.yaml" at #/paths/~1outside: ../outside.yaml is outside the project root (not read)'],
      [11, 'warning', 'remote $ref "https://example.com/paths.yaml#/remote" at #/paths/~1remote: remote reference not followed (network access is disabled)'],
    ]);
  });
});

describe('loadOpenApi: symbolic links', () => {
  const made: string[] = [];
  afterAll(async () => {
    for (const dir of made) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a reference through a link that leads outside the project', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'bo-openapi-'));
    made.push(base);
    const project = path.join(base, 'project');
    await mkdir(path.join(base, 'elsewhere'), { recursive: true });
    await mkdir(project, { recursive: true });
    await writeFile(path.join(base, 'elsewhere', 'item.yaml'), "get:\n  responses:\n    '200': { description: secret }\n");
    await symlink(path.join(base, 'elsewhere'), path.join(project, 'linked'));
    await writeFile(path.join(project, 'openapi.yaml'), 'openapi: 3.0.0\ninfo: { title: t, version: "1" }\npaths:\n  /x:\n    $ref: linked/item.yaml\n');
    const { document, problems } = await loadOpenApi(path.join(project, 'openapi.yaml'), project);
    expect(document?.operations).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({ line: 5, severity: 'error', message: expect.stringContaining('linked/item.yaml leads outside the project root') }),
    ]);
  });
});
