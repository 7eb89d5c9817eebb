/**
 * Binding patterns and `require()` shapes, as the symbol table and the scopes read them:
 * `const { a: { b } } = x` binds `b` to `x.a.b`, `({ app }) => …` binds `app` to the first
 * argument's `app`, `require('x').router` is the `router` export of 'x'.
 */
import type { Node } from 'oxc-parser';
import { propertyName, requireSpecifier, unwrap } from './ast.js';

/** `require('x')`, `require('x').a.b` → the specifier and the property path read off it. */
export function requireOf(init: Node): { specifier: string; path: string[] } | undefined {
  const path: string[] = [];
  let current = unwrap(init);
  while (current.type === 'MemberExpression') {
    const name = propertyName(current.property, current.computed);
    if (name === undefined) return undefined;
    path.unshift(name);
    current = unwrap(current.object);
  }
  const specifier = requireSpecifier(current);
  return specifier === undefined ? undefined : { specifier, path };
}

/** The names a binding pattern declares, each with its property path from the bound value. */
export function patternNames(pattern: Node, path: string[]): { name: string; path: string[] }[] {
  switch (pattern.type) {
    case 'Identifier':
      return [{ name: pattern.name, path }];
    case 'AssignmentPattern':
      return patternNames(pattern.left, path);
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) => {
        if (property.type !== 'Property') return [];
        const key = propertyName(property.key, property.computed);
        return key === undefined ? [] : patternNames(property.value, [...path, key]);
      });
    default:
      return [];
  }
}

/** The names an object-pattern parameter binds at its first level, with the identifier nodes that bind them. */
export function destructuredParams(param: Node): { key: string; name: string; node: Node }[] {
  const pattern = param.type === 'AssignmentPattern' ? param.left : param;
  if (pattern.type !== 'ObjectPattern') return [];
  return pattern.properties.flatMap((property) => {
    if (property.type !== 'Property') return [];
    const key = propertyName(property.key, property.computed);
    const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
    return key !== undefined && value.type === 'Identifier' ? [{ key, name: value.name, node: value as Node }] : [];
  });
}
