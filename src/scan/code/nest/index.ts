/**
 * NestJS: controllers (`@Controller` + `@Get`/`@Post`/…), composed with the bootstrap's global
 * prefix and URI versioning and `RouterModule` paths; auth from guards (global, `APP_GUARD`,
 * controller, method), public markers and module middleware; validation from pipes and DTOs;
 * statuses from `@HttpCode`, Nest's defaults and thrown exceptions.
 */
import type { Class, Node } from 'oxc-parser';
import type { Endpoint } from '../../../registry/schema.js';
import type { ParsedModule } from '../../parse.js';
import type { ScanProblem } from '../../types.js';
import { isClass } from '../ast.js';
import type { ProjectIndex } from '../graph.js';
import type { FrameworkScanner } from '../types.js';
import { readAppConfig, TEST_FILE } from './app-config.js';
import { readController } from './controllers.js';
import { routeEndpoints, type NestSetup } from './endpoint.js';
import { readMiddleware } from './middleware.js';
import { readModules } from './modules.js';

const usesNest = (module: ParsedModule) => module.imports.some((binding) => binding.specifier.startsWith('@nestjs/'));
const isAppCode = (module: ParsedModule) => usesNest(module) && !TEST_FILE.test(module.file.path);

/** Top-level classes (plain, exported, default-exported) that carry decorators. */
function decoratedClasses(module: ParsedModule): Class[] {
  const out: Class[] = [];
  for (const statement of module.program.body) {
    const exported = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration';
    const node = (exported ? statement.declaration : statement) as Node | null;
    if (node && isClass(node) && node.decorators.length > 0) out.push(node);
  }
  return out;
}

export const nestScanner: FrameworkScanner = {
  id: 'nestjs',
  detect: (index) => [...index.modules.values()].some(usesNest),
  scan(index: ProjectIndex) {
    const problems: ScanProblem[] = [];
    const classes = [...index.modules.values()].filter(isAppCode).flatMap((module) => decoratedClasses(module).map((node) => ({ module, node })));
    const modules = readModules(index, classes);
    const setup: NestSetup = { index, config: readAppConfig(index), modules, middleware: readMiddleware(index, modules) };
    problems.push(...setup.config.problems);
    const endpoints: Endpoint[] = [];
    const seen = new Set<string>();
    for (const { module, node } of classes) {
      const controller = readController(index, module, node, problems);
      if (!controller) continue;
      for (const route of controller.routes) {
        for (const endpoint of routeEndpoints(setup, controller, route)) {
          if (seen.has(endpoint.id)) continue;
          seen.add(endpoint.id);
          endpoints.push(endpoint);
        }
      }
    }
    // By file and line, the order a reader meets them in (stable: one method's paths stay in order).
    endpoints.sort((a, b) => {
      const [fa, fb] = [a.source?.file ?? '', b.source?.file ?? ''];
      return fa < fb ? -1 : fa > fb ? 1 : (a.source?.line ?? 0) - (b.source?.line ?? 0);
    });
    return { endpoints, problems };
  },
};
