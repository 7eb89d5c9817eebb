import { describe, expect, it } from 'vitest';
import { Config, defaultConfig } from '../../src/config/schema.js';
import { detectPatterns } from '../../src/context/patterns.js';
import { Endpoint, emptyRegistry, type Registry } from '../../src/registry/schema.js';

const endpoint = (id: string, extra: Record<string, unknown> = {}): Endpoint => {
  const [method, path] = id.split(' ');
  return Endpoint.parse({ id, method, path, ...extra });
};
const registry = (endpoints: Endpoint[]): Registry => ({ ...emptyRegistry(), endpoints });

const jwt = { auth: 'required', authBy: ['authenticate', 'verifyJwt'] };
const listQuery = { params: { query: ['limit', 'offset'] } };

/** A small API that shows every convention the detector knows. */
const conventional = registry([
  endpoint('GET /api/v1/users', { ...jwt, ...listQuery, responses: ['200', '401 application/problem+json'] }),
  endpoint('POST /api/v1/users', { ...jwt, validation: 'zod', params: { body: ['firstName', 'lastName'] } }),
  endpoint('GET /api/v1/users/{userId}', jwt),
  endpoint('DELETE /api/v1/users/{userId}', { auth: 'required', authBy: ['authenticate', 'verifyJwt', 'requireRole'] }),
  endpoint('GET /api/v1/order-items', { ...jwt, ...listQuery }),
  endpoint('GET /api/v1/price-lists/{priceListId}', { auth: 'none' }),
]);

describe('detectPatterns', () => {
  it('finds nothing in an empty registry', () => {
    expect(detectPatterns(emptyRegistry(), defaultConfig())).toEqual([]);
  });

  it('reports each convention the registry shows, with its evidence', () => {
    expect(detectPatterns(conventional, defaultConfig())).toEqual([
      'REST',
      'versioned: path /v1',
      'auth: bearer jwt (verifyJwt, authenticate) on 5/6 endpoints',
      'authorization: requireRole',
      'errors: problem+json',
      'pagination: limit/offset',
      'validation: zod',
      'paths: kebab-case',
      'params: camelCase',
      'properties: camelCase',
    ]);
  });

  it('claims no convention the data does not show', () => {
    const bare = registry([
      endpoint('POST /login'),
      endpoint('POST /logout', { auth: 'required' }),
      endpoint('GET /products'),
    ]);
    expect(detectPatterns(bare, defaultConfig())).toEqual([]);
  });

  it('does not call paths REST when most of them are actions', () => {
    const rpc = registry([endpoint('POST /api/orders/cancel'), endpoint('POST /api/sendEmail'), endpoint('GET /api/users')]);
    expect(detectPatterns(rpc, defaultConfig())).not.toContain('REST');
  });

  it('needs most paths versioned before it says the API is versioned', () => {
    const some = registry([endpoint('GET /api/v1/users'), endpoint('GET /api/products'), endpoint('GET /api/orders')]);
    expect(detectPatterns(some, defaultConfig()).some((p) => p.startsWith('versioned'))).toBe(false);
  });

  it('names the auth middleware without inventing a scheme when the names do not show one', () => {
    const generic = registry([endpoint('GET /users', { auth: 'required', authBy: ['requireAuth'] }), endpoint('GET /health', { auth: 'none' })]);
    const patterns = detectPatterns(generic, defaultConfig());
    expect(patterns).toContain('auth: requireAuth on 1/2 endpoints');
    expect(patterns.join(' ')).not.toMatch(/jwt|bearer/);
  });

  it.each([
    [['page', 'pageSize'], 'pagination: page/pageSize'],
    [['page', 'per_page'], 'pagination: page/per_page'],
    [['cursor', 'limit'], 'pagination: cursor'],
    [['skip', 'take'], 'pagination: take/skip'],
  ])('reads the pagination style from query params %j', (query, expected) => {
    const found = detectPatterns(registry([endpoint('GET /items', { params: { query } })]), defaultConfig());
    expect(found).toContain(expected);
  });

  it('says when path naming is mixed', () => {
    const mixed = registry(['/order-items', '/gift-cards', '/price_lists', '/tax_rates'].map((path) => endpoint(`GET ${path}`)));
    expect(detectPatterns(mixed, defaultConfig())).toContain('paths: mixed (kebab-case 2, snake_case 2)');
    const mostly = registry(['/order-items', '/gift-cards', '/price_lists'].map((path) => endpoint(`GET ${path}`)));
    expect(detectPatterns(mostly, defaultConfig())).toContain('paths: kebab-case');
  });

  it('lets configured conventions win, marked (configured)', () => {
    const config = Config.parse({ conventions: { paths: 'snake_case', versioning: 'header', query: 'camelCase' } });
    const patterns = detectPatterns(conventional, config);
    expect(patterns).toContain('paths: snake_case (configured)');
    expect(patterns).toContain('versioned: header (configured)');
    expect(patterns).toContain('query: camelCase (configured)');
    expect(patterns).not.toContain('paths: kebab-case');
    expect(patterns).not.toContain('versioned: path /v1');
  });

  it('shows configured path versioning with the versions the paths use', () => {
    const config = Config.parse({ conventions: { versioning: 'path' } });
    expect(detectPatterns(conventional, config)).toContain('versioned: path /v1 (configured)');
    expect(detectPatterns(emptyRegistry(), config)).toEqual(['versioned: path (configured)']);
  });

  it('reports rate limiting only where endpoints are rate limited', () => {
    const limited = registry([endpoint('GET /a', { rateLimited: true }), endpoint('GET /b')]);
    expect(detectPatterns(limited, defaultConfig())).toContain('rate limited: 1/2 endpoints');
  });
});
