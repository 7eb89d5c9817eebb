/**
 * Small, allocation-free helpers over the oxc ESTree AST that every code scanner needs: a walk that
 * follows the parser's own visitor keys (so new node kinds are never silently skipped), dotted
 * names of member chains, and unwrapping of the TypeScript-only wrappers that never change a value.
 */
import { visitorKeys } from 'oxc-parser';
import type { CallExpression, Expression, Function as FunctionNode, Node } from 'oxc-parser';

type Visitor = (node: Node, parent: Node | undefined) => void | false;

/** Depth-first walk over every node; return false from the visitor to skip a node's children. */
export function walk(node: Node, visit: Visitor): void {
  visitNode(node, undefined, visit);
}

function visitNode(node: Node, parent: Node | undefined, visit: Visitor): void {
  if (visit(node, parent) === false) return;
  forEachChild(node, (child) => visitNode(child, node, visit));
}

/** Calls `fn` for each direct child of a node, in source order, without building an array (walks are hot). */
export function forEachChild(node: Node, fn: (child: Node) => void): void {
  const keys = visitorKeys[node.type];
  if (!keys) return;
  const record = node as unknown as Record<string, unknown>;
  for (const key of keys) {
    const value = record[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === 'object') fn(item as Node);
    } else if (value && typeof value === 'object') fn(value as Node);
  }
}

/** The direct children of a node, in source order. */
export function childNodes(node: Node): Node[] {
  const children: Node[] = [];
  forEachChild(node, (child) => children.push(child));
  return children;
}

/** Strips parentheses, `as`, `satisfies`, `!` and `<T>x`: none of them changes a runtime value. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'ChainExpression':
        current = current.expression;
        break;
      case 'AwaitExpression':
        current = current.argument;
        break;
      default:
        return current;
    }
  }
}

/** Dotted name of a callee or member chain: `this.app.use` → 'this.app.use'; undefined for computed/other. */
export function memberPath(node: Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'ThisExpression') return 'this';
  if (inner.type === 'Super') return 'super';
  if (inner.type !== 'MemberExpression' || inner.computed) return undefined;
  const object = memberPath(inner.object);
  return object === undefined ? undefined : `${object}.${inner.property.name}`;
}

/** The name of a non-computed (or string-keyed) member or property key. */
export function propertyName(key: Node, computed = false): string | undefined {
  if (!computed && (key.type === 'Identifier' || key.type === 'PrivateIdentifier')) return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `obj.name` or `obj['name']` → 'name'. */
export function memberName(node: Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type !== 'MemberExpression') return undefined;
  return propertyName(inner.property, inner.computed);
}

/** The method name of a call like `x.get(...)`, and the expression it is called on. */
export function methodCall(node: Node): { object: Expression; name: string; call: CallExpression } | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const name = propertyName(callee.property, callee.computed);
  return name === undefined ? undefined : { object: callee.object, name, call: node };
}

export type FunctionLike = FunctionNode | import('oxc-parser').ArrowFunctionExpression;

export const isFunction = (node: Node | null | undefined): node is FunctionLike =>
  !!node && (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression');

export const isClass = (node: Node | null | undefined): node is import('oxc-parser').Class =>
  !!node && (node.type === 'ClassDeclaration' || node.type === 'ClassExpression');

/** A string literal's value, or undefined. */
export function stringLiteral(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.type === 'Literal' && typeof inner.value === 'string') return inner.value;
  if (inner.type === 'TemplateLiteral' && inner.expressions.length === 0) return inner.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** The identifier a parameter binds (`app`, `app = x`, `private app: X`), if it binds exactly one. */
export function paramName(param: Node): string | undefined {
  if (param.type === 'Identifier') return param.name;
  if (param.type === 'AssignmentPattern') return paramName(param.left);
  if (param.type === 'TSParameterProperty') return paramName(param.parameter);
  return undefined;
}

/** `require('x')` → 'x'. */
export function requireSpecifier(node: Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type !== 'CallExpression' || inner.arguments.length !== 1) return undefined;
  if (inner.callee.type !== 'Identifier' || inner.callee.name !== 'require') return undefined;
  return stringLiteral(inner.arguments[0] as Node);
}

/** The properties of an object literal by static key (spreads and computed keys skipped). */
export function objectProperty(node: Node, name: string): Node | undefined {
  if (node.type !== 'ObjectExpression') return undefined;
  for (let i = node.properties.length - 1; i >= 0; i--) {
    const property = node.properties[i] as Node;
    if (property.type !== 'Property') continue;
    if (propertyName(property.key, property.computed) === name) return property.value;
  }
  return undefined;
}
