/**
 * Registration helpers the dialects share: method names, and turning `(paths, ...handlers)` into a
 * route event (the last function is the handler, the ones before it middleware). `all` registers
 * the five ordinary methods, except on catch-all paths, where it is a fallback (a 404 page, a
 * proxy), not an endpoint.
 */
import type { Node } from 'oxc-parser';
import { memberPath, unwrap } from '../ast.js';
import { toOpenApiPath } from '../paths.js';
import type { Link, Method, Mw, PathScope, RegistrationApi } from './model.js';

export const METHOD_OF: Readonly<Record<string, Method>> = {
  get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE', del: 'DELETE', head: 'HEAD', options: 'OPTIONS',
};
export const ALL_METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** `*`, `/*`, `(.*)`, `/{*splat}`, `/:path*`: a path that matches everything. */
export const isCatchAll = (path: string): boolean => /^\/\{[^}]+\}$/.test(toOpenApiPath(path)) && /[*(]/.test(path);

export function emitRoute(api: RegistrationApi, link: Link, methods: readonly Method[], paths: string[], handlerNodes: readonly Node[], before: Mw[] = []): void {
  const handlers = api.args(handlerNodes);
  if (handlers.length === 0) return;
  const kept = methods.length === ALL_METHODS.length ? paths.filter((p) => !isCatchAll(p)) : paths;
  if (kept.length === 0) return;
  api.emit({
    kind: 'route',
    methods: [...methods],
    paths: kept,
    middleware: [...before, ...handlers.slice(0, -1)],
    handler: handlers[handlers.length - 1],
    module: api.module,
    line: api.line(link.property),
  });
}

/**
 * Paths of a route's path argument, or a warning when it is not static. On a parameter (which may
 * be anything: `cache.get('key', fallback)`) only path-shaped strings count, and nothing is reported.
 */
export function routePaths(api: RegistrationApi, link: Link, node: Node | undefined): string[] | undefined {
  const guessing = api.object.kind === 'param';
  const paths = node && api.paths(node);
  if (paths?.every((p) => /^(\/|\*|\(|$)/.test(p))) return paths;
  if (!guessing) api.problem(`${link.name}(): the route path is not a static path; the route is skipped`, node ?? link.call);
  return undefined;
}

/**
 * The paths of a `use` call's first argument when it reads as a path (`'/x'`, a path constant, an
 * array of paths), not a middleware. A path built at run time (`\`/api/${version}\``,
 * `process.env.PREFIX`) is reported and mounts at the root: the routes are still listed.
 */
export function pathArgument(api: RegistrationApi, node: Node | undefined): string[] | undefined {
  if (!node || node.type === 'SpreadElement') return undefined;
  const paths = api.paths(node);
  if (paths || !looksLikePath(node)) return paths;
  api.problem('use(): the mount path is not static; routes under it are listed without it', node);
  return [''];
}

function looksLikePath(node: Node): boolean {
  const inner = unwrap(node);
  if (inner.type === 'TemplateLiteral' || inner.type === 'Literal') return true;
  if (inner.type === 'BinaryExpression') return inner.operator === '+';
  return (memberPath(inner) ?? '').startsWith('process.env.');
}

/** `use('/admin', …)` scopes for prefix-matching frameworks; `*` and `/` mean everything. */
export function prefixScopes(paths: string[] | undefined): PathScope[] | undefined {
  if (!paths) return undefined;
  const scopes = paths.map((path) => ({ path: /^\/?\*?$|^\/?\(\.\*\)$/.test(path) ? '' : path, exact: false }));
  return scopes.every((s) => s.path === '') ? undefined : scopes;
}
