import { describe, expect, it } from 'vitest';
import { badRequest, HttpError, notFound } from '../../src/lib/http-error.js';
import { DEFAULT_LIMIT, MAX_LIMIT, paginationQuery, toPage } from '../../src/lib/pagination.js';

describe('paginationQuery', () => {
  it('defaults limit and offset and coerces query strings', () => {
    expect(paginationQuery.parse({})).toEqual({ limit: DEFAULT_LIMIT, offset: 0 });
    expect(paginationQuery.parse({ limit: '5', offset: '10' })).toEqual({ limit: 5, offset: 10 });
  });

  it('rejects a limit above the maximum and a negative offset', () => {
    expect(paginationQuery.safeParse({ limit: String(MAX_LIMIT + 1) }).success).toBe(false);
    expect(paginationQuery.safeParse({ offset: '-1' }).success).toBe(false);
  });

  it('wraps rows in a page with its pagination', () => {
    expect(toPage(['a'], 7, { limit: 1, offset: 2 })).toEqual({ data: ['a'], pagination: { limit: 1, offset: 2, total: 7 } });
  });
});

describe('HttpError helpers', () => {
  it('carry the status and title of their problem type', () => {
    const error = notFound('Product');
    expect(error).toBeInstanceOf(HttpError);
    expect([error.status, error.title, error.message]).toEqual([404, 'Not Found', 'Product not found']);
    expect(badRequest('bad', [{ path: 'q', message: 'too short' }]).errors).toEqual([{ path: 'q', message: 'too short' }]);
  });
});
