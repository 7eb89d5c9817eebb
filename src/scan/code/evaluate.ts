/**
 * Static string values: route paths and prefixes are mostly literals, but real projects build them
 * from constants (`${API}/users`, ROUTES.users, config.api.prefix) spread over files. Anything that
 * would need running code (a call, `process.env` without a fallback) is not static.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../parse.js';
import { propertyName, unwrap } from './ast.js';
import { resolveName, resolveProperty, type Definition, type ProjectIndex } from './graph.js';

/**
 * Optional resolution of names the graph cannot see (function-local variables, parameters bound
 * to a known value, `this.x`): return what the identifier or member expression refers to.
 */
export type LocalResolver = (node: Node) => { module: ParsedModule; node: Node; local?: LocalResolver } | undefined;

const MAX_DEPTH = 40;

/** A static string value, or undefined if the value is not static. */
export function evaluateString(index: ProjectIndex, module: ParsedModule, node: Node, local?: LocalResolver): string | undefined {
  const value = evaluate(index, module, node, local, 0);
  return typeof value === 'number' ? String(value) : value;
}

/**
 * What an identifier or member chain refers to, through local bindings first and then the graph;
 * any other expression is its own definition.
 */
export function resolveExpression(index: ProjectIndex, module: ParsedModule, node: Node, local?: LocalResolver): Definition | undefined {
  const inner = unwrap(node);
  const found = inner.type === 'Identifier' || inner.type === 'MemberExpression' ? local?.(inner) : undefined;
  if (found) return { module: found.module, name: '', node: found.node };
  if (inner.type === 'Identifier') return resolveName(index, module, inner.name);
  if (inner.type === 'MemberExpression') {
    const name = propertyName(inner.property, inner.computed);
    const object = name === undefined ? undefined : resolveExpression(index, module, inner.object, local);
    return object && name !== undefined ? resolveProperty(index, object, name) : undefined;
  }
  return { module, name: '', node: inner };
}

function evaluate(index: ProjectIndex, module: ParsedModule, raw: Node, local: LocalResolver | undefined, depth: number): string | number | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(raw);
  const next = (child: Node, m = module, l = local) => evaluate(index, m, child, l, depth + 1);
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' || typeof node.value === 'number' ? node.value : undefined;
    case 'TemplateLiteral': {
      let out = node.quasis[0]?.value.cooked ?? '';
      for (const [i, expression] of node.expressions.entries()) {
        const part = next(expression);
        if (part === undefined) return undefined;
        out += String(part) + (node.quasis[i + 1]?.value.cooked ?? '');
      }
      return out;
    }
    case 'BinaryExpression': {
      if (node.operator !== '+') return undefined;
      const left = next(node.left);
      const right = left === undefined ? undefined : next(node.right);
      if (left === undefined || right === undefined) return undefined;
      return typeof left === 'number' && typeof right === 'number' ? left + right : String(left) + String(right);
    }
    case 'LogicalExpression': {
      // `process.env.PREFIX || '/api'`: the fallback is the value the project ships with.
      if (node.operator === '&&') return undefined;
      return next(node.left) || next(node.right);
    }
    case 'Identifier':
    case 'MemberExpression': {
      const found = local?.(node);
      if (found) return next(found.node, found.module, found.local);
      const definition = resolveExpression(index, module, node, local);
      if (!definition || definition.path || unwrap(definition.node) === node) return undefined;
      const value = unwrap(definition.node);
      return value.type === 'VariableDeclarator' ? undefined : next(value, definition.module, undefined);
    }
    default:
      return undefined;
  }
}
