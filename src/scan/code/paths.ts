/**
 * Route paths as the registry records them: prefixes joined the way routers mount them, and each
 * framework's parameter syntax (Express 4/5, path-to-regexp, Hono) rewritten to OpenAPI `{param}`.
 */

/** Joins prefixes: collapses `//`, drops a trailing slash (except the root), ensures a leading `/`. */
export function joinPaths(...parts: string[]): string {
  const joined = parts
    .filter((part) => part !== '' && part !== '/')
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter((part) => part !== '')
    .join('/');
  return `/${joined}`.replace(/\/{2,}/g, '/');
}

/**
 * `:id` → `{id}`; `:id?`, `:id(\\d+)`, `:id{[0-9]+}`, `:path*` → `{id}`/`{path}`; Express 5 `*splat` →
 * `{splat}`; a bare `*` or `(.*)` → `{wildcard}`; Express 5 optional groups `{/:id}` lose their
 * braces. Already-OpenAPI `{id}` segments are kept.
 */
export function toOpenApiPath(path: string): string {
  let found = converted.get(path);
  if (found === undefined) {
    if (converted.size > 50_000) converted.clear();
    found = convert(path);
    converted.set(path, found);
  }
  return found;
}

/** Every route of a router shares its prefixes: the same strings come back thousands of times. */
const converted = new Map<string, string>();

function convert(path: string): string {
  let out = path.replace(/:([A-Za-z_$][\w$]*)\{[^}:]*\}/g, ':$1'); // Hono `:id{[0-9]+}`: the braces hold a regex
  out = stripOptionalGroups(out);
  out = out
    .replace(/:([A-Za-z_$][\w$]*)(\((?:[^()]|\([^()]*\))*\))?[?*+]?/g, '{$1}')
    .replace(/\*([A-Za-z_$][\w$]*)/g, '{$1}')
    .replace(/\((?:[^()]|\([^()]*\))*\)[?*+]?/g, '{wildcard}')
    .replace(/\*/g, '{wildcard}');
  out = joinPaths(out);
  return out;
}

/** Express 5 `{/:id}` and `/file{.:ext}`: braces around anything but a plain name mark an optional group. */
function stripOptionalGroups(path: string): string {
  let previous: string;
  let out = path;
  do {
    previous = out;
    out = out.replace(/\{([^{}]*)\}/g, (whole, inner: string) => (/^[A-Za-z_$][\w$]*$/.test(inner) ? `\u0000${inner}\u0001` : inner));
  } while (out !== previous);
  return out.replace(/\u0000/g, '{').replace(/\u0001/g, '}');
}

/** Path parameters of an OpenAPI-style path, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
}

/** `/api/v2/users` → 'v2'. */
export function pathVersion(path: string): string | null {
  return /\/v(\d+(?:\.\d+)?)(?=\/|$)/i.exec(path)?.[0].slice(1).toLowerCase() ?? null;
}
