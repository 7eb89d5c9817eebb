/**
 * A walk over one module that knows the scope of every call, and unrolls loops over static lists
 * (`routes.forEach((r) => router.use(r.path, r.route))`, `for (const [path, r] of
 * Object.entries(routes))`): route tables are a common way to mount routers.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { forEachChild, isClass, isFunction, memberPath, propertyName, unwrap } from '../ast.js';
import type { ProjectIndex } from '../graph.js';
import { classScope, functionScope, moduleScope, valueScope, type Scope } from '../scope.js';
import { deref } from '../values.js';

const MAX_UNROLL = 100;

export function walkScoped(index: ProjectIndex, module: ParsedModule, onCall: (node: Node, scope: Scope) => void): void {
  const visit = (node: Node, scope: Scope): void => {
    if (isFunction(node)) {
      const inner = functionScope(node, scope);
      for (const param of node.params) visit(param as Node, inner);
      if (node.body) visit(node.body as Node, inner);
      return;
    }
    if (isClass(node)) {
      if (node.superClass) visit(node.superClass as Node, scope);
      visit(node.body, classScope(scope, node));
      return;
    }
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      onCall(node, scope);
      if (node.type === 'CallExpression' && unrollForEach(node, scope)) return;
    }
    if (node.type === 'ForOfStatement' && unrollForOf(node, scope)) return;
    forEachChild(node, (child) => visit(child, scope));
  };

  /** `list.forEach((item) => …)` over a static list: the body once per element, `item` bound to it. */
  const unrollForEach = (call: Extract<Node, { type: 'CallExpression' }>, scope: Scope): boolean => {
    const callee = unwrap(call.callee);
    if (callee.type !== 'MemberExpression' || !['forEach', 'map'].includes(propertyName(callee.property, callee.computed) ?? '')) return false;
    const fn = call.arguments[0] && unwrap(call.arguments[0] as Node);
    if (!isFunction(fn) || !fn.body || !fn.params[0]) return false;
    const inner = functionScope(fn, scope);
    const list = iterations(fn.params[0] as Node, callee.object, scope);
    if (!list) return false;
    visit(callee.object, scope);
    for (const bindings of list) visit(fn.body as Node, bind(inner, bindings));
    return true;
  };

  const unrollForOf = (loop: Extract<Node, { type: 'ForOfStatement' }>, scope: Scope): boolean => {
    const left = loop.left;
    const declarator = left.type === 'VariableDeclaration' && left.declarations.length === 1 ? left.declarations[0] : undefined;
    const list = declarator && iterations(declarator.id as Node, loop.right, scope);
    if (!list) return false;
    for (const bindings of list) visit(loop.body, bind(scope, bindings));
    return true;
  };

  /**
   * The bindings of each iteration over a static list: an array literal (`[{ path, route }]`,
   * `[['/a', a]]`), or `Object.entries/keys/values` of an object literal (`{ '/users': users }`).
   */
  const iterations = (pattern: Node, source: Node, scope: Scope): Iteration[] | undefined => {
    const names = pattern.type === 'Identifier' ? [pattern.name] : pattern.type === 'ArrayPattern' ? pattern.elements.map((e) => (e?.type === 'Identifier' ? e.name : undefined)) : [];
    if (!names.some(Boolean)) return undefined;
    const items = listItems(source, scope);
    if (!items || items.nodes.length > MAX_UNROLL) return undefined;
    return items.nodes.map((item) => {
      const parts = pattern.type === 'Identifier' ? [item] : item.type === 'ArrayExpression' ? (item.elements as (Node | null)[]) : [];
      return names.flatMap((name, i) => (name && parts[i] ? [{ name, node: parts[i] as Node, scope: items.scope }] : []));
    });
  };

  const listItems = (source: Node, scope: Scope): { nodes: Node[]; scope: Scope } | undefined => {
    const call = unwrap(source);
    const objectMethod = call.type === 'CallExpression' ? /^Object\.(entries|keys|values)$/.exec(memberPath(call.callee) ?? '')?.[1] : undefined;
    const target = deref(index, objectMethod && call.type === 'CallExpression' ? (call.arguments[0] as Node) : source, scope);
    if (!target) return undefined;
    if (!objectMethod) {
      if (target.node.type !== 'ArrayExpression') return undefined;
      return { nodes: target.node.elements.filter((e) => !!e && e.type !== 'SpreadElement') as Node[], scope: target.scope };
    }
    if (target.node.type !== 'ObjectExpression') return undefined;
    const nodes = target.node.properties.flatMap((property): Node[] => {
      const key = property.type === 'Property' ? keyLiteral(property.key as Node, property.computed) : undefined;
      if (!key || property.type !== 'Property') return [];
      if (objectMethod === 'keys') return [key];
      if (objectMethod === 'values') return [property.value as Node];
      return [{ type: 'ArrayExpression', elements: [key, property.value], start: property.start, end: property.end } as unknown as Node];
    });
    return { nodes, scope: target.scope };
  };

  visit(module.program, moduleScope(module));
}

type Iteration = { name: string; node: Node; scope: Scope }[];

function bind(scope: Scope, bindings: Iteration): Scope {
  return bindings.reduce((inner, { name, node, scope: from }) => valueScope(inner, name, node, from), scope);
}

/** An object key as a string literal node (`users:` reads as `'users'`), so paths evaluate. */
function keyLiteral(key: Node, computed: boolean): Node | undefined {
  const name = propertyName(key, computed);
  return name === undefined ? undefined : ({ type: 'Literal', value: name, raw: JSON.stringify(name), start: key.start, end: key.end } as unknown as Node);
}
