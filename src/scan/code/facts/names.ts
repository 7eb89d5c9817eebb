/**
 * Names as the classifiers read them. Middleware and guards are recognised by the words of their
 * names (`requireAuth` → require, auth), so names are split on case changes, digits and punctuation.
 */
import type { Node } from 'oxc-parser';
import { memberPath, stringLiteral, unwrap } from '../ast.js';

/** `passport.authenticate` → ['passport', 'authenticate']; `JWTAuthGuard` → ['jwt', 'auth', 'guard']. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * How a middleware expression reads in `authBy`: `authenticate`, `auth.optional`,
 * `passport.authenticate('jwt')`, `requireRole('admin', 'owner')`; undefined when it has no name
 * (an inline function, a computed member).
 */
export function displayName(expression: Node): string | undefined {
  const node = unwrap(expression);
  if (node.type === 'CallExpression' || node.type === 'NewExpression') {
    const callee = unwrap(node.callee);
    // `jwt({…}).unless({…})` and `auth().optional`-style chains are named after the inner call.
    if (callee.type === 'MemberExpression' && unwrap(callee.object).type === 'CallExpression' && memberPath(callee.property) === 'unless') {
      return displayName(callee.object);
    }
    const name = memberPath(callee) ?? (callee.type === 'CallExpression' ? displayName(callee) : undefined);
    if (name === undefined) return undefined;
    const literals = node.arguments.flatMap((arg) => staticStrings(arg as Node));
    return literals.length ? `${name}(${literals.map((s) => `'${s}'`).join(', ')})` : name;
  }
  if (node.type === 'MemberExpression' && unwrap(node.object).type === 'CallExpression') {
    const inner = displayName(node.object);
    const property = memberPath(node.property);
    return inner && property ? `${inner}.${property}` : undefined;
  }
  return memberPath(node);
}

/** The name a classifier reads: the display name without its arguments. */
export const bareName = (display: string): string => display.replace(/\(.*\)/g, '');

function staticStrings(arg: Node): string[] {
  const value = stringLiteral(arg);
  if (value !== undefined) return [value];
  const node = unwrap(arg);
  if (node.type === 'ArrayExpression') return node.elements.flatMap((e) => (e ? staticStrings(e as Node) : []));
  return [];
}
