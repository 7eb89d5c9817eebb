/**
 * Regex guards. A statement that stops the code unless a regex accepts a value — `if
 * (!ID.test(id)) throw …` (or `return …`), or a call to a project function that throws for its
 * parameter unless a regex accepts it (`assertTaskId(id)`) — leaves the value a string the regex
 * accepted: safe for the sinks the regex rules out (see patterns.ts). That holds for the rest of
 * the statements the guard is written among; past their end (a branch, a loop body, a try block
 * whose catch goes on) the value may again be what it was before the check.
 */
import type { Node } from 'oxc-parser';
import { forEachChild, isFunction, paramName, stringLiteral, unwrap } from '../../../scan/code/ast.js';
import type { ProjectIndex } from '../../../scan/code/graph.js';
import { functionScope, type Scope } from '../../../scan/code/scope.js';
import { deref } from '../../../scan/code/values.js';
import { resolveCallees, type CalleeContext } from './callees.js';
import { lookup, owner, type Frame } from './frames.js';
import { exits, factsOf, type RegexJudge } from './guards.js';
import { patternClears } from './patterns.js';
import type { FunctionRef } from './types.js';
import { clear, isTainted, join, stringify } from './values.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const ROOT = /^(?:[A-Za-z_$][\w$]*)/;
/** Guard functions calling guard functions: followed this deep. */
const MAX_GUARD_DEPTH = 3;
const MAX_REGEX_HOPS = 6;

/** What to undo when the statements a guard is written among end. */
export type GuardScope = (() => void)[];

/** What noting a guard needs from the evaluator reading the code. */
export interface GuardReader {
  index: ProjectIndex;
  callees: Omit<CalleeContext, 'module' | 'isLocal'>;
  /** An expression's source text, as expressions are compared (see Evaluator.text). */
  text(node: Node): string;
  /** The project functions a call may run. */
  calleesOf(call: Extract<Node, { type: 'CallExpression' }>, frame: Frame): FunctionRef[];
}

/** A judge of regexes for code read in `scope`: literals, constants holding one, `new RegExp('…', 'flags')`. */
export function regexJudge(index: ProjectIndex, scope: () => Scope): RegexJudge {
  return (regex) => regexClears(index, regex, scope, 0);
}

function regexClears(index: ProjectIndex, node: Node, scope: () => Scope, hops: number): number {
  const inner = unwrap(node);
  if (inner.type === 'Literal' && 'regex' in inner && inner.regex) {
    const { pattern, flags } = inner.regex as { pattern: string; flags: string };
    return patternClears(pattern, flags);
  }
  if (inner.type === 'NewExpression' || inner.type === 'CallExpression') {
    const callee = unwrap(inner.callee);
    if (callee.type !== 'Identifier' || callee.name !== 'RegExp') return 0;
    const [first, second] = inner.arguments as Node[];
    const source = first ? stringLiteral(first) : undefined;
    const flags = second ? stringLiteral(second) : '';
    return source === undefined || flags === undefined ? 0 : patternClears(source, flags);
  }
  if ((inner.type !== 'Identifier' && inner.type !== 'MemberExpression') || hops >= MAX_REGEX_HOPS) return 0;
  const target = deref(index, inner, scope());
  return target && unwrap(target.node) !== inner ? regexClears(index, target.node, () => target.scope, hops + 1) : 0;
}

/** After each statement of a list: if it is a guard, what it checked is marked until `undo` runs at the list's end. */
export function noteGuard(reader: GuardReader, statement: Node, frame: Frame, undo: GuardScope): void {
  if (statement.type === 'IfStatement') {
    if (!exits(statement.consequent)) return;
    const facts = factsOf(statement.test, false, (n) => reader.text(unwrap(n)), regexJudge(reader.index, () => frame.scope()));
    for (const [expression, bits] of facts.matched) markChecked(frame, expression, bits, undo);
    return;
  }
  if (statement.type !== 'ExpressionStatement') return;
  let expression = unwrap(statement.expression);
  if (expression.type === 'AwaitExpression') expression = unwrap(expression.argument);
  if (expression.type !== 'CallExpression') return;
  const call = expression;
  // Most calls pass nothing tainted: no need to find what they run.
  const tainted = (call.arguments as Node[]).some((argument) => {
    const root = rootIdentifier(argument);
    const value = root === undefined ? undefined : lookup(frame, root);
    return value !== undefined && isTainted(value);
  });
  if (!tainted) return;
  const refs = reader.calleesOf(call, frame);
  if (refs.length === 0) return;
  for (const [index, bits] of commonGuards(refs.map((ref) => guardedParams(reader, ref, 0)))) {
    const argument = call.arguments[index] as Node | undefined;
    if (argument && argument.type !== 'SpreadElement') markChecked(frame, reader.text(unwrap(argument)), bits, undo);
  }
}

/** Several functions a call may run: only what every one of them checks. */
function commonGuards(all: readonly ReadonlyMap<number, number>[]): Map<number, number> {
  const [first, ...rest] = all;
  const out = new Map<number, number>();
  for (const [index, bits] of first ?? []) {
    const common = rest.reduce((acc, other) => acc & (other.get(index) ?? 0), bits);
    if (common) out.set(index, common);
  }
  return out;
}

/** A checked variable holds a cleared string (until the list ends); a checked member expression is noted by its text. */
function markChecked(frame: Frame, expression: string, bits: number, undo: GuardScope): void {
  if (IDENTIFIER.test(expression)) {
    const home = owner(frame, expression);
    const before = home?.vars.get(expression);
    if (!home || !before || !isTainted(before)) return;
    home.vars.set(expression, clear(stringify(before), bits));
    undo.push(() => home.vars.set(expression, join(before, home.vars.get(expression))));
    return;
  }
  const root = ROOT.exec(expression)?.[0];
  if (!root) return;
  const previous = frame.checked.get(expression);
  frame.checked.set(expression, { bits: bits | (previous?.bits ?? 0), root, owner: owner(frame, root) });
  undo.push(() => (previous ? frame.checked.set(expression, previous) : frame.checked.delete(expression)));
}

/** The CLEARED bits a guard gave this member expression (its text), if one did in this function or around it. */
export function checkedBits(frame: Frame, text: () => string): number {
  let key: string | undefined;
  for (let current: Frame | undefined = frame; current; current = current.parent) {
    if (current.checked.size === 0) continue;
    key ??= text();
    const entry = current.checked.get(key);
    if (entry && owner(frame, entry.root) === entry.owner) return entry.bits;
  }
  return 0;
}

/** `x = …` / `x.id = …`: what a guard said about `x`, `x.id` and what is read through them no longer holds. */
export function forgetChecked(frame: Frame, text: () => string): void {
  let key: string | undefined;
  for (let current: Frame | undefined = frame; current; current = current.parent) {
    if (current.checked.size === 0) continue;
    key ??= text();
    for (const [expression, entry] of current.checked) {
      if (expression === key || expression.startsWith(`${key}.`) || entry.root === key) current.checked.delete(expression);
    }
  }
}

const guardCache = new WeakMap<Node, ReadonlyMap<number, number>>();
const reading = new Set<Node>();

/**
 * The parameters a function checks against a regex before anything else can happen, throwing
 * when the check fails (`if (!ID.test(id)) throw …`, or a call to another such function): index →
 * CLEARED bits. A `return` before the check, or a parameter changed before it, ends the search.
 */
export function guardedParams(reader: GuardReader, ref: FunctionRef, depth: number): ReadonlyMap<number, number> {
  const cached = guardCache.get(ref.node);
  if (cached) return cached;
  if (reading.has(ref.node) || depth > MAX_GUARD_DEPTH) return new Map();
  reading.add(ref.node);
  try {
    const found = readGuards(reader, ref, depth);
    guardCache.set(ref.node, found);
    return found;
  } finally {
    reading.delete(ref.node);
  }
}

function readGuards(reader: GuardReader, ref: FunctionRef, depth: number): Map<number, number> {
  const out = new Map<number, number>();
  const fn = ref.node;
  const body = fn.body as Node | null;
  if (!body || body.type !== 'BlockStatement') return out;
  const names = (fn.params as Node[]).map((param) => paramName(param));
  let scope: Scope | undefined;
  const fnScope = () => (scope ??= functionScope(fn, ref.parentScope()));
  const text = (node: Node) => ref.module.file.text.slice(node.start, node.end);
  const add = (name: string, bits: number) => {
    const index = names.indexOf(name);
    if (index !== -1 && bits) out.set(index, (out.get(index) ?? 0) | bits);
  };
  for (const statement of body.body as Node[]) {
    if (statement.type === 'IfStatement' && exits(statement.consequent, { throwOnly: true })) {
      for (const [expression, bits] of factsOf(statement.test, false, (n) => text(unwrap(n)), regexJudge(reader.index, fnScope)).matched) add(expression, bits);
    } else if (statement.type === 'ExpressionStatement') {
      const call = unwrap(statement.expression);
      if (call.type === 'CallExpression') {
        const isLocal = (callee: Node) => {
          const root = rootIdentifier(callee);
          return root !== undefined && names.includes(root);
        };
        const context: CalleeContext = { ...reader.callees, module: ref.module, isLocal };
        const [only, ...others] = resolveCallees(call, fnScope, context);
        if (only && others.length === 0) {
          for (const [index, bits] of guardedParams(reader, only, depth + 1)) {
            const argument = call.arguments[index] as Node | undefined;
            if (argument?.type === 'Identifier') add(argument.name, bits);
          }
        }
      }
    }
    if (mayFinishOrChange(statement, names)) break;
  }
  return out;
}

function rootIdentifier(node: Node): string | undefined {
  let current = unwrap(node);
  while (current.type === 'MemberExpression') current = unwrap(current.object);
  return current.type === 'Identifier' ? current.name : undefined;
}

/** A `return` (the function may finish unchecked) or an assignment to a parameter (the check is of another value), outside nested functions. */
function mayFinishOrChange(statement: Node, names: readonly (string | undefined)[]): boolean {
  let found = false;
  const visit = (node: Node): void => {
    if (found || isFunction(node)) return;
    if (node.type === 'ReturnStatement') found = true;
    else if (node.type === 'AssignmentExpression' || node.type === 'UpdateExpression') {
      const target = rootIdentifier(node.type === 'AssignmentExpression' ? node.left : node.argument);
      if (target !== undefined && names.includes(target)) found = true;
    }
    if (!found) forEachChild(node, visit);
  };
  visit(statement);
  return found;
}
