/**
 * The dashboard's only way to the server: `GET`s under /v1 with the bearer token, which is asked
 * for once and kept in sessionStorage (this tab, until it is closed; never in localStorage or a
 * cookie, so no other site's request can carry it). A 401 forgets the token and asks again.
 * Errors are RFC 9457 problems; `ApiError` carries the status and the server's detail.
 */

const TOKEN_KEY = 'bo.dashboard.token';

export class ApiError extends Error {
  constructor(status, detail, problem) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** Thrown when the token is missing or refused: the app then shows the token form. */
export class AuthError extends ApiError {
  constructor(detail) {
    super(401, detail);
    this.name = 'AuthError';
  }
}

export const tokenStore = {
  get: () => sessionStorage.getItem(TOKEN_KEY) ?? undefined,
  set: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

let onUnauthorized = () => {};
/** What to do when the server refuses the token (set once by the app). */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export function authHeaders(token = tokenStore.get()) {
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function problemOf(response) {
  try {
    const problem = await response.json();
    return { detail: problem.detail ?? problem.title ?? `HTTP ${response.status}`, problem };
  } catch {
    return { detail: `HTTP ${response.status} ${response.statusText}`.trim(), problem: undefined };
  }
}

/**
 * GET a path of the API. `as`: 'json' (default) or 'text'. `token` overrides the stored one
 * (the token form checks a token before keeping it).
 */
export async function get(path, { as = 'json', token, signal } = {}) {
  const used = token ?? tokenStore.get();
  if (!used) throw new AuthError('no token yet');
  const response = await fetch(path, { headers: { ...authHeaders(used), accept: as === 'json' ? 'application/json' : '*/*' }, signal });
  if (response.status === 401) {
    const { detail } = await problemOf(response);
    if (token === undefined) {
      tokenStore.clear();
      onUnauthorized(detail);
    }
    throw new AuthError(detail);
  }
  if (!response.ok) {
    const { detail, problem } = await problemOf(response);
    throw new ApiError(response.status, detail, problem);
  }
  return as === 'json' ? response.json() : response.text();
}

/** A GET whose 404 is an answer ("none yet"), not an error: resolves to undefined then. */
export async function getOptional(path, options) {
  try {
    return await get(path, options);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

/** Every item of a paginated listing (`{ data, pagination: { limit, offset, total } }`). */
export async function getAll(path, { pageSize = 200, maxItems = 5000, signal } = {}) {
  const items = [];
  const join = path.includes('?') ? '&' : '?';
  for (let offset = 0; ; offset += pageSize) {
    const page = await get(`${path}${join}limit=${pageSize}&offset=${offset}`, { signal });
    items.push(...page.data);
    if (page.data.length < pageSize || items.length >= page.pagination.total || items.length >= maxItems) return { items, total: page.pagination.total };
  }
}

/** A path segment or query value, encoded. */
export const enc = encodeURIComponent;
