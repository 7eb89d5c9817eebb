/**
 * The calls one plugin body makes on its Fastify instance, in source order: routes, hooks,
 * decorators, registrations, and helpers handed the instance (`setupRoutes(app)`). Nested
 * functions that rebind the instance's name (an inline plugin `register(async (app) => …)`) are
 * not this body's: they are scanned when their registration is.
 */
import type { CallExpression, Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { isFunction, memberPath, methodCall, paramName, unwrap, walk } from '../ast.js';
import type { Located } from './options.js';

export const ROUTE_METHODS = new Set(['get', 'head', 'post', 'put', 'delete', 'options', 'patch', 'all', 'route']);

export type BodyEvent =
  | { kind: 'route'; call: CallExpression; method: string; each?: Located }
  | { kind: 'hook'; call: CallExpression }
  | { kind: 'decorate'; call: CallExpression }
  | { kind: 'register'; call: CallExpression; awaited: boolean }
  | { kind: 'helper'; call: CallExpression; argIndex: number };

/** Whether `node` is the instance: its name, or a chain of calls on it (`app.register(a).register(b)`). */
function isInstance(node: Node, names: ReadonlySet<string>): boolean {
  const inner = unwrap(node);
  const path = memberPath(inner);
  if (path !== undefined) return names.has(path);
  const call = methodCall(inner);
  return call !== undefined && isInstance(call.object, names);
}

const rebinds = (fn: Node, names: ReadonlySet<string>) =>
  isFunction(fn) && fn.params.some((param) => {
    const name = paramName(param as Node);
    return name !== undefined && names.has(name);
  });

/**
 * `names` are the instance's names; an alias declared in the body joins them
 * (`const server = app.withTypeProvider<ZodTypeProvider>()`).
 */
export function readBody(module: ParsedModule, body: Node, instanceNames: ReadonlySet<string>): BodyEvent[] {
  const names = new Set(instanceNames);
  const found: { at: number; event: BodyEvent }[] = [];
  const loops = new Map<string, Node>(); // `for (const r of routes)`, `routes.forEach((r) => …)`: r → routes
  const skip = new Set<Node>();
  walk(body, (node, parent) => {
    if (skip.has(node) || (node !== body && rebinds(node, names))) return false;
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init && isInstance(node.init, names)) names.add(node.id.name);
    if (node.type === 'ForOfStatement' && node.left.type === 'VariableDeclaration') {
      const name = paramName(node.left.declarations[0]?.id as Node);
      if (name) loops.set(name, node.right);
    }
    if (node.type !== 'CallExpression') return;
    const call = methodCall(node);
    if (call && ['forEach', 'map'].includes(call.name) && isFunction(node.arguments[0] as Node)) {
      const name = paramName((node.arguments[0] as { params: Node[] }).params[0] as Node);
      if (name) loops.set(name, call.object);
    }
    if (!call || !isInstance(call.object, names)) {
      const argIndex = node.arguments.findIndex((arg) => arg.type !== 'SpreadElement' && names.has(memberPath(arg) ?? ''));
      if (argIndex >= 0 && node.callee.type === 'Identifier') found.push({ at: node.start, event: { kind: 'helper', call: node, argIndex } });
      return;
    }
    const at = (unwrap(node.callee) as { property: Node }).property.start;
    let event: BodyEvent | undefined;
    if (ROUTE_METHODS.has(call.name)) {
      const first = node.arguments[0] ? unwrap(node.arguments[0] as Node) : undefined;
      const each = call.name === 'route' && first?.type === 'Identifier' && loops.has(first.name) ? loops.get(first.name) : undefined;
      event = { kind: 'route', call: node, method: call.name, ...(each ? { each: { node: each, module } } : {}) };
    } else if (call.name === 'addHook') event = { kind: 'hook', call: node };
    else if (call.name === 'decorate') event = { kind: 'decorate', call: node };
    else if (call.name === 'register') event = { kind: 'register', call: node, awaited: parent?.type === 'AwaitExpression' };
    if (!event) return;
    found.push({ at, event });
    for (const arg of node.arguments) skip.add(arg as Node);
  });
  found.sort((a, b) => a.at - b.at);
  return found.map((f) => f.event);
}
