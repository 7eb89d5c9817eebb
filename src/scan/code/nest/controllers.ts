/**
 * Nest controllers: classes decorated `@Controller(...)` and their handler methods (`@Get()`,
 * `@Post(':id')`, …), with the route methods a controller inherits from a base class (generic
 * CRUD controllers declare their handlers once on an abstract parent).
 */
import type { Class, MethodDefinition, Node } from 'oxc-parser';
import type { ScanProblem } from '../../types.js';
import type { ParsedModule } from '../../parse.js';
import { resolveName, type ProjectIndex } from '../graph.js';
import { expandComposites } from './composites.js';
import { decoratorsOf, findDecorator, type DecoratorUse } from './decorators.js';
import { objectProperty } from '../ast.js';
import { readStrings, readVersions } from './values.js';

/** Method decorators and the HTTP methods they declare; `All` answers every method. */
export const ROUTE_DECORATORS: ReadonlyMap<string, string> = new Map([
  ['Get', 'GET'],
  ['Post', 'POST'],
  ['Put', 'PUT'],
  ['Patch', 'PATCH'],
  ['Delete', 'DELETE'],
  ['Head', 'HEAD'],
  ['Options', 'OPTIONS'],
  ['All', 'ALL'],
]);

export interface NestRoute {
  method: string;
  /** Method-level paths (`''` when the decorator has none). */
  paths: string[];
  /** `@Version(...)` on the method. */
  versions: string[] | undefined;
  decorators: DecoratorUse[];
  node: MethodDefinition;
  /** The module declaring the method (a base class may live elsewhere). */
  module: ParsedModule;
  line: number;
}

export interface NestController {
  module: ParsedModule;
  node: Class;
  name: string;
  paths: string[];
  versions: string[] | undefined;
  decorators: DecoratorUse[];
  routes: NestRoute[];
}

const methodName = (method: MethodDefinition) => (method.key.type === 'Identifier' ? method.key.name : undefined);

/** Route methods of a class and of its ancestors; a method a subclass redeclares is its own. */
function collectRoutes(index: ProjectIndex, module: ParsedModule, node: Class, problems: ScanProblem[], seen: Set<Node>): NestRoute[] {
  if (seen.has(node) || seen.size > 8) return [];
  seen.add(node);
  const routes: NestRoute[] = [];
  const own = new Set<string>();
  for (const member of node.body.body) {
    if (member.type !== 'MethodDefinition' || member.kind !== 'method' || member.static) continue;
    const name = methodName(member);
    if (name) own.add(name);
    const written = decoratorsOf(member);
    const route = written.find((use) => ROUTE_DECORATORS.has(use.name));
    if (!route) continue;
    const decorators = expandComposites(index, module, written);
    const arg = route.args[0];
    const paths = arg ? readStrings(index, module, arg) : [''];
    const line = module.lines.line(route.node.start);
    if (!paths) {
      problems.push({
        file: module.file.path,
        line,
        message: `nest: @${route.name}() path is not a static string; route skipped`,
        severity: 'warning',
      });
      continue;
    }
    const version = findDecorator(decorators, 'Version');
    const versions = version?.args[0] ? readVersions(index, module, version.args[0]) : undefined;
    routes.push({ method: ROUTE_DECORATORS.get(route.name) as string, paths, versions, decorators, node: member, module, line });
  }
  if (node.superClass?.type === 'Identifier') {
    const parent = resolveName(index, module, node.superClass.name);
    if (parent && (parent.node.type === 'ClassDeclaration' || parent.node.type === 'ClassExpression')) {
      const inherited = collectRoutes(index, parent.module, parent.node, problems, seen);
      routes.push(...inherited.filter((route) => !own.has(methodName(route.node) ?? '')));
    }
  }
  return routes;
}

/** Whether `Controller` here is Nest's (routing-controllers has a decorator of the same name). */
function importsNest(module: ParsedModule): boolean {
  return module.imports.some((binding) => binding.specifier.startsWith('@nestjs/'));
}

export function readController(index: ProjectIndex, module: ParsedModule, node: Class, problems: ScanProblem[]): NestController | undefined {
  const own = decoratorsOf(node);
  const controller = findDecorator(own, 'Controller');
  if (!controller || !importsNest(module)) return undefined;
  const decorators = expandComposites(index, module, own);
  const arg = controller.args[0];
  let paths: string[] | undefined = [''];
  let versions: string[] | undefined;
  if (arg?.type === 'ObjectExpression') {
    const path = objectProperty(arg, 'path');
    const version = objectProperty(arg, 'version');
    paths = path ? readStrings(index, module, path) : [''];
    versions = version ? readVersions(index, module, version) : undefined;
  } else if (arg) {
    paths = readStrings(index, module, arg);
  }
  const name = node.id?.name ?? 'default';
  if (!paths) {
    problems.push({
      file: module.file.path,
      line: module.lines.line(controller.node.start),
      message: `nest: @Controller() path of ${name} is not a static string; its routes are skipped`,
      severity: 'warning',
    });
    return undefined;
  }
  return { module, node, name, paths, versions, decorators, routes: collectRoutes(index, module, node, problems, new Set()) };
}
