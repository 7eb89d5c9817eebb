/**
 * Method chains as a list: `knex.schema.withSchema('s').createTable('t', fn)` is the root `knex`
 * followed by `.schema`, `.withSchema('s')`, `.createTable('t', fn)`. Also how a chain is named in
 * messages, and whether a piece of code mentions a name at all (the database parameter).
 */
import type { Argument, CallExpression, Expression, Node } from 'oxc-parser';
import { unwrap } from '../../../../scan/models/js-ast.js';

export interface Link {
  /** The property (`createTable`), or '' for a call on the root itself (`knex('users')`). */
  name: string;
  /** Present when the link is a call. */
  args?: Argument[];
  /** Where the link is written: the property name, or the call. */
  at: { start: number };
}

export interface Chain {
  root: Expression;
  links: Link[];
}

export function flattenChain(node: Expression): Chain {
  const value = unwrap(node) as Expression;
  if (value.type === 'ChainExpression') return flattenChain(value.expression as Expression);
  if (value.type === 'CallExpression') {
    const callee = unwrap(value.callee) as Expression;
    if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') {
      const chain = flattenChain(callee.object);
      chain.links.push({ name: callee.property.name, args: value.arguments, at: callee.property });
      return chain;
    }
    return { root: callee, links: [{ name: '', args: value.arguments, at: value }] };
  }
  if (value.type === 'MemberExpression' && !value.computed && value.property.type === 'Identifier') {
    const chain = flattenChain(value.object);
    chain.links.push({ name: value.property.name, at: value.property });
    return chain;
  }
  return { root: value, links: [] };
}

/** `knex.schema.createTable(…).createView`: the chain up to and including link `upTo`, for messages. */
export function describeChain(chain: Chain, upTo = chain.links.length - 1): string {
  let text = rootName(chain.root);
  chain.links.slice(0, upTo + 1).forEach((link, i) => {
    if (link.name) text += `.${link.name}`;
    if (link.args && i < upTo) text += link.args.length ? '(…)' : '()';
  });
  return text;
}

const rootName = (root: Expression): string => {
  const value = unwrap(root);
  if (value?.type === 'Identifier') return value.name;
  if (value?.type === 'ThisExpression') return 'this';
  return '…';
};

/** The callee's name when `node` is a call: `Promise.all`, `knex.schema.createTable(…).then`. */
export function describeCall(node: CallExpression): string {
  return describeChain(flattenChain(node));
}

/** TypeScript nodes that hold a value (the rest are types, which never mention a variable). */
const TS_VALUES = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSInstantiationExpression', 'TSParameterProperty']);

/** Whether `root` mentions one of `names` as a value (not as a property key, member name or type); `this` counts when listed. */
export function mentions(root: unknown, names: ReadonlySet<string>): Node | undefined {
  if (!root || typeof root !== 'object') return undefined;
  if (Array.isArray(root)) {
    for (const item of root) {
      const found = mentions(item, names);
      if (found) return found;
    }
    return undefined;
  }
  const node = root as Node & Record<string, unknown>;
  if (typeof node.type !== 'string' || (node.type.startsWith('TS') && !TS_VALUES.has(node.type))) return undefined;
  if (node.type === 'Identifier') return names.has(node.name) ? node : undefined;
  if (node.type === 'ThisExpression') return names.has('this') ? node : undefined;
  for (const key in node) {
    if (key === 'parent' || key === 'typeAnnotation' || key === 'returnType' || key === 'typeArguments' || key === 'typeParameters') continue;
    if (key === 'property' && node.type === 'MemberExpression' && !node.computed) continue;
    if (key === 'key' && (node.type === 'Property' || node.type === 'MethodDefinition' || node.type === 'PropertyDefinition') && !node.computed) continue;
    const child = node[key];
    if (child && typeof child === 'object') {
      const found = mentions(child, names);
      if (found) return found;
    }
  }
  return undefined;
}

/** The names a parameter binds: `knex`, `{ context: db }` → db. */
export function boundNames(pattern: Node | undefined): string[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'AssignmentPattern':
      return boundNames(pattern.left);
    case 'TSParameterProperty':
      return boundNames(pattern.parameter);
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => boundNames(p.type === 'RestElement' ? p.argument : p.value));
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => (e ? boundNames(e) : []));
    case 'RestElement':
      return boundNames(pattern.argument);
    default:
      return [];
  }
}
