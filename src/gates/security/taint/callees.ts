/**
 * Which project functions a call may run. First the code graph (local functions, imports,
 * namespaces, `this.method`, object members, `new Service().method`); then a Nest-style injected
 * service by its declared type (`constructor(private users: UsersService)` → UsersService's
 * method); last, a method of the same name and a fitting arity anywhere in the project, unless
 * the receiver is a package's object (`pool.query`) or a well-known global.
 */
import type { Class, Node } from 'oxc-parser';
import { isClass, isFunction, propertyName, unwrap } from '../../../scan/code/ast.js';
import { importOf, resolveName, resolveProperty, type Definition, type ProjectIndex } from '../../../scan/code/graph.js';
import { classScope, moduleScope, type Scope } from '../../../scan/code/scope.js';
import { deref } from '../../../scan/code/values.js';
import type { ParsedModule } from '../../../scan/parse.js';
import { arityFits, type FunctionEntry } from './functions.js';
import { calleeOrigin, packageOf } from './packages.js';
import { parameterTypeName } from './sources.js';
import type { FunctionRef } from './types.js';

export interface CalleeContext {
  index: ProjectIndex;
  module: ParsedModule;
  /** Functions named so, anywhere in the project's service code. */
  byName(name: string): readonly FunctionEntry[];
  /** Whether a callee starts with a name bound inside the function being read (not a module-level name). */
  isLocal(callee: Node): boolean;
}

const GLOBAL_RECEIVERS = new Set(['console', 'JSON', 'Math', 'Object', 'Array', 'Promise', 'process', 'Buffer', 'Reflect', 'Number', 'String', 'Date', 'res', 'reply', 'response', 'next', 'logger', 'log', 'router', 'app']);
/** Built-in method names (arrays, strings, promises, emitters, responses): a same-named project function is a coincidence. */
const BUILT_IN_METHODS = new Set([
  'then', 'catch', 'finally', 'push', 'pop', 'shift', 'unshift', 'map', 'flatMap', 'filter', 'forEach', 'reduce', 'includes', 'indexOf',
  'join', 'split', 'slice', 'splice', 'concat', 'replace', 'replaceAll', 'trim', 'toString', 'toLowerCase', 'toUpperCase', 'startsWith',
  'endsWith', 'emit', 'on', 'once', 'off', 'send', 'json', 'status', 'end', 'write', 'log', 'info', 'warn', 'error', 'debug', 'trace',
  'call', 'apply', 'bind', 'test', 'match', 'set', 'has', 'add', 'append', 'sort', 'some', 'every', 'keys', 'values', 'entries', 'assign',
  'stringify', 'parse', 'resolve', 'reject', 'header', 'setHeader', 'cookie', 'redirect', 'render', 'type', 'code', 'pipe', 'toJSON',
]);
/** What a receiver's value being one of these says: not a project object whose method could be found by name. */
const NOT_PROJECT_OBJECTS = new Set(['Literal', 'TemplateLiteral', 'ArrayExpression', 'ObjectExpression', 'ArrowFunctionExpression', 'FunctionExpression', 'BinaryExpression']);
/** More same-named candidates than this and the name says nothing about which one runs. */
const MAX_BY_NAME = 4;

export function resolveCallees(call: Extract<Node, { type: 'CallExpression' }>, scope: () => Scope, context: CalleeContext): FunctionRef[] {
  const callee = unwrap(call.callee);
  const count = call.arguments.length;
  if (callee.type === 'MemberExpression') {
    const object = unwrap(callee.object);
    if (object.type === 'Identifier' && GLOBAL_RECEIVERS.has(object.name)) return [];
  }
  const local = context.isLocal(callee);
  if (!local && fromPackage(callee, context)) return [];
  const global = local ? undefined : throughGraph(callee, context);
  if (global) return [global];
  const target = deref(context.index, callee, scope());
  if (target && isFunction(target.node)) return [{ module: target.module, node: target.node, parentScope: () => target.scope }];
  if (callee.type === 'Identifier') {
    const imported = importOf(context.module, callee.name);
    // An import the resolver could not follow (path aliases it does not know): by the exported name.
    if (imported && !target && packageOf(imported.specifier) === undefined) return byName(imported.imported, count, context);
    return [];
  }
  if (callee.type !== 'MemberExpression') return [];
  const method = propertyName(callee.property, callee.computed);
  if (method === undefined) return [];
  const object = unwrap(callee.object);
  const owner = deref(context.index, object, scope());
  const typed = owner ? injectedMethod(context.index, owner.module, owner.node, method) : undefined;
  if (typed) return [typed];
  if (BUILT_IN_METHODS.has(method) || calleeOrigin(context.index, context.module, object) !== undefined) return [];
  if (owner && (NOT_PROJECT_OBJECTS.has(owner.node.type) || isClass(owner.node) || !fromProject(owner.node, owner.module, context))) return [];
  return byName(method, count, context);
}

/** `new Map()`, `new pg.Pool()`, `axios.create()`: made by a global or a package, so its methods are not the project's. */
function fromProject(node: Node, module: ParsedModule, context: CalleeContext): boolean {
  if (node.type !== 'NewExpression' && node.type !== 'CallExpression') return true;
  const callee = unwrap(node.callee);
  if (callee.type === 'Identifier' && importOf(module, callee.name) === undefined && resolveName(context.index, module, callee.name) === undefined) return false;
  return calleeOrigin(context.index, module, callee) === undefined;
}

/** `bcrypt.hash(x)`, `axios.get(x)`, `hash(x)` imported from a package: not project code. */
function fromPackage(callee: Node, context: CalleeContext): boolean {
  let root = callee;
  while (root.type === 'MemberExpression') root = unwrap(root.object);
  if (root.type !== 'Identifier') return false;
  const imported = importOf(context.module, root.name);
  return imported !== undefined && packageOf(imported.specifier) !== undefined;
}

/**
 * `helper(x)`, `service.find(x)`, `repo.users.find(x)` with module-level names: the code graph
 * alone answers, without building function scopes.
 */
function throughGraph(callee: Node, context: CalleeContext): FunctionRef | undefined {
  let definition: Definition | undefined;
  if (callee.type === 'Identifier') definition = resolveName(context.index, context.module, callee.name);
  else if (callee.type === 'MemberExpression') {
    const name = propertyName(callee.property, callee.computed);
    const object = unwrap(callee.object);
    if (name === undefined || object.type !== 'Identifier') return undefined;
    const owner = resolveName(context.index, context.module, object.name);
    definition = owner && resolveProperty(context.index, owner, name);
  }
  if (!definition || definition.path) return undefined;
  const node = unwrap(definition.node);
  if (!isFunction(node)) return undefined;
  const module = definition.module;
  return { module, node, parentScope: () => moduleScope(module) };
}

function byName(name: string, count: number, context: CalleeContext): FunctionRef[] {
  const found = context.byName(name).filter((entry) => arityFits(entry.node, count));
  return found.length <= MAX_BY_NAME ? found : [];
}

/** `this.users.find(…)` where `users` is a constructor parameter typed `UsersService`: that class's method. */
function injectedMethod(index: ProjectIndex, module: ParsedModule, node: Node, method: string): FunctionRef | undefined {
  const typeName = node.type === 'TSParameterProperty' || node.type === 'Identifier' ? parameterTypeName(node) : undefined;
  const name = typeName?.type === 'Identifier' ? typeName.name : undefined;
  if (!name) return undefined;
  const definition = resolveName(index, module, name);
  const cls = definition && unwrap(definition.node);
  if (!cls || !isClass(cls)) return undefined;
  const found = methodOf(cls, method);
  if (!found) return undefined;
  const owner = definition.module;
  return { module: owner, node: found, parentScope: () => classScope(moduleScope(owner), cls) };
}

function methodOf(cls: Class, name: string) {
  for (const element of cls.body.body) {
    if (element.type === 'MethodDefinition' && !element.static && propertyName(element.key, element.computed) === name) return element.value;
    if (element.type === 'PropertyDefinition' && !element.static && propertyName(element.key, element.computed) === name && isFunction(element.value)) return element.value;
  }
  return undefined;
}
