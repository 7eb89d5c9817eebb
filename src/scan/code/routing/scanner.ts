/**
 * A FrameworkScanner from a dialect: detect by imports, collect registrations in evaluation order,
 * flatten, and build endpoints. Express, Koa and Hono are each one dialect away from this.
 */
import type { ParsedModule } from '../../parse.js';
import { packageName } from '../../resolve.js';
import { paramName } from '../ast.js';
import { importedPackages } from '../facts/packages.js';
import type { ProjectIndex } from '../graph.js';
import { moduleSymbols } from '../symbols.js';
import type { FrameworkScanner } from '../types.js';
import { collectRoutes } from './collect.js';
import { endpointFactory } from './endpoint.js';
import { flattenRoutes } from './flatten.js';
import type { Dialect, RouterObject } from './model.js';

export function routingScanner(dialect: Dialect, options: { adoptsOrphan?: (object: RouterObject) => boolean } = {}): FrameworkScanner {
  const adoptsOrphan = options.adoptsOrphan ?? ((object: RouterObject) => usesPackage(object.module, dialect.packages));
  return {
    id: dialect.framework,
    detect: (index) => [...index.modules.values()].some((m) => usesPackage(m, dialect.packages)),
    scan(index) {
      const collected = collectRoutes(index, dialect, evaluationOrder(index));
      const flat = flattenRoutes(collected, adoptsOrphan);
      const toEndpoint = endpointFactory(index, dialect.framework);
      return { endpoints: flat.endpoints.map(toEndpoint), problems: [...collected.problems, ...flat.problems] };
    },
  };
}

/** Whether a module imports (or requires) one of the packages, type-only imports included. */
export function usesPackage(module: ParsedModule, packages: readonly string[]): boolean {
  for (const pkg of importedPackages(module)) if (packages.includes(pkg)) return true;
  return false;
}

/** The name a parameter object is bound to (`app`, `router`), for orphan heuristics. */
export const parameterName = (object: RouterObject): string | undefined => paramName(object.node);

/**
 * Modules in the order Node evaluates them (dependencies first), so registrations made on one
 * object from several files keep their runtime order.
 */
export function evaluationOrder(index: ProjectIndex): ParsedModule[] {
  const order: ParsedModule[] = [];
  const seen = new Set<string>();
  const visit = (module: ParsedModule) => {
    if (seen.has(module.file.path)) return;
    seen.add(module.file.path);
    for (const { specifier } of moduleSymbols(module).imports.values()) {
      if (packageName(specifier)) continue;
      const path = index.resolver.resolve(module.file.path, specifier);
      const target = path === undefined ? undefined : index.modules.get(path);
      if (target) visit(target);
    }
    order.push(module);
  };
  for (const path of [...index.modules.keys()].sort()) visit(index.modules.get(path) as ParsedModule);
  return order;
}
