/**
 * One Nest handler method → its endpoints (one per path, version and, for `@All()`, method),
 * each with the facts that hold for it: auth, validation, params, statuses, rate limiting.
 */
import type { Endpoint } from '../../../registry/schema.js';
import { isRateLimiterName } from '../facts.js';
import type { ProjectIndex } from '../graph.js';
import { pathParams, pathVersion, toOpenApiPath } from '../paths.js';
import { ALL_METHODS, isCatchAll } from '../routing/registration.js';
import type { NestAppConfig } from './app-config.js';
import { guardsOf, publicMarker, routeAuth } from './auth.js';
import type { NestController, NestRoute } from './controllers.js';
import { filterDecorators, findDecorator } from './decorators.js';
import { bindingApplies, type MiddlewareBinding } from './middleware.js';
import type { NestModules } from './modules.js';
import { handlerInput } from './params.js';
import { refOf, type Ref } from './refs.js';
import { routePaths } from './route-paths.js';
import { routeResponses } from './status.js';
import type { Node } from 'oxc-parser';
import { classScope, moduleScope } from '../scope.js';
import { once, recordSite } from '../sites.js';

export interface NestSetup {
  index: ProjectIndex;
  config: NestAppConfig;
  modules: NestModules;
  middleware: MiddlewareBinding[];
}

/** Pipes by the library they validate with; `ParseIntPipe` and the like are conversions, not validation. */
function pipeValidation(pipes: readonly Ref[]): string | undefined {
  for (const { name } of pipes) {
    if (/zod/i.test(name)) return 'zod';
    if (/joi/i.test(name)) return 'joi';
    if (/yup/i.test(name)) return 'yup';
    if (/valibot/i.test(name)) return 'valibot';
    if (/typebox/i.test(name)) return 'typebox';
    if (/validation/i.test(name)) return 'class-validator';
  }
  return undefined;
}

function pipesOf(index: ProjectIndex, controller: NestController, route: NestRoute): Ref[] {
  const read = (module: NestRoute['module'], decorators: NestRoute['decorators']) =>
    filterDecorators(decorators, 'UsePipes').flatMap((use) => use.args.flatMap((arg) => refOf(index, use.module ?? module, arg) ?? []));
  return [...read(controller.module, controller.decorators), ...read(route.module, route.decorators)];
}

/** Throttler: `@SkipThrottle()` opts out; a ThrottlerGuard (any level), `@Throttle()` or a limiter middleware opts in. */
function rateLimited(guards: readonly Ref[], middleware: readonly Ref[], controller: NestController, route: NestRoute): boolean {
  if (findDecorator(route.decorators, 'SkipThrottle') ?? findDecorator(controller.decorators, 'SkipThrottle')) return false;
  if (findDecorator(route.decorators, 'Throttle') ?? findDecorator(controller.decorators, 'Throttle')) return true;
  return [...guards, ...middleware].some((ref) => limiter(ref.name));
}

const limiters = new Map<string, boolean>();
/** `isRateLimiterName`, memoised: the same global guards are read for every route. */
function limiter(name: string): boolean {
  let found = limiters.get(name);
  if (found === undefined) limiters.set(name, (found = isRateLimiterName(name)));
  return found;
}

export function routeEndpoints(setup: NestSetup, controller: NestController, route: NestRoute): Endpoint[] {
  const { index, config, modules } = setup;
  const modulePath = modules.modulePaths.get(modules.owner.get(controller.node) ?? controller.node) ?? '';
  const globalGuards = [...config.globalGuards, ...modules.appGuards];
  const controllerGuards = guardsOf(index, controller.module, controller.decorators);
  const methodGuards = guardsOf(index, route.module, route.decorators);
  const publicBy = publicMarker(index, route.module, route.decorators) ?? publicMarker(index, controller.module, controller.decorators);
  const input = handlerInput(index, route);
  const validation = pipeValidation([...pipesOf(index, controller, route), ...input.pipes]) ?? input.dtoValidation ?? 'none';
  const responses = routeResponses(index, route);
  // `@All()` means the five ordinary methods, as for the other frameworks; on a catch-all path it is a fallback.
  const methods = route.method === 'ALL' ? [...ALL_METHODS] : [route.method as Endpoint['method']];
  const endpoints: Endpoint[] = [];
  for (const method of methods) {
    for (const path of routePaths(config, modulePath, controller, route, method)) {
      if (route.method === 'ALL' && isCatchAll(path.relative)) continue;
      const middleware = [
        ...config.globalMiddleware,
        ...setup.middleware.filter((b) => bindingApplies(b, controller.node, path.relative, method)).flatMap((b) => b.refs),
      ];
      const openApi = toOpenApiPath(path.full);
      endpoints.push({
        id: `${method} ${openApi}`,
        method,
        path: openApi,
        framework: 'nestjs',
        source: { file: route.module.file.path, line: route.line },
        ...routeAuth({ globalGuards, controllerGuards, methodGuards, middleware, publicBy }),
        params: { path: pathParams(openApi), query: input.query, body: input.body },
        validation,
        responses,
        documented: false,
        version: path.version !== undefined ? (/^v/i.test(path.version) ? path.version : `v${path.version}`) : pathVersion(openApi),
        rateLimited: rateLimited([...globalGuards, ...controllerGuards, ...methodGuards], middleware, controller, route),
      });
    }
  }
  for (const endpoint of endpoints) {
    recordSite(index, endpoint, {
      module: route.module,
      node: route.node,
      handlers: once(() => {
        const fn = route.node.value as unknown as Node;
        return [{ module: route.module, node: fn, scope: classScope(moduleScope(route.module), controller.node) }];
      }),
      chain: once(() =>
        [...globalGuards, ...controllerGuards, ...methodGuards].map((ref) => ({ name: ref.name, expr: route.node as unknown as Node, scope: moduleScope(route.module) })),
      ),
    });
  }
  return endpoints;
}
