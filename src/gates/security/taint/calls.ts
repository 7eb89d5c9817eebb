/**
 * Calls while a function is read. Arguments are read first (callbacks of a tainted array's
 * `map`/`forEach`/`filter` get its elements), then the call is checked against the sinks, then
 * its value is worked out: request data off a request object (`req.get('x')`), a library's known
 * effect (library.ts), a closure called in place, or a project function's summary applied to the
 * arguments: that is how request data is followed from a route into a service and a repository.
 */
import type { Node } from 'oxc-parser';
import { isFunction, memberPath as dottedPath, propertyName, unwrap } from '../../../scan/code/ast.js';
import { VALIDATION_PACKAGES } from '../../../scan/code/facts/validation.js';
import { resolveCallees } from './callees.js';
import type { Evaluator } from './evaluator.js';
import { lookup, type Frame } from './frames.js';
import { libraryResult } from './library.js';
import { calleeOrigin } from './packages.js';
import { sinksOfCall } from './sinks.js';
import { callOnRequest, requestOrigin } from './sources.js';
import type { FunctionRef, Hop, Origin, Summary, Value } from './types.js';
import { addHops, CLEAN, compose, flatten, fromTaint, isTainted, join, joinTaint, member, memberPath, stringify } from './values.js';

type Call = Extract<Node, { type: 'CallExpression' }>;

/** Array methods whose first argument is called with the elements. */
const CALLBACK_METHODS = new Set(['map', 'flatMap', 'forEach', 'filter', 'find', 'findLast', 'some', 'every', 'reduce', 'sort']);
const MAPPING = new Set(['map', 'flatMap', 'reduce']);
const NUMERIC_CALLBACKS = new Set(['Number', 'parseInt', 'parseFloat', 'Boolean', 'BigInt']);
const CONSTRUCTORS_KEEPING_VALUE = new Set(['URL', 'String', 'URLSearchParams']);
/** `schema.validate(req.body)` / express-validator's `validationResult(req)`: the request's data is checked from here on. */
const VALIDATING_METHODS = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'validate', 'validateAsync', 'validateSync']);
const REQUEST_VALIDATORS = new Set(['validationResult', 'matchedData', 'validateOrReject', 'validate']);

export function evaluateCall(ev: Evaluator, node: Call, frame: Frame): Value {
  const callee = unwrap(node.callee);
  let receiver = CLEAN;
  let method: string | undefined;
  if (callee.type === 'MemberExpression') {
    receiver = ev.visit(callee.object, frame);
    if (callee.computed) ev.visit(callee.property, frame);
    method = propertyName(callee.property, callee.computed);
  } else if (callee.type === 'Identifier') {
    method = callee.name;
  } else if (isFunction(callee)) {
    // `(async () => { … })()`: read in place with the arguments.
    return ev.callback(callee, frame, node.arguments.map((arg) => ev.visit(arg as Node, frame)));
  } else {
    ev.visit(callee, frame);
  }
  const bare = callee.type === 'Identifier';
  const { args, mapped } = readArguments(ev, node, frame, bare ? undefined : method, receiver);
  const argNodes = node.arguments as Node[];
  for (const check of sinksOfCall(node, ev.sinks)) ev.hits.check(check, args, argNodes);
  if (method === undefined) return CLEAN;
  if (argNodes[0] && (bare ? REQUEST_VALIDATORS.has(method) : VALIDATING_METHODS.has(method) && isValidator(ev, callee))) noteValidation(argNodes[0], frame);
  const fromRequest = bare ? CLEAN : requestData(ev, node, receiver, method, argNodes[0]);
  return join(fromRequest, mapped ?? resultOf(ev, node, frame, { callee, method, bare, receiver, args }));
}

/**
 * The arguments' values. A callback given to a tainted array's `map`/`filter`/`forEach` is read
 * with its parameter bound to the elements; for `map`/`flatMap`/`reduce` what it returns is the result.
 */
function readArguments(ev: Evaluator, node: Call, frame: Frame, method: string | undefined, receiver: Value): { args: Value[]; mapped: Value | undefined } {
  const args: Value[] = [];
  let mapped: Value | undefined;
  for (const [i, arg] of (node.arguments as Node[]).entries()) {
    const inner = unwrap(arg);
    if (i !== 0 || !isFunction(inner) || method === undefined || !CALLBACK_METHODS.has(method) || !isTainted(receiver)) {
      args.push(ev.visit(arg, frame));
      continue;
    }
    const element = member(receiver, undefined, ev.place(arg));
    const returned = ev.callback(inner, frame, method === 'reduce' ? [CLEAN, element] : [element, CLEAN, receiver]);
    if (MAPPING.has(method)) mapped = returned;
    args.push({ taint: [], fn: inner });
  }
  return { args, mapped };
}

interface CallParts {
  callee: Node;
  method: string;
  bare: boolean;
  receiver: Value;
  args: Value[];
}

/** What a call returns: a closure read in place, a library's known effect, or a project function's summary. */
function resultOf(ev: Evaluator, node: Call, frame: Frame, parts: CallParts): Value {
  const { callee, method, bare, receiver, args } = parts;
  const first = node.arguments[0] as Node | undefined;
  if (!bare && (method === 'map' || method === 'flatMap') && first?.type === 'Identifier') {
    if (NUMERIC_CALLBACKS.has(first.name)) return CLEAN;
    if (first.name === 'String') return stringify(receiver);
  }
  const closure = bare ? lookup(frame, method)?.fn : undefined;
  const inlined = closure ? ev.inline(closure, args) : undefined;
  if (inlined) return inlined;
  const known = libraryResult({ call: node, callee, method, bare, receiver, args, place: (n) => ev.place(n), text: (n) => ev.text(n) }, ev.sinks);
  if (known) return known;
  return args.some(isTainted) ? throughProject(ev, node, frame, args) : CLEAN;
}

export function evaluateNew(ev: Evaluator, node: Extract<Node, { type: 'NewExpression' }>, frame: Frame): Value {
  const args = (node.arguments as Node[]).map((arg) => ev.visit(arg, frame));
  for (const check of sinksOfCall(node, ev.sinks)) ev.hits.check(check, args, node.arguments as Node[]);
  const callee = unwrap(node.callee);
  return callee.type === 'Identifier' && CONSTRUCTORS_KEEPING_VALUE.has(callee.name) ? join(...args) : CLEAN;
}

/** `req.param('id')`, `ctx.get('x')`, `c.req.json()`; Nest's `context.switchToHttp().getRequest()` is the request. */
function requestData(ev: Evaluator, node: Call, receiver: Value, method: string, first: Node | undefined): Value {
  if (method === 'getRequest') return { taint: [requestOrigin('http', 'request', ev.place(node), { validated: false })] };
  if (receiver.taint.length === 0) return CLEAN;
  const found: Origin[] = [];
  for (const origin of receiver.taint) {
    if (origin.root.kind !== 'request') continue;
    const data = callOnRequest(origin, origin.root, method, first, ev.place(node));
    if (data) found.push(data);
  }
  return fromTaint(found);
}

/** `schema.validate(x)` from a validation library or the project, not `qs.parse(x)`. */
function isValidator(ev: Evaluator, callee: Node): boolean {
  const origin = calleeOrigin(ev.engine.index, ev.module, callee);
  return !origin || VALIDATION_PACKAGES[origin.pkg] !== undefined;
}

/**
 * The request a checked value was read from counts as validated in this function: code that
 * validates `req.body` and then reads `req.body.email` reads a value of the checked type.
 */
function noteValidation(argument: Node, frame: Frame): void {
  let root = unwrap(argument);
  while (root.type === 'MemberExpression') root = unwrap(root.object);
  if (root.type !== 'Identifier') return;
  for (let current: Frame | undefined = frame; current; current = current.parent) {
    const value = current.vars.get(root.name);
    if (!value) continue;
    if (value.taint.some((o) => o.root.kind === 'request' && !o.root.validated)) {
      current.vars.set(root.name, { ...value, taint: value.taint.map((o) => (o.root.kind === 'request' ? { ...o, validated: true, root: { ...o.root, validated: true } } : o)) });
    }
    return;
  }
}

/** The project functions a call may run. */
export function calleesOf(ev: Evaluator, node: Call, frame: Frame): FunctionRef[] {
  return resolveCallees(node, () => frame.scope(), { ...ev.engine.callees, module: ev.module, isLocal: (callee) => startsLocal(callee, frame) });
}

/** A project function (or several candidates): its summary applied to these arguments. */
function throughProject(ev: Evaluator, node: Call, frame: Frame, args: Value[]): Value {
  const refs = calleesOf(ev, node, frame);
  if (refs.length === 0) return CLEAN;
  const name = `${calleeName(node)}()`;
  let result = CLEAN;
  for (const ref of refs) result = join(result, applySummary(ev, ev.engine.summaryOf(ref), node, name, args));
  return result;
}

function applySummary(ev: Evaluator, summary: Summary, node: Call, name: string, args: Value[]): Value {
  const at = ev.place(node);
  const hop = (index: number, returned: boolean): Hop => ({ ...at, message: `passed to ${name} as argument ${index + 1}${returned ? ' and returned' : ''}` });
  for (const flow of summary.sinks) {
    const arg = args[flow.index];
    if (!arg) continue;
    for (const origin of flatten(memberPath(arg, flow.path, at))) {
      if (origin.root.kind === 'request') continue;
      ev.hits.record(flow.sink, compose(origin, flow, hop(flow.index, false)), flow.argAt);
    }
  }
  const returned: (readonly Origin[])[] = [];
  for (const flow of summary.returns) {
    const arg = args[flow.index];
    if (!arg) continue;
    returned.push(flatten(memberPath(arg, flow.path, at)).filter((o) => o.root.kind !== 'request').map((o) => compose(o, flow, hop(flow.index, true))));
  }
  if (summary.returnsSources.length) returned.push(summary.returnsSources.map((o) => ({ ...o, hops: addHops(o.hops, [{ ...at, message: `returned by ${name}` }]) })));
  return fromTaint(joinTaint(...returned));
}

/** `x(…)` / `x.y(…)` where `x` is a variable or parameter of the code being read. */
function startsLocal(callee: Node, frame: Frame): boolean {
  let node = unwrap(callee);
  while (node.type === 'MemberExpression') node = unwrap(node.object);
  return node.type !== 'Identifier' || lookup(frame, node.name) !== undefined;
}

const calleeName = (node: Call): string => {
  const path = dottedPath(node.callee);
  if (path && path.length <= 48) return path;
  const callee = unwrap(node.callee);
  return callee.type === 'MemberExpression' ? (propertyName(callee.property, callee.computed) ?? 'function') : 'function';
};
