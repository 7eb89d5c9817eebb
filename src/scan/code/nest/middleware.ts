/**
 * Module middleware: `configure(consumer) { consumer.apply(A, B).exclude(...).forRoutes(...) }`.
 * `forRoutes` takes controller classes, path strings (`'users'`, `'*'`) and `{ path, method }`
 * objects; `exclude` takes the last two. Where the module sits does not matter: Nest applies
 * the middleware to every route the binding matches.
 */
import type { CallExpression, Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { isClass, methodCall, propertyName, unwrap } from '../ast.js';
import { resolveName, walk, type ProjectIndex } from '../graph.js';
import { readRoutePatterns } from './app-config.js';
import { arrayElements, type NestModules } from './modules.js';
import { refOf, type Ref } from './refs.js';
import { matchesRoute, type RoutePattern } from './route-pattern.js';

export interface MiddlewareBinding {
  refs: Ref[];
  controllers: Set<Node>;
  include: RoutePattern[];
  exclude: RoutePattern[];
}

/** Arguments with spreads of constant arrays expanded. */
function argumentsOf(index: ProjectIndex, module: ParsedModule, call: CallExpression): { module: ParsedModule; node: Node }[] {
  return call.arguments.flatMap((arg) =>
    arg.type === 'SpreadElement' ? arrayElements(index, module, arg.argument) : [{ module, node: unwrap(arg) }],
  );
}

function readBinding(index: ProjectIndex, module: ParsedModule, forRoutes: CallExpression): MiddlewareBinding | undefined {
  const binding: MiddlewareBinding = { refs: [], controllers: new Set(), include: [], exclude: [] };
  for (const { module: m, node } of argumentsOf(index, module, forRoutes)) {
    const found = node.type === 'Identifier' ? resolveName(index, m, node.name) : undefined;
    if (found && isClass(found.node)) binding.controllers.add(found.node);
    else binding.include.push(...readRoutePatterns(index, m, [node]));
  }
  // Down the chain: `.exclude(...)` calls until the `.apply(...)` that starts this binding.
  let current = methodCall(forRoutes)?.object as Node | undefined;
  while (current) {
    const call = methodCall(unwrap(current));
    if (!call) return undefined;
    const args = argumentsOf(index, module, call.call);
    if (call.name === 'exclude') for (const arg of args) binding.exclude.push(...readRoutePatterns(index, arg.module, [arg.node]));
    if (call.name === 'apply') {
      binding.refs = args.map((arg) => refOf(index, arg.module, arg.node)).filter((ref): ref is Ref => ref !== undefined);
      return binding;
    }
    current = call.object;
  }
  return undefined;
}

export function readMiddleware(index: ProjectIndex, modules: NestModules): MiddlewareBinding[] {
  const bindings: MiddlewareBinding[] = [];
  for (const { module, node } of modules.classes) {
    for (const member of node.body.body) {
      if (member.type !== 'MethodDefinition' || propertyName(member.key, member.computed) !== 'configure') continue;
      walk(member.value as Node, (child) => {
        if (child.type !== 'CallExpression' || methodCall(child)?.name !== 'forRoutes') return;
        const binding = readBinding(index, module, child);
        if (binding) bindings.push(binding);
      });
    }
  }
  return bindings;
}

/** Whether a binding applies to a route (`path` without the global prefix or version segment). */
export function bindingApplies(binding: MiddlewareBinding, controller: Node, path: string, method: string): boolean {
  const included = binding.controllers.has(controller) || binding.include.some((pattern) => matchesRoute(pattern, path, method));
  return included && !binding.exclude.some((pattern) => matchesRoute(pattern, path, method));
}
