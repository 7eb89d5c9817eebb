import { describe, expect, it } from 'vitest';
import { Endpoint } from '../../../src/registry/schema.js';
import { compareEndpoints, routeKey, toEndpoint, type SpecOperation } from '../../../src/scan/openapi/index.js';

const code = (id: string) => {
  const [method, path] = id.split(' ') as [Endpoint['method'], string];
  return { id, method, path };
};
const spec = (id: string, extra: Partial<SpecOperation> = {}): SpecOperation => {
  const [method, path] = id.split(' ') as [Endpoint['method'], string];
  return { id, method, path, security: 'unknown', securitySchemes: [], parameters: [], requestBody: false, responses: [], ...extra };
};

describe('routeKey', () => {
  it.each([
    ['GET', '/users/{id}', 'GET /users/{}'],
    ['get', '/users/{userId}/', 'GET /users/{}'],
    ['GET', '/users/:id', 'GET /users/{}'],
    ['GET', '/files/{name}.{ext}', 'GET /files/{}.{}'],
    ['GET', '/', 'GET /'],
    ['POST', '/v1/{name}:cancel', 'POST /v1/{}:cancel'],
  ])('%s %s compares as %s', (method, path, key) => expect(routeKey(method, path)).toBe(key));
});

describe('compareEndpoints', () => {
  it('matches whatever the parameters are called, and trailing slashes', () => {
    const drift = compareEndpoints(
      [code('GET /api/users/{id}'), code('PUT /api/users/{id}/'), code('GET /api/orders')],
      [spec('GET /api/users/{userId}'), spec('PUT /api/users/{userId}'), spec('GET /api/orders/')],
    );
    expect([...drift.documented]).toEqual(['GET /api/users/{id}', 'PUT /api/users/{id}/', 'GET /api/orders']);
    expect(drift.onlyInCode).toEqual([]);
    expect(drift.onlyInSpec).toEqual([]);
  });

  it('is exact about methods and every other segment', () => {
    const drift = compareEndpoints(
      [code('GET /api/users'), code('POST /api/users'), code('GET /api/users/{id}/posts'), code('GET /api/Users')],
      [spec('GET /api/users'), spec('PATCH /api/users'), spec('GET /api/users/{id}/comments'), spec('GET /users')],
    );
    expect([...drift.documented]).toEqual(['GET /api/users']);
    expect(drift.onlyInCode).toEqual(['POST /api/users', 'GET /api/users/{id}/posts', 'GET /api/Users']);
    expect(drift.onlyInSpec).toEqual(['PATCH /api/users', 'GET /api/users/{id}/comments', 'GET /users']);
  });

  it('does not take a parameter for a literal segment', () => {
    const drift = compareEndpoints([code('GET /users/me')], [spec('GET /users/{id}')]);
    expect(drift).toEqual({ documented: new Set(), onlyInCode: ['GET /users/me'], onlyInSpec: ['GET /users/{id}'] });
  });

  it('handles empty sides', () => {
    expect(compareEndpoints([], [])).toEqual({ documented: new Set(), onlyInCode: [], onlyInSpec: [] });
    expect(compareEndpoints([code('GET /a')], []).onlyInCode).toEqual(['GET /a']);
  });
});

describe('toEndpoint', () => {
  it('turns an operation into a documented registry endpoint with its source', () => {
    const endpoint = toEndpoint(
      spec('POST /api/v1/users/{id}/avatar', {
        summary: 'Upload an avatar',
        security: 'optional',
        securitySchemes: ['bearer'],
        parameters: [
          { name: 'id', in: 'path', required: true },
          { name: 'size', in: 'query', required: false },
          { name: 'X-Trace', in: 'header', required: false },
        ],
        requestBody: true,
        bodyFields: ['file'],
        responses: ['201', '4XX', 'default'],
        line: 42,
      }),
      'docs/openapi.yaml',
    );
    expect(Endpoint.parse(endpoint)).toEqual(endpoint);
    expect(endpoint).toEqual({
      id: 'POST /api/v1/users/{id}/avatar',
      method: 'POST',
      path: '/api/v1/users/{id}/avatar',
      framework: 'openapi',
      source: { file: 'docs/openapi.yaml', line: 42 },
      auth: 'optional',
      authBy: ['bearer'],
      params: { path: ['id'], query: ['size'], body: ['file'] },
      validation: 'none',
      responses: ['201', '4XX', 'default'],
      documented: true,
      summary: 'Upload an avatar',
    });
  });

  it('points at the file of a split document that defines the operation', () => {
    const endpoint = toEndpoint(spec('GET /users', { file: 'docs/paths/users.yaml', line: 2 }), 'docs/openapi.yaml');
    expect(endpoint.source).toEqual({ file: 'docs/paths/users.yaml', line: 2 });
  });
});
