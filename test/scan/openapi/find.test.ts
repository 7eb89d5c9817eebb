import { describe, expect, it } from 'vitest';
import { findOpenApiDocuments } from '../../../src/scan/openapi/index.js';

const root = '/work/project';

describe('findOpenApiDocuments', () => {
  it('uses the configured path, even one the file list does not have', () => {
    expect(findOpenApiDocuments(root, ['openapi.yaml'], 'contracts/public.yaml')).toEqual(['contracts/public.yaml']);
    expect(findOpenApiDocuments(root, [], './contracts/public.yaml')).toEqual(['contracts/public.yaml']);
    expect(findOpenApiDocuments(root, [], '/work/project/contracts/api.json')).toEqual(['contracts/api.json']);
  });

  it('finds the conventional names, the project root first', () => {
    const files = ['src/app.ts', 'docs/openapi.yaml', 'swagger.json', 'openapi.yml', 'package.json'];
    expect(findOpenApiDocuments(root, files)).toEqual(['openapi.yml', 'swagger.json', 'docs/openapi.yaml']);
  });

  it('looks in docs/, api/, spec/, specs/ and openapi/, in that order, shallow files first', () => {
    const files = ['openapi/openapi.json', 'specs/swagger.yaml', 'api/v1/openapi.yaml', 'api/openapi.yaml', 'spec/orders.openapi.yml', 'docs/public.openapi.json'];
    expect(findOpenApiDocuments(root, files)).toEqual([
      'docs/public.openapi.json',
      'api/openapi.yaml',
      'api/v1/openapi.yaml',
      'spec/orders.openapi.yml',
      'specs/swagger.yaml',
      'openapi/openapi.json',
    ]);
  });

  it('ignores look-alikes and other folders', () => {
    const files = ['src/openapi.yaml', 'test/fixtures/swagger.json', 'docs/openapi.md', 'docs/paths/users.yaml', 'openapi-old.yaml', 'api/openapi.yaml.bak', 'tsconfig.json'];
    expect(findOpenApiDocuments(root, files)).toEqual([]);
  });
});
