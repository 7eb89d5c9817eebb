/**
 * One walk over a module with what the policy rules need at each node: the scope names resolve in,
 * the chain of ancestors (to see what call an object literal is passed to), and the request
 * parameter of the enclosing function (`req`, `ctx`, `request`), for input reads.
 */
import type { Node } from 'oxc-parser';
import { childNodes, isFunction, paramName } from '../../../scan/code/ast.js';
import type { ParsedModule } from '../../../scan/parse.js';
import { functionScope, moduleScope, type Scope } from '../../../scan/code/scope.js';

export interface WalkState {
  scope: Scope;
  /** Outermost first; the last one is the node's parent. */
  ancestors: Node[];
  /** The first parameter's name of the enclosing functions (request-like roots). */
  roots: ReadonlySet<string>;
}

interface Frame {
  scope: Scope;
  roots: ReadonlySet<string>;
  children: Node[];
  next: number;
}

/** Iterative, so a deeply nested generated file (a big data literal) cannot overflow the stack. */
export function walkModule(module: ParsedModule, visit: (node: Node, state: WalkState) => void): void {
  walkFrom(module.program, moduleScope(module), new Set(), visit);
}

/** The same walk from any node, with the scope and request roots it is read in (a handler's body). */
export function walkFrom(root: Node, rootScope: Scope, rootRoots: ReadonlySet<string>, visit: (node: Node, state: WalkState) => void): void {
  const ancestors: Node[] = [];
  const stack: Frame[] = [];
  const enter = (node: Node, scope: Scope, roots: ReadonlySet<string>) => {
    visit(node, { scope, ancestors, roots });
    let innerScope = scope;
    let innerRoots = roots;
    if (isFunction(node)) {
      innerScope = functionScope(node, scope);
      const first = node.params[0] ? paramName(node.params[0] as Node) : undefined;
      if (first) innerRoots = new Set([...roots, first]);
    }
    stack.push({ scope: innerScope, roots: innerRoots, children: childNodes(node), next: 0 });
    ancestors.push(node);
  };
  enter(root, rootScope, rootRoots);
  while (stack.length) {
    const frame = stack[stack.length - 1] as Frame;
    const child = frame.children[frame.next++];
    if (child) enter(child, frame.scope, frame.roots);
    else {
      stack.pop();
      ancestors.pop();
    }
  }
}

/** The nearest ancestor of one of the given types, at most `limit` levels up. */
export function nearest(ancestors: readonly Node[], types: readonly string[], limit = 6): Node | undefined {
  for (let i = ancestors.length - 1, n = 0; i >= 0 && n < limit; i--, n++) {
    const node = ancestors[i] as Node;
    if (types.includes(node.type)) return node;
  }
  return undefined;
}
