/**
 * What each Hono call registers. `use` paths are globs: `'*'` is everything, `'/admin/*'` the
 * prefix, a path without `*` that path only. `openapi(route, handler)` takes method, path and
 * middleware from the `createRoute({…})` definition (paths there are already `{param}` style).
 */
import type { Node } from 'oxc-parser';
import { HTTP_METHODS } from '../../../registry/schema.js';
import { objectProperty, unwrap } from '../ast.js';
import { deref } from '../values.js';
import type { Link, Method, PathScope, RegistrationApi } from '../routing/model.js';
import { ALL_METHODS, emitRoute, METHOD_OF, pathArgument, routePaths } from '../routing/registration.js';

export function registerHono(link: Link, api: RegistrationApi): void {
  const args = link.call.arguments as Node[];
  switch (link.name) {
    case 'use': {
      const paths = pathArgument(api, args[0]);
      api.emit({ kind: 'use', scopes: globScopes(paths), args: api.useArgs(paths ? args.slice(1) : args) });
      return;
    }
    case 'route': {
      const paths = routePaths(api, link, args[0]);
      const child = args[1] && api.objectOf(args[1]);
      if (!child) return args[1] ? api.problem('route(): the sub-app could not be resolved', args[1]) : undefined;
      if (paths) api.emit({ kind: 'mount', paths, middleware: [], child: child.key });
      return;
    }
    case 'on': {
      const methods = (args[0] && api.paths(args[0])) ?? [];
      const known = methods.map((m) => m.toUpperCase()).filter((m): m is Method => (HTTP_METHODS as readonly string[]).includes(m));
      const paths = routePaths(api, link, args[1]);
      if (paths && known.length) emitRoute(api, link, known, paths, args.slice(2));
      return;
    }
    case 'openapi':
      return registerOpenApi(link, api, args);
    default: {
      if (args.length < 2) return;
      const methods = link.name === 'all' ? ALL_METHODS : [METHOD_OF[link.name]].filter((m) => m !== undefined);
      const paths = routePaths(api, link, args[0]);
      if (paths) emitRoute(api, link, methods, paths, args.slice(1));
    }
  }
}

function globScopes(paths: string[] | undefined): PathScope[] | undefined {
  if (!paths) return undefined;
  const scopes = paths.map((path) => {
    const star = path.indexOf('*');
    if (star < 0) return { path, exact: true };
    const prefix = path.slice(0, star);
    return prefix === '' || prefix.endsWith('/') ? { path: prefix.replace(/\/$/, ''), exact: false } : { path: prefix, exact: false, loose: true };
  });
  return scopes.every((s) => !s.exact && s.path === '') ? undefined : scopes;
}

/** `app.openapi(createRoute({ method: 'get', path: '/users/{id}', middleware: [auth] }), handler)`. */
function registerOpenApi(link: Link, api: RegistrationApi, args: Node[]): void {
  const route = args[0] && deref(api.index, args[0], api.scope);
  const definition = route && unwrap(route.node);
  const options = definition?.type === 'CallExpression' ? definition.arguments[0] && unwrap(definition.arguments[0] as Node) : definition;
  if (!route || options?.type !== 'ObjectExpression') return api.problem('openapi(): the route definition could not be resolved', args[0] ?? link.call);
  const field = (name: string) => objectProperty(options, name);
  const method = field('method') && api.paths(field('method') as Node, route.scope)?.[0]?.toUpperCase();
  const paths = field('path') && api.paths(field('path') as Node, route.scope);
  if (!method || !paths || !(HTTP_METHODS as readonly string[]).includes(method)) return api.problem('openapi(): method or path is not static', args[0] ?? link.call);
  const middleware = field('middleware');
  const before = middleware ? api.args([middleware], route.scope) : [];
  const handlers = api.args(args.slice(1));
  const handler = handlers[handlers.length - 1];
  api.emit({
    kind: 'route',
    methods: [method as Method],
    paths,
    middleware: [...before, ...handlers.slice(0, -1)],
    handler,
    module: api.module,
    line: api.line(link.property),
    validation: 'zod',
  });
}
