/**
 * Names of the things Nest metadata refers to: guards, pipes and middleware appear as a class
 * (`JwtAuthGuard`), an instance (`new JwtAuthGuard(reflector)`), a mixin call
 * (`AuthGuard('jwt')`), a container lookup (`app.get(RolesGuard)`) or a variable holding one of
 * these. The name is what `authBy` records and what the classifiers read.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { unwrap } from '../ast.js';
import { evaluateString, resolveName, type ProjectIndex } from '../graph.js';

export interface Ref {
  name: string;
  /** The class (or function) the name stands for, when it is ours and could be found. */
  node: Node;
  module: ParsedModule;
}

const lastName = (node: Node): string | undefined => {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') return node.property.name;
  return undefined;
};

/** `AuthGuard('jwt')` keeps its argument: the strategy is the interesting part. */
function mixinName(index: ProjectIndex, module: ParsedModule, callee: string, args: readonly Node[]): string {
  const values = args.map((arg) => {
    if (arg.type === 'ArrayExpression') return `[${arg.elements.map((e) => (e ? `'${evaluateString(index, module, e) ?? '?'}'` : '')).join(', ')}]`;
    const value = evaluateString(index, module, arg);
    return value === undefined ? '…' : `'${value}'`;
  });
  return `${callee}(${values.join(', ')})`;
}

const CONTAINER_LOOKUPS = new Set(['get', 'resolve', 'select']);

export function refOf(index: ProjectIndex, module: ParsedModule, node: Node, depth = 0): Ref | undefined {
  const expr = unwrap(node);
  if (expr.type === 'NewExpression') {
    const name = lastName(expr.callee);
    return name ? { name, node: expr, module } : undefined;
  }
  if (expr.type === 'CallExpression') {
    const name = lastName(expr.callee);
    if (!name) return undefined;
    // `app.get(RolesGuard)`: the container hands out the class named in the argument.
    if (expr.callee.type === 'MemberExpression' && CONTAINER_LOOKUPS.has(name) && expr.arguments[0]) return refOf(index, module, expr.arguments[0], depth + 1);
    return { name: mixinName(index, module, name, expr.arguments), node: expr, module };
  }
  if (expr.type === 'Identifier') {
    const found = depth < 4 ? resolveName(index, module, expr.name) : undefined;
    if (found && (found.node.type === 'NewExpression' || found.node.type === 'CallExpression')) return refOf(index, found.module, found.node, depth + 1);
    return { name: expr.name, node: found?.node ?? expr, module: found?.module ?? module };
  }
  const name = lastName(expr);
  return name ? { name, node: expr, module } : undefined;
}
