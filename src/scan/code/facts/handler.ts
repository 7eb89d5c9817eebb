/**
 * Facts read from a handler's body: the status codes it sets, the inputs it reads, a schema it
 * parses. Handlers are often wrapped (`asyncHandler(async (req, res) => …)`) or delegate
 * (`(req, res) => controller.create(req, res)`, `controller.list.bind(controller)`), so wrappers'
 * function arguments and functions the request/response are handed to are read too, a few levels deep.
 */
import type { Node } from 'oxc-parser';
import { isFunction, paramName, unwrap, walk, type FunctionLike } from '../ast.js';
import type { ProjectIndex } from '../graph.js';
import { functionScope, type Scope } from '../scope.js';
import { deref, scopeResolver, type Target } from '../values.js';
import { inputsRead, type InputKind } from './params.js';
import { statusOfAssignment, statusOfCall } from './status.js';
import { validationOfCall } from './validation.js';

export interface HandlerFacts {
  /** Status codes, sorted, as strings; '200' added for plain responses when no other 2xx is set. */
  responses: string[];
  inputs: Record<InputKind, string[]>;
  validation: string | undefined;
}

const MAX_DEPTH = 3;

export function handlerFacts(index: ProjectIndex, expression: Node, scope: Scope): HandlerFacts {
  const state = { codes: new Set<number>(), ok: false, inputs: { path: new Set<string>(), query: new Set<string>(), body: new Set<string>() }, validation: undefined as string | undefined, seen: new Set<Node>() };
  for (const fn of handlerFunctions(index, expression, scope, 0)) analyse(index, fn, undefined, state, 0);
  const codes = [...state.codes].sort((a, b) => a - b);
  if (state.ok && !codes.some((c) => c >= 200 && c < 300)) codes.unshift(200);
  return {
    responses: [...new Set(codes)].sort((a, b) => a - b).map(String),
    inputs: { path: [...state.inputs.path], query: [...state.inputs.query], body: [...state.inputs.body] },
    validation: state.validation,
  };
}

/** The functions that run as the handler: the function itself, or a wrapper call's function arguments. */
export function handlerFunctions(index: ProjectIndex, expression: Node, scope: Scope, depth: number): Target[] {
  if (depth > MAX_DEPTH) return [];
  const node = unwrap(expression);
  if (isFunction(node)) return [{ module: scope.module, node, scope }];
  if (node.type === 'CallExpression') {
    const wrapped = node.arguments.flatMap((arg) => handlerFunctions(index, arg as Node, scope, depth + 1));
    if (wrapped.length) return wrapped;
  }
  // A name first as written (`catchAsync(async (req, res) => …)`), then followed through calls.
  for (const follow of [false, true]) {
    const target = deref(index, node, scope, 0, follow);
    if (!target || target.node === node) continue;
    const found = isFunction(target.node) ? [target] : handlerFunctions(index, target.node, target.scope, depth + 1);
    if (found.length) return found;
  }
  return [];
}

type State = {
  codes: Set<number>;
  ok: boolean;
  inputs: Record<InputKind, Set<string>>;
  validation: string | undefined;
  seen: Set<Node>;
};

function analyse(index: ProjectIndex, target: Target, rootNames: Set<string> | undefined, state: State, depth: number): void {
  const fn = target.node as FunctionLike;
  if (state.seen.has(fn) || depth > MAX_DEPTH || !fn.body) return;
  state.seen.add(fn);
  const scope = functionScope(fn, target.scope);
  const roots = rootNames ?? new Set(fn.params.slice(0, 2).map((p) => paramName(p as Node)).filter((n): n is string => !!n));
  const local = scopeResolver(index, scope);
  walk(fn.body as Node, (node) => {
    const status = statusOfCall(node, roots) ?? statusOfAssignment(node, roots);
    if (status === 'ok') state.ok = true;
    else if (status !== undefined) state.codes.add(status);
    for (const { kind, name } of inputsRead(node, roots)) state.inputs[kind].add(name);
    if (node.type !== 'CallExpression') return;
    state.validation ??= validationOfCall(index, target.module, node, local);
    if (status === undefined) delegate(index, node, roots, scope, state, depth);
  });
}

/** `controller.create(req, res)`: read the callee with its parameters standing for req and res. */
function delegate(index: ProjectIndex, call: Extract<Node, { type: 'CallExpression' }>, roots: Set<string>, scope: Scope, state: State, depth: number): void {
  const positions = call.arguments.map((arg) => (arg.type === 'Identifier' && roots.has(arg.name) ? arg.name : undefined));
  if (!positions.some(Boolean)) return;
  const callee = deref(index, call.callee, scope);
  if (!callee || !isFunction(callee.node)) return;
  const names = new Set<string>();
  for (const [i, root] of positions.entries()) {
    const name = root && callee.node.params[i] ? paramName(callee.node.params[i] as Node) : undefined;
    if (name) names.add(name);
  }
  if (names.size) analyse(index, callee, names, state, depth + 1);
}
