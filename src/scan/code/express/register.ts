/**
 * What each Express call registers: `app.METHOD(path, ...handlers)`, `app.all`, `app.use([path],
 * ...middlewareOrRouters)`, and `router.route(path).get(…).post(…)` chains, where an `.all(mw)`
 * before the methods is middleware for them. `app.get('setting')` with one argument is a settings
 * read, not a route.
 */
import type { Link, RegistrationApi } from '../routing/model.js';
import { ALL_METHODS, emitRoute, METHOD_OF, pathArgument, prefixScopes, routePaths } from '../routing/registration.js';

export const EXPRESS_LINKS = new Set([...Object.keys(METHOD_OF), 'all', 'use']);

export function registerExpress(link: Link, api: RegistrationApi): void {
  const args = link.call.arguments;
  if (link.name === 'use') {
    const paths = pathArgument(api, args[0]);
    const rest = paths ? args.slice(1) : args;
    api.emit({ kind: 'use', scopes: prefixScopes(paths), args: api.useArgs(rest) });
    return;
  }
  const methods = link.name === 'all' ? ALL_METHODS : [METHOD_OF[link.name]].filter((m) => m !== undefined);
  if (link.routePath) {
    const paths = routePaths(api, link, link.routePath);
    if (!paths) return;
    if (link.name === 'all' && !link.last) {
      link.chainMiddleware?.push(...api.args(args));
      return;
    }
    emitRoute(api, link, methods, paths, args, link.chainMiddleware);
    return;
  }
  if (args.length < 2) return;
  const paths = routePaths(api, link, args[0]);
  if (paths) emitRoute(api, link, methods, paths, args.slice(1));
}
