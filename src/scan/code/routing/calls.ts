/**
 * Calls that may hand an app or router to project code: which function (or class constructor) a
 * call runs, and the named values of an object argument (`expressLoader({ app })`).
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { isClass, isFunction, propertyName, unwrap, type FunctionLike } from '../ast.js';
import type { ProjectIndex } from '../graph.js';
import type { Scope } from '../scope.js';
import { deref } from '../values.js';

/** `register(app)`, `require('./routes')(app)`, `new UserRoutes(router)`: the function that runs. */
export function calleeFunction(index: ProjectIndex, node: Extract<Node, { type: 'CallExpression' | 'NewExpression' }>, scope: Scope): { node: FunctionLike; module: ParsedModule } | undefined {
  const callee = deref(index, node.callee, scope);
  if (!callee) return undefined;
  if (isFunction(callee.node)) return { node: callee.node, module: callee.module };
  if (!isClass(callee.node)) return undefined;
  const ctor = callee.node.body.body.find((e) => e.type === 'MethodDefinition' && e.kind === 'constructor');
  return ctor?.type === 'MethodDefinition' ? { node: ctor.value, module: callee.module } : undefined;
}

/** The statically named properties of an object literal with their values. */
export function objectValues(node: Node): { value: Node; property: string }[] {
  if (node.type !== 'ObjectExpression') return [];
  return node.properties.flatMap((p) => {
    const property = p.type === 'Property' ? propertyName(p.key, p.computed) : undefined;
    return p.type === 'Property' && property !== undefined ? [{ value: unwrap(p.value), property }] : [];
  });
}
