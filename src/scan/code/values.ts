/**
 * What an expression evaluates to, statically: the node that creates the value (a `Router()` call,
 * a function, an object literal, a parameter), with the scope to read that node in. Follows local
 * variables, imports, `require()`, object and namespace members, class members (`this.router`,
 * `new Routes().router`), `.bind()`, and the return value of project functions (`createRouter()`).
 * Unresolvable names give undefined; any other expression is its own value.
 */
import type { Class, Node } from 'oxc-parser';
import type { ParsedModule } from '../parse.js';
import { childNodes, isClass, isFunction, objectProperty, paramName, propertyName, requireSpecifier, unwrap, type FunctionLike } from './ast.js';
import type { LocalResolver } from './evaluate.js';
import { resolveExport, resolveModule, resolveName, type Definition, type ProjectIndex } from './graph.js';
import { classScope, functionScope, lookup, moduleScope, type Scope } from './scope.js';

export interface Target {
  module: ParsedModule;
  node: Node;
  scope: Scope;
}

const MAX_DEPTH = 24;

/**
 * With `follow: false`, a call to a project function stays the call (`catchAsync(async (req, res) =>
 * …)` rather than the wrapper's inner function): what handler analysis wants.
 */
export function deref(index: ProjectIndex, expression: Node, scope: Scope, depth = 0, follow = true): Target | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(expression);
  switch (node.type) {
    case 'Identifier':
      return derefName(index, node.name, scope, depth, follow);
    case 'MemberExpression': {
      const name = propertyName(node.property, node.computed);
      if (name === undefined) return undefined;
      const object = unwrap(node.object);
      if (object.type === 'ThisExpression') return scope.classNode && instanceMember(index, { module: scope.module, node: scope.classNode, scope }, name, depth);
      const owner = deref(index, object, scope, depth + 1);
      return owner && member(index, owner, name, depth, follow);
    }
    case 'CallExpression':
      return (follow ? derefCall(index, node, scope, depth) : undefined) ?? { module: scope.module, node, scope };
    default:
      return { module: scope.module, node, scope };
  }
}

/** Identity of a value: the module and span of the node that creates it (`new Hono()` and `new Hono().basePath('/api')` start alike). */
export const targetKey = (target: Target): string => `${target.module.file.path}:${target.node.start}-${target.node.end}`;

/** A LocalResolver (for evaluateString and the facts helpers) that sees this scope's bindings. */
export function scopeResolver(index: ProjectIndex, scope: Scope): LocalResolver {
  const resolve: LocalResolver = (node) => {
    const inner = unwrap(node);
    const local = inner.type === 'Identifier' ? lookup(scope, inner.name) : undefined;
    const thisMember = inner.type === 'MemberExpression' && unwrap(inner.object).type === 'ThisExpression';
    if (!local && !thisMember) return undefined;
    const target = deref(index, inner, scope);
    return target && target.node !== inner ? { module: target.module, node: target.node, local: scopeResolver(index, target.scope) } : undefined;
  };
  return resolve;
}

function fromDefinition(index: ProjectIndex, definition: Definition, depth: number, follow = true): Target {
  const scope = moduleScope(definition.module);
  if (definition.path) return { module: definition.module, node: definition.declarator ?? definition.node, scope };
  return deref(index, definition.node, scope, depth + 1, follow) ?? { module: definition.module, node: definition.node, scope };
}

function derefName(index: ProjectIndex, name: string, scope: Scope, depth: number, follow: boolean): Target | undefined {
  const binding = lookup(scope, name);
  if (!binding) return topLevel(index, scope.module, name, depth, follow);
  const { scope: where } = binding;
  switch (binding.kind) {
    case 'param':
    case 'decl':
      return { module: where.module, node: binding.node, scope: where };
    case 'value':
      return deref(index, binding.node, where, depth + 1, follow);
    case 'var': {
      if (!binding.init) return { module: where.module, node: binding.node, scope: where };
      let target = deref(index, binding.init, where, depth + 1, follow || binding.path.length > 0);
      for (const step of binding.path) target = target && member(index, target, step, depth, follow);
      return target;
    }
  }
}

const topLevelCache = new WeakMap<ParsedModule, Map<string, Target | undefined>>();

/** A module-level name: the same answer wherever in the module it is asked, so it is asked once. */
function topLevel(index: ProjectIndex, module: ParsedModule, name: string, depth: number, follow: boolean): Target | undefined {
  let cache = topLevelCache.get(module);
  if (!cache) {
    cache = new Map();
    topLevelCache.set(module, cache);
  }
  const key = follow ? name : `${name}\0`;
  if (cache.has(key)) return cache.get(key);
  const definition = resolveName(index, module, name);
  const target = definition && fromDefinition(index, definition, depth, follow);
  cache.set(key, target);
  return target;
}

/** `owner.name` for an object literal, a module namespace, an enum, a class (static) or an instance. */
export function member(index: ProjectIndex, owner: Target, name: string, depth = 0, follow = true): Target | undefined {
  const node = unwrap(owner.node);
  switch (node.type) {
    case 'Program': {
      const definition = resolveExport(index, owner.module.file.path, name);
      return definition && fromDefinition(index, definition, depth, follow);
    }
    case 'ObjectExpression': {
      const value = objectProperty(node, name);
      return value && deref(index, value, owner.scope, depth + 1, follow);
    }
    case 'TSEnumDeclaration': {
      const found = node.body.members.find((m) => propertyName(m.id) === name)?.initializer;
      return found ? { ...owner, node: found } : undefined;
    }
    case 'ClassDeclaration':
    case 'ClassExpression':
      return classMember(index, owner, node, name, true, depth);
    case 'NewExpression': {
      const made = deref(index, node.callee, owner.scope, depth + 1);
      return made && isClass(made.node) ? instanceMember(index, made, name, depth) : undefined;
    }
    default:
      return undefined;
  }
}

/** `this.name` inside a class, or `new C().name`: a property initializer, a method, or a constructor assignment. */
function instanceMember(index: ProjectIndex, owner: Target, name: string, depth: number): Target | undefined {
  const node = owner.node as Class;
  const found = classMember(index, owner, node, name, false, depth);
  if (found) return found;
  const ctor = node.body.body.find((e) => e.type === 'MethodDefinition' && e.kind === 'constructor');
  if (!ctor || ctor.type !== 'MethodDefinition') return undefined;
  const ctorScope = functionScope(ctor.value, classScope(owner.scope, node));
  for (const param of ctor.value.params) {
    if (param.type === 'TSParameterProperty' && paramName(param) === name) return { module: owner.module, node: param, scope: ctorScope };
  }
  const assigned = thisAssignment(ctor.value.body as Node | null, name);
  return assigned && deref(index, assigned, ctorScope, depth + 1);
}

function classMember(index: ProjectIndex, owner: Target, node: Class, name: string, wantStatic: boolean, depth: number): Target | undefined {
  for (const element of node.body.body) {
    if (element.type !== 'PropertyDefinition' && element.type !== 'MethodDefinition') continue;
    if (element.static !== wantStatic || propertyName(element.key, element.computed) !== name || !element.value) continue;
    const scope = classScope(owner.scope, node);
    return element.type === 'MethodDefinition' ? { module: owner.module, node: element.value, scope } : deref(index, element.value, scope, depth + 1);
  }
  return undefined;
}

/** The right-hand side of `this.name = …` among a constructor's statements. */
function thisAssignment(body: Node | null, name: string): Node | undefined {
  if (!body || body.type !== 'BlockStatement') return undefined;
  for (const statement of body.body) {
    const expression = statement.type === 'ExpressionStatement' ? statement.expression : undefined;
    if (expression?.type !== 'AssignmentExpression' || expression.operator !== '=') continue;
    const left = unwrap(expression.left);
    if (left.type === 'MemberExpression' && unwrap(left.object).type === 'ThisExpression' && propertyName(left.property, left.computed) === name) {
      return expression.right;
    }
  }
  return undefined;
}

function derefCall(index: ProjectIndex, call: Extract<Node, { type: 'CallExpression' }>, scope: Scope, depth: number): Target | undefined {
  const specifier = requireSpecifier(call);
  if (specifier !== undefined) {
    const module = resolveModule(index, scope.module, specifier);
    if (!module) return undefined;
    const path = module.file.path;
    const definition = resolveExport(index, path, 'default') ?? resolveExport(index, path, '*');
    return definition && fromDefinition(index, definition, depth);
  }
  const callee = unwrap(call.callee);
  if (callee.type === 'MemberExpression' && propertyName(callee.property, callee.computed) === 'bind') return deref(index, callee.object, scope, depth + 1);
  const fn = deref(index, callee, scope, depth + 1);
  if (!fn || !isFunction(fn.node)) return undefined;
  const returned = returnedExpression(fn.node);
  return returned && deref(index, returned, functionScope(fn.node, fn.scope), depth + 1);
}

/** What a function returns: its expression body, or the first `return x` not inside a nested function. */
export function returnedExpression(fn: FunctionLike): Node | undefined {
  if (!fn.body) return undefined;
  if (fn.body.type !== 'BlockStatement') return fn.body as Node;
  const search = (node: Node): Node | undefined => {
    if (node.type === 'ReturnStatement') return (node.argument as Node | null) ?? undefined;
    if (isFunction(node) || isClass(node)) return undefined;
    for (const child of childNodes(node)) {
      const found = search(child);
      if (found) return found;
    }
    return undefined;
  };
  return search(fn.body as Node);
}
