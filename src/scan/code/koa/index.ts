/**
 * The Koa scanner (`@koa/router`, `koa-router`): `new Router({ prefix })`, `router.prefix('/v1')`,
 * `router.METHOD([name], path, ...middleware)`, `router.use([path], ...middleware | sub.routes())`,
 * `app.use(router.routes())` on a `new Koa()` app, `app.use(jwt(…).unless(…))`.
 */
import type { Node } from 'oxc-parser';
import { methodCall, objectProperty, stringLiteral, unwrap } from '../ast.js';
import { evaluateString } from '../evaluate.js';
import type { Dialect, Link, RegistrationApi } from '../routing/model.js';
import { calleeOrigin } from '../routing/origin.js';
import { ALL_METHODS, emitRoute, METHOD_OF, pathArgument, prefixScopes, routePaths } from '../routing/registration.js';
import { routingScanner } from '../routing/scanner.js';
import { scopeResolver } from '../values.js';

const ROUTER_PACKAGES = new Set(['@koa/router', 'koa-router', 'koa-better-router']);

export const koaDialect: Dialect = {
  framework: 'koa',
  packages: ['koa', '@koa/router', 'koa-router'],
  links: new Set([...Object.keys(METHOD_OF), 'all', 'use', 'prefix']),
  creation(index, target) {
    const node = unwrap(target.node);
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return undefined;
    const origin = calleeOrigin(target, unwrap(node.callee));
    if (!origin || origin.path.length > 0) return undefined;
    if (origin.pkg === 'koa') return { kind: 'app' };
    if (!ROUTER_PACKAGES.has(origin.pkg)) return undefined;
    const options = node.arguments[0] && unwrap(node.arguments[0] as Node);
    const prefix = options?.type === 'ObjectExpression' ? objectProperty(options, 'prefix') : undefined;
    const value = prefix && evaluateString(index, target.module, prefix, scopeResolver(index, target.scope));
    return { kind: 'router', ...(value ? { prefix: value } : {}) };
  },
  /** `sub.routes()` and `sub.middleware()` stand for the router `sub`. */
  mounted(node) {
    const call = methodCall(unwrap(node));
    return call && (call.name === 'routes' || call.name === 'middleware') && call.call.arguments.length === 0 ? call.object : undefined;
  },
  register: registerKoa,
};

function registerKoa(link: Link, api: RegistrationApi): void {
  const args = link.call.arguments as Node[];
  if (link.name === 'prefix') {
    const prefix = args[0] && api.paths(args[0])?.[0];
    if (prefix !== undefined) api.object.prefix = prefix;
    return;
  }
  if (link.name === 'use') {
    const paths = pathArgument(api, args[0]);
    api.emit({ kind: 'use', scopes: prefixScopes(paths), args: api.useArgs(paths ? args.slice(1) : args) });
    return;
  }
  const methods = link.name === 'all' ? ALL_METHODS : [METHOD_OF[link.name]].filter((m) => m !== undefined);
  // `router.get('user', '/users/:id', handler)`: a named route puts its name first.
  const named = args.length >= 3 && stringLiteral(args[0]) !== undefined && stringLiteral(args[1]) !== undefined;
  const pathIndex = named ? 1 : 0;
  if (args.length < pathIndex + 2) return;
  const paths = routePaths(api, link, args[pathIndex]);
  if (paths) emitRoute(api, link, methods, paths, args.slice(pathIndex + 1));
}

export const koaScanner = routingScanner(koaDialect);
