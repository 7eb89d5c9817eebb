/**
 * `@Module({...})` metadata that changes routes: global guards provided as `APP_GUARD` (in any
 * module: Nest makes them global wherever they are declared), which module owns which
 * controller, and `RouterModule.register([{ path, module, children }])` paths.
 */
import type { Class, Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { isClass, memberPath, objectProperty, unwrap } from '../ast.js';
import { resolveName, walk, type ProjectIndex } from '../graph.js';
import { joinPaths } from '../paths.js';
import { decoratorsOf, findDecorator } from './decorators.js';
import { refOf, type Ref } from './refs.js';
import { readStrings } from './values.js';

export interface NestModules {
  appGuards: Ref[];
  /** Controller class → the module class that lists it. */
  owner: Map<Node, Node>;
  /** Module class → its `RouterModule` path. */
  modulePaths: Map<Node, string>;
  /** Module classes, with the module they are declared in (for `configure(consumer)`). */
  classes: { module: ParsedModule; node: Class }[];
}

/** Array elements, following identifiers and spreads of constant arrays (`[...sharedProviders]`). */
export function arrayElements(index: ProjectIndex, module: ParsedModule, node: Node | undefined, depth = 0): { module: ParsedModule; node: Node }[] {
  if (!node || depth > 4) return [];
  let target = { module, node: unwrap(node) };
  if (target.node.type === 'Identifier') {
    const found = resolveName(index, module, target.node.name);
    if (!found) return [];
    target = { module: found.module, node: unwrap(found.node) };
  }
  if (target.node.type !== 'ArrayExpression') return [];
  const out: { module: ParsedModule; node: Node }[] = [];
  for (const element of target.node.elements) {
    if (!element) continue;
    if (element.type === 'SpreadElement') out.push(...arrayElements(index, target.module, element.argument, depth + 1));
    else out.push({ module: target.module, node: element });
  }
  return out;
}

const classOf = (index: ProjectIndex, module: ParsedModule, node: Node): Node | undefined => {
  const inner = unwrap(node);
  if (inner.type !== 'Identifier') return undefined;
  const found = resolveName(index, module, inner.name);
  return found && isClass(found.node) ? found.node : undefined;
};

function readProvider(index: ProjectIndex, module: ParsedModule, node: Node, into: NestModules): void {
  if (node.type !== 'ObjectExpression') return;
  const token = memberPath(objectProperty(node, 'provide') ?? node)?.split('.').pop();
  if (token !== 'APP_GUARD') return;
  const value = objectProperty(node, 'useClass') ?? objectProperty(node, 'useExisting') ?? objectProperty(node, 'useValue');
  const ref = value ? refOf(index, module, value) : undefined;
  if (ref) into.appGuards.push(ref);
}

/** `RouterModule.register(routes)`: each route's path prefixes its module's controllers, children nest. */
function readRoutes(index: ProjectIndex, module: ParsedModule, node: Node | undefined, parent: string, into: NestModules): void {
  for (const entry of arrayElements(index, module, node)) {
    const route = unwrap(entry.node);
    if (route.type !== 'ObjectExpression') {
      const bare = classOf(index, entry.module, route); // a bare module in `children` takes the parent's path
      if (bare) into.modulePaths.set(bare, parent);
      continue;
    }
    const pathNode = objectProperty(route, 'path');
    const path = joinPaths(parent, (pathNode && readStrings(index, entry.module, pathNode)?.[0]) ?? '');
    const target = objectProperty(route, 'module');
    const moduleClass = target ? classOf(index, entry.module, target) : undefined;
    if (moduleClass) into.modulePaths.set(moduleClass, path);
    readRoutes(index, entry.module, objectProperty(route, 'children'), path, into);
  }
}

function readModule(index: ProjectIndex, module: ParsedModule, node: Class, options: Node, into: NestModules): void {
  for (const provider of arrayElements(index, module, objectProperty(options, 'providers'))) readProvider(index, provider.module, unwrap(provider.node), into);
  for (const controller of arrayElements(index, module, objectProperty(options, 'controllers'))) {
    const found = classOf(index, controller.module, controller.node);
    if (found) into.owner.set(found, node);
  }
  walk(options, (child) => {
    if (child.type !== 'CallExpression' || memberPath(child.callee) !== 'RouterModule.register') return;
    readRoutes(index, module, child.arguments[0] as Node, '', into);
  });
}

export function readModules(index: ProjectIndex, classes: readonly { module: ParsedModule; node: Class }[]): NestModules {
  const into: NestModules = { appGuards: [], owner: new Map(), modulePaths: new Map(), classes: [] };
  for (const { module, node } of classes) {
    const options = findDecorator(decoratorsOf(node), 'Module')?.args[0];
    if (!options) continue;
    into.classes.push({ module, node });
    if (options.type === 'ObjectExpression') readModule(index, module, node, options, into);
  }
  return into;
}
