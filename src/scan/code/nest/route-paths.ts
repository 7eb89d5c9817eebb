/**
 * A Nest route's full paths, built the way Nest's RoutePathFactory does:
 * `/{globalPrefix}/{version}/{RouterModule path}/{controller path}/{method path}`. The global
 * prefix is left off routes its `exclude` list matches (matched without the version, as Nest
 * does); the version segment exists only with URI versioning, and not for `VERSION_NEUTRAL`.
 * Array paths and several versions multiply.
 */
import { joinPaths } from '../paths.js';
import type { NestAppConfig } from './app-config.js';
import type { NestController, NestRoute } from './controllers.js';
import { matchesRoute } from './route-pattern.js';
import { VERSION_NEUTRAL } from './values.js';

export interface RoutePath {
  /** Nest-style (`:id`), with prefix and version. */
  full: string;
  /** Without global prefix and version: what middleware `forRoutes`/`exclude` patterns match. */
  relative: string;
  /** The version this path answers, if versioning applies to it. */
  version: string | undefined;
}

export function routePaths(config: NestAppConfig, modulePath: string, controller: NestController, route: NestRoute, method: string): RoutePath[] {
  const versioning = config.versioning;
  const versions = versioning ? (route.versions ?? controller.versions ?? versioning.defaultVersions ?? [undefined]) : [undefined];
  const out: RoutePath[] = [];
  for (const controllerPath of controller.paths) {
    for (const methodPath of route.paths) {
      const relative = joinPaths(modulePath, controllerPath, methodPath);
      const excluded = config.prefixExclude.some((pattern) => matchesRoute(pattern, relative, method));
      for (const version of versions) {
        const neutral = version === undefined || version === VERSION_NEUTRAL;
        const segment = versioning?.type === 'URI' && !neutral ? `${versioning.prefix}${version}` : '';
        const full = joinPaths(excluded ? '' : config.globalPrefix, segment, relative);
        out.push({ full, relative, version: neutral ? undefined : version });
      }
    }
  }
  return out;
}
