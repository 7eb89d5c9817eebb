import { describe, expect, it } from 'vitest';
import { detectVersion } from '../../../src/scan/openapi/normalise.js';
import { basePathPrefix, joinPath, serverPathPrefix } from '../../../src/scan/openapi/paths.js';
import { securityOf } from '../../../src/scan/openapi/security.js';

describe('securityOf', () => {
  it.each([
    ['no requirement anywhere', undefined, undefined, 'unknown', []],
    ['the document’s requirement', undefined, [{ bearer: [] }], 'required', ['bearer']],
    ['an empty list turns it off', [], [{ bearer: [] }], 'none', []],
    ['`{}` among others: optional', [{}, { bearer: [] }], undefined, 'optional', ['bearer']],
    ['only `{}`: anonymous', [{}], [{ bearer: [] }], 'none', []],
    ['alternatives and combinations', [{ bearer: [], apiKey: [] }, { oauth: ['read'] }], undefined, 'required', ['bearer', 'apiKey', 'oauth']],
    ['something that is not a list', { bearer: [] }, undefined, 'unknown', []],
  ])('%s', (_name, operation, document, security, schemes) => {
    expect(securityOf(operation, document)).toEqual({ security, schemes });
  });
});

describe('serverPathPrefix and basePathPrefix', () => {
  it.each([
    [[{ url: 'https://x.com/api/v1' }], '/api/v1'],
    [[{ url: 'https://x.com/api/v1/' }, { url: 'http://localhost/other' }], '/api/v1'],
    [[{ url: 'https://x.com' }], ''],
    [[{ url: '//x.com/api' }], '/api'],
    [[{ url: '/v2' }], '/v2'],
    [[{ url: 'v2' }], '/v2'],
    [[{ url: '.' }], ''],
    [[{ url: 'https://x.com/api?debug=1' }], '/api'],
    [[{ url: '{scheme}://{host}/api/{version}', variables: { version: { default: 'v3' } } }], '/api/v3'],
    [[{ url: 'https://x.com/{base}' }], '/{base}'],
    [[], ''],
    [undefined, ''],
    [[{ description: 'no url' }], ''],
  ])('servers %j → %j', (servers, prefix) => expect(serverPathPrefix(servers)).toBe(prefix));

  it.each([
    ['/api/v2/', '/api/v2'],
    ['api', '/api'],
    ['/', ''],
    [undefined, ''],
  ])('basePath %j → %j', (basePath, prefix) => expect(basePathPrefix(basePath)).toBe(prefix));

  it.each([
    ['', '/users', '/users'],
    ['/api', '/users/', '/api/users'],
    ['/api', '/', '/api'],
    ['', '/', '/'],
    ['/api', 'users', '/api/users'],
  ])('joinPath(%j, %j) is %j', (prefix, path, full) => expect(joinPath(prefix, path)).toBe(full));
});

describe('detectVersion', () => {
  it.each([
    [{ swagger: '2.0' }, { version: '2.0' }],
    [{ swagger: 2 }, { version: '2.0' }],
    [{ openapi: '3.0.3' }, { version: '3.0' }],
    [{ openapi: 3 }, { version: '3.0' }],
    [{ openapi: '3.1.0' }, { version: '3.1' }],
    [{ openapi: '3.2.0' }, { version: '3.1', warning: 'OpenAPI 3.2.0 is read as 3.1' }],
  ])('%j is %j', (doc, check) => expect(detectVersion(doc)).toEqual(check));

  it.each([
    [{ swagger: '1.2' }, 'unsupported Swagger version "1.2" (2.0, 3.0 and 3.1 are read)'],
    [{ openapi: '4.0.0' }, 'unsupported OpenAPI version "4.0.0" (2.0, 3.0 and 3.1 are read)'],
    [{ services: {} }, 'not an OpenAPI document: no `openapi` or `swagger` key at the top level'],
    [['a list'], 'not an OpenAPI document: the top level is not a mapping'],
    [null, 'not an OpenAPI document: the top level is not a mapping'],
  ])('%j is refused', (doc, error) => expect(detectVersion(doc)).toMatchObject({ error }));
});
