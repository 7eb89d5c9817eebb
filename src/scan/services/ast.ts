/** Small readers of oxc (ESTree) nodes shared by the service scanner's passes. */
import type { Expression, ModuleExportName, Node } from 'oxc-parser';

const WRAPPERS = new Set([
  'TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSInstantiationExpression',
  'ParenthesizedExpression',
]);

/** Strips what only TypeScript sees, and parentheses: `(x as Foo)!` is `x`. */
export function unwrap(node: Expression): Expression {
  let current = node;
  while (WRAPPERS.has(current.type)) current = (current as { expression: Expression }).expression;
  return current;
}

/** The text of a string literal or of a template literal without substitutions. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export const exportName = (node: ModuleExportName): string => (node.type === 'Literal' ? node.value : node.name);

/** The name a callee hangs off: `a` for `a(…)`, `a.b.c(…)` and `a.b().c(…)`. */
export function rootName(node: Expression): string | undefined {
  let current = unwrap(node);
  for (;;) {
    if (current.type === 'Identifier') return current.name;
    if (current.type === 'MemberExpression') current = unwrap(current.object);
    else if (current.type === 'CallExpression') current = unwrap(current.callee);
    else return undefined;
  }
}

/** The non-computed property a member callee ends in: `schedule` for `cron.schedule(…)`. */
export function memberName(node: Expression): string | undefined {
  const callee = unwrap(node);
  return callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier'
    ? callee.property.name
    : undefined;
}

/** `'x'` for `require('x')`. */
export function requireCall(node: Node): string | undefined {
  if (node.type !== 'CallExpression' || node.arguments.length !== 1) return undefined;
  const callee = unwrap(node.callee);
  if (callee.type !== 'Identifier' || callee.name !== 'require') return undefined;
  return stringValue(node.arguments[0]);
}

/**
 * What a module-level initialiser loads: `require('x')` and `await import('x')` bind the module,
 * `require('x').Y` its export `Y`, and `require('stripe')(key)` what the module's function returns.
 */
export function loadedModule(init: Expression): { specifier: string; imported: string } | undefined {
  const node = unwrap(init);
  const direct = requireCall(node);
  if (direct !== undefined) return { specifier: direct, imported: 'default' };
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    const specifier = requireCall(unwrap(node.object));
    return specifier === undefined ? undefined : { specifier, imported: node.property.name };
  }
  if (node.type === 'CallExpression') {
    const specifier = requireCall(unwrap(node.callee));
    return specifier === undefined ? undefined : { specifier, imported: 'default' };
  }
  if (node.type === 'AwaitExpression' && node.argument.type === 'ImportExpression') {
    const specifier = stringValue(node.argument.source);
    return specifier === undefined ? undefined : { specifier, imported: 'default' };
  }
  return undefined;
}

/** Function declarations, function expressions and arrows. */
export const isFunctionLike = (node: Node): boolean =>
  node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
