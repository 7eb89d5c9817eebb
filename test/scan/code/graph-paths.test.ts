import { describe, expect, it } from 'vitest';
import { joinPaths, pathParams, pathVersion, toOpenApiPath } from '../../../src/scan/code/paths.js';
import { readTsPaths } from '../../../src/scan/code/tsconfig.js';

describe('joinPaths', () => {
  it.each([
    [['/api', '/users'], '/api/users'],
    [['/api/', 'users/'], '/api/users'],
    [['', '/'], '/'],
    [['/', '/'], '/'],
    [[], '/'],
    [['api', '', '//v1//', '/x'], '/api/v1/x'],
    [['/a', '/'], '/a'],
  ])('%j → %s', (parts, expected) => {
    expect(joinPaths(...parts)).toBe(expected);
  });
});

describe('toOpenApiPath', () => {
  it.each([
    ['/users/:id', '/users/{id}'],
    ['/users/:id?', '/users/{id}'],
    ['/users/:id(\\d+)', '/users/{id}'],
    ['/files/:path*', '/files/{path}'],
    ['/books/:id{[0-9]+}', '/books/{id}'],
    ['/files/*', '/files/{wildcard}'],
    ['*', '/{wildcard}'],
    ['/files/*splat', '/files/{splat}'],
    ['/files/{*splat}', '/files/{splat}'],
    ['/users{/:id}', '/users/{id}'],
    ['/file/:name{.:ext}', '/file/{name}.{ext}'],
    ['/users/{id}', '/users/{id}'],
    ['/(.*)', '/{wildcard}'],
    ['/users/', '/users'],
    ['', '/'],
  ])('%s → %s', (input, expected) => {
    expect(toOpenApiPath(input)).toBe(expected);
  });

  it('lists parameters and the version', () => {
    expect(pathParams('/users/{userId}/posts/{postId}')).toEqual(['userId', 'postId']);
    expect(pathVersion('/api/v2/users')).toBe('v2');
    expect(pathVersion('/v1')).toBe('v1');
    expect(pathVersion('/api/vendors')).toBeNull();
  });
});

describe('readTsPaths', () => {
  it('reads baseUrl and paths from JSONC with comments and trailing commas', () => {
    const text = `{\n  // comment\n  "compilerOptions": {\n    /* block */ "baseUrl": "./src",\n    "paths": { "@/*": ["*"], "~lib": ["lib/index.ts",], },\n  },\n}`;
    expect(readTsPaths(text)).toEqual({ baseUrl: 'src', paths: { '@/*': ['*'], '~lib': ['lib/index.ts'] } });
    expect(readTsPaths(text, 'packages/api')).toEqual({ baseUrl: 'packages/api/src', paths: { '@/*': ['*'], '~lib': ['lib/index.ts'] } });
  });

  it('is undefined without baseUrl or paths, or for text that is not an object', () => {
    expect(readTsPaths('{ "compilerOptions": { "strict": true } }')).toBeUndefined();
    expect(readTsPaths('not json')).toBeUndefined();
    expect(readTsPaths('{ "compilerOptions": { "paths": { "@/*": ["src/*"] } } }')).toEqual({ baseUrl: '.', paths: { '@/*': ['src/*'] } });
  });
});
