/**
 * What conditions do to the values they test (see guards.ts for reading them): an allowlist or
 * an early-exit comparison cleans a value, a prefix or `..` check clears a path, a `typeof`
 * check makes a value a known scalar, and a ternary's branch that can only be an allowed value
 * is clean.
 */
import type { Node } from 'oxc-parser';
import { propertyName, unwrap } from '../../../scan/code/ast.js';
import type { Evaluator } from './evaluator.js';
import { updateVar, type Frame } from './frames.js';
import { checkedNames, exits, factsOf, type Facts } from './guards.js';
import { CLEARED, type Value } from './types.js';
import { CLEAN, clear, join, stringify } from './values.js';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const PATH_BUILDERS = new Set(['relative', 'resolve', 'join', 'normalize']);

/** Path and type checks in a condition (`full.startsWith(root)`, `typeof email === 'string'`). */
export function applyChecks(test: Node, frame: Frame): void {
  const { path, typed } = checkedNames(test);
  for (const name of path) for (const checked of [name, ...(frame.relatives.get(name) ?? [])]) updateVar(frame, checked, (v) => clear(v, CLEARED.path));
  for (const name of typed) updateVar(frame, name, stringify);
}

/** `if (!SORTABLE.includes(sort)) return …`: from here on `sort` is a value the code chose. */
export function applyAllowlists(ev: Evaluator, node: Extract<Node, { type: 'IfStatement' }>, frame: Frame): void {
  const text = (n: Node) => ev.text(unwrap(n));
  const whenTrue = factsOf(node.test, true, text);
  const whenFalse = factsOf(node.test, false, text);
  const proven = [...whenTrue.allowed, ...whenFalse.allowed, ...(exits(node.consequent) ? whenFalse.equal : [])];
  for (const expression of proven) {
    frame.proven.add(expression);
    if (IDENTIFIER.test(expression)) updateVar(frame, expression, () => CLEAN);
  }
}

/** `ALLOWED.includes(x) ? x : 'id'`: the branch that can only be an allowed value is clean. */
export function conditional(ev: Evaluator, node: Extract<Node, { type: 'ConditionalExpression' }>, frame: Frame): Value {
  ev.visit(node.test, frame);
  const text = (n: Node) => ev.text(unwrap(n));
  const safe = (facts: Facts, branch: Node) => facts.allowed.has(text(branch)) || facts.equal.has(text(branch));
  const consequent = ev.visit(node.consequent, frame);
  const alternate = ev.visit(node.alternate, frame);
  return join(safe(factsOf(node.test, true, text), node.consequent) ? CLEAN : consequent, safe(factsOf(node.test, false, text), node.alternate) ? CLEAN : alternate);
}

/** Whether an allowlist check earlier in this function (or around it) proved this expression. */
export function isProven(ev: Evaluator, frame: Frame, node: Node): boolean {
  let text: string | undefined;
  for (let current: Frame | undefined = frame; current; current = current.parent) {
    if (current.proven.size === 0) continue;
    text ??= ev.text(node);
    if (current.proven.has(text)) return true;
  }
  return false;
}

/** `const full = path.resolve(base, name)`: a check of `full` is a check of `name`. */
export function noteRelative(name: string, init: Node, frame: Frame): void {
  const inner = unwrap(init);
  if (inner.type !== 'CallExpression') return;
  const callee = unwrap(inner.callee);
  const builder = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
  if (!PATH_BUILDERS.has(builder ?? '')) return;
  const names = inner.arguments.flatMap((a) => (a.type === 'Identifier' ? [a.name] : []));
  if (names.length) frame.relatives.set(name, names);
}
