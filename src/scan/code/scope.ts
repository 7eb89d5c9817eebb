/**
 * Function-level scopes: routes are often registered inside functions (`export default (app) =>
 * {…}`, `createRouter()`), where `router` means that function's own variable. Top-level names are
 * not stored here; a lookup that falls off the top goes to the graph (resolveName).
 *
 * Declarations are hoisted to the nearest function (block scoping is ignored): two `const router`
 * in sibling blocks of one function are rare in route files, and the cost is one walk per function.
 */
import type { Class, Node } from 'oxc-parser';
import type { ParsedModule } from '../parse.js';
import { forEachChild, isClass, isFunction, paramName, type FunctionLike } from './ast.js';
import { destructuredParams, patternNames } from './patterns.js';

export type Binding =
  | { kind: 'var'; node: Node; init: Node | null; path: string[]; scope: Scope }
  | { kind: 'param'; node: Node; fn: FunctionLike; index: number; scope: Scope }
  | { kind: 'decl'; node: Node; scope: Scope }
  /** A name bound to a known value by unrolling a loop (`routes.forEach((r) => …)`). */
  | { kind: 'value'; node: Node; scope: Scope };

export interface Scope {
  module: ParsedModule;
  parent: Scope | undefined;
  names: Map<string, Binding>;
  /** The class whose body this scope is in, for `this.x`. */
  classNode: Class | undefined;
}

const moduleScopes = new WeakMap<ParsedModule, Scope>();
const parameters = new WeakSet<Node>();

/** Whether a node is a function parameter that a scope has bound (a value known only at call sites). */
export const isParameter = (node: Node): boolean => parameters.has(node);
const functionScopes = new WeakMap<Node, Scope>();

export function moduleScope(module: ParsedModule): Scope {
  let scope = moduleScopes.get(module);
  if (!scope) {
    scope = { module, parent: undefined, names: new Map(), classNode: undefined };
    moduleScopes.set(module, scope);
  }
  return scope;
}

/** A scope for a class body: its methods see `this` as the class. */
export function classScope(parent: Scope, classNode: Class): Scope {
  return { module: parent.module, parent, names: new Map(), classNode };
}

/** The scope of a function: its parameters and every declaration in its body. Cached per function. */
export function functionScope(fn: FunctionLike, parent: Scope): Scope {
  let scope = functionScopes.get(fn);
  if (scope) return scope;
  // Arrow functions keep the enclosing `this`; methods and function expressions in a class body too.
  scope = { module: parent.module, parent, names: new Map(), classNode: parent.classNode };
  functionScopes.set(fn, scope);
  for (const [index, param] of fn.params.entries()) {
    const name = paramName(param as Node);
    if (name) {
      scope.names.set(name, { kind: 'param', node: param as Node, fn, index, scope });
      parameters.add(param as Node);
    } else {
      // `({ app, config }) => …`: each destructured name is a parameter of its own (see destructuredParams).
      for (const { name: bound, node } of destructuredParams(param as Node)) {
        scope.names.set(bound, { kind: 'param', node, fn, index, scope });
        parameters.add(node);
      }
    }
  }
  if (fn.type !== 'ArrowFunctionExpression' || fn.body?.type === 'BlockStatement') {
    if (fn.body) forEachChild(fn.body as Node, (child) => hoist(scope, child));
  }
  return scope;
}

/** A child scope with one name bound to a known value. */
export function valueScope(parent: Scope, name: string, node: Node, valueFrom: Scope): Scope {
  const scope: Scope = { module: parent.module, parent, names: new Map(), classNode: parent.classNode };
  scope.names.set(name, { kind: 'value', node, scope: valueFrom });
  return scope;
}

export function lookup(scope: Scope | undefined, name: string): Binding | undefined {
  for (let current = scope; current; current = current.parent) {
    const binding = current.names.get(name);
    if (binding) return binding;
  }
  return undefined;
}

function hoist(scope: Scope, node: Node): void {
  if (node.type === 'VariableDeclaration') {
    for (const declarator of node.declarations) declarePattern(scope, declarator.id, declarator, declarator.init as Node | null);
    return;
  }
  if ((node.type === 'FunctionDeclaration' || isClass(node)) && node.id) {
    scope.names.set(node.id.name, { kind: 'decl', node, scope });
  }
  if (isFunction(node) || isClass(node)) return;
  forEachChild(node, (child) => hoist(scope, child));
}

function declarePattern(scope: Scope, pattern: Node, declarator: Node, init: Node | null): void {
  for (const { name, path } of patternNames(pattern, [])) scope.names.set(name, { kind: 'var', node: declarator, init, path, scope });
}
