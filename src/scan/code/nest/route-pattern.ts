/**
 * Nest's route patterns, as `setGlobalPrefix({ exclude })`, `forRoutes(...)` and `exclude(...)` take
 * them: `'users'`, `'users/:id'`, `'users/(.*)'` (Nest <= 10), `'users/*splat'` and
 * `'users/{*splat}'` (Nest 11), `'*'`. Nest hands them to path-to-regexp, which matches the whole
 * path, so `'users'` covers `/users` and not `/users/:id`; a wildcard covers the rest.
 */

export interface RoutePattern {
  /** The pattern as written, for messages. */
  source: string;
  /** Upper-case method, or undefined for `RequestMethod.ALL`. */
  method: string | undefined;
  regexp: RegExp;
}

const trimSlashes = (path: string) => path.replace(/^\/+|\/+$/g, '');

function toRegExp(pattern: string): RegExp {
  const clean = trimSlashes(pattern);
  let source = '';
  for (let i = 0; i < clean.length; ) {
    const rest = clean.slice(i);
    const wildcard = /^(\(\.\*\)|\{\/?\*[\w$]*\}|\*[\w$]*)/.exec(rest);
    if (wildcard) {
      // A wildcard after a slash also covers the bare prefix (`users/*` matches `users`).
      if (source.endsWith('/')) source = `${source.slice(0, -1)}(?:/.*)?`;
      else source += '.*';
      i += wildcard[0].length;
      continue;
    }
    const param = /^:[\w$]+(\([^)]*\))?\??/.exec(rest);
    if (param) {
      source += '[^/]+';
      i += param[0].length;
      continue;
    }
    source += (rest[0] as string).replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    i += 1;
  }
  return new RegExp(`^${source}$`);
}

export function routePattern(path: string, method?: string): RoutePattern {
  return { source: path, method: method?.toUpperCase(), regexp: toRegExp(path) };
}

/**
 * Whether a pattern covers a route. `path` is the route's path as Nest builds it, with `:param`
 * placeholders and no global prefix. The route's `:id` is tested as a literal segment: the
 * pattern `users/:id` or `users/*` covers it, `users/me` (one value of it) does not.
 */
export function matchesRoute(pattern: RoutePattern, path: string, method: string): boolean {
  if (pattern.method && pattern.method !== 'ALL' && pattern.method !== method) return false;
  return pattern.regexp.test(trimSlashes(path));
}
