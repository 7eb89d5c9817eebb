/**
 * What a condition proves about a value. An allowlist (`SORTABLE.includes(sort)`, `sort in
 * COLUMNS`, `ALLOWED.has(x)`) or a comparison with a literal (`dir !== 'asc' && dir !== 'desc'`
 * guarding an early return) leaves only values the code chose; a prefix or `..` check
 * (`full.startsWith(root)`, `name.includes('..')`) guards a path; `typeof x === 'string'` rules
 * out objects; a regex test (`ID.test(id)`) leaves a string the regex accepted. Clean code checks
 * input this way, so reading these keeps the rules quiet on it.
 */
import type { Node } from 'oxc-parser';
import { propertyName, stringLiteral, unwrap } from '../../../scan/code/ast.js';

export interface Facts {
  /** Expressions (by source text) an allowlist membership proves to be one of known values. */
  allowed: Set<string>;
  /** Expressions proven equal to a literal. */
  equal: Set<string>;
  /** Expressions a regex accepted, with the CLEARED bits the regex gives them (see patterns.ts). */
  matched: Map<string, number>;
}

/** The CLEARED bits a regex expression gives the values it accepts (0 when it is not a regex, or guarantees nothing). */
export type RegexJudge = (regex: Node) => number;

const MEMBERSHIP = new Set(['includes', 'has']);

/** What holds about the expressions in `test` when it evaluates to `outcome`. */
export function factsOf(test: Node, outcome: boolean, text: (node: Node) => string, judge?: RegexJudge): Facts {
  const collect = (raw: Node, value: boolean, depth: number): Facts => {
    const facts: Facts = { allowed: new Set(), equal: new Set(), matched: new Map() };
    if (depth > 8) return facts;
    const node = unwrap(raw);
    if (node.type === 'UnaryExpression' && node.operator === '!') return collect(node.argument, !value, depth + 1);
    if (node.type === 'LogicalExpression') {
      const left = collect(node.left, value, depth + 1);
      const right = collect(node.right, value, depth + 1);
      // Both sides hold (`a && b` true, `a || b` false), or one of them does: then only what both prove.
      const both = (node.operator === '&&') === value;
      return both
        ? { allowed: union(left.allowed, right.allowed), equal: union(left.equal, right.equal), matched: bothMatched(left.matched, right.matched) }
        : { allowed: intersect(left.allowed, right.allowed), equal: intersect(union(left.equal, left.allowed), union(right.equal, right.allowed)), matched: eitherMatched(left.matched, right.matched) };
    }
    if (node.type === 'CallExpression') {
      const checked = membershipArgument(node);
      if (checked && value) facts.allowed.add(text(checked));
      const tested = judge && value ? regexTest(node) : undefined;
      const bits = tested && judge ? judge(tested.regex) : 0;
      if (tested && bits) facts.matched.set(text(tested.subject), bits);
      return facts;
    }
    if (node.type !== 'BinaryExpression') return facts;
    if (node.operator === 'in' && value) {
      facts.allowed.add(text(node.left));
      return facts;
    }
    const indexOf = indexOfArgument(node);
    if (indexOf) {
      if (indexOf.found === value) facts.allowed.add(text(indexOf.argument));
      return facts;
    }
    const positive = node.operator === '===' || node.operator === '==';
    if (!positive && node.operator !== '!==' && node.operator !== '!=') return facts;
    const other = literalSide(node.left, node.right);
    if (other && positive === value) facts.equal.add(text(other));
    return facts;
  };
  return collect(test, outcome, 0);
}

const union = (a: Set<string>, b: Set<string>) => new Set([...a, ...b]);
const intersect = (a: Set<string>, b: Set<string>) => new Set([...a].filter((x) => b.has(x)));

/** Both tests passed: each value has what either regex gives it. */
function bothMatched(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map(a);
  for (const [key, bits] of b) out.set(key, (out.get(key) ?? 0) | bits);
  return out;
}

/** One of the tests passed: only what both give. */
function eitherMatched(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, bits] of a) {
    const common = bits & (b.get(key) ?? 0);
    if (common) out.set(key, common);
  }
  return out;
}

/** `RE.test(x)`, `RE.exec(x)`, `x.match(RE)`: the value tested and the regex (which the judge reads). */
export function regexTest(call: Extract<Node, { type: 'CallExpression' }>): { subject: Node; regex: Node } | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee.property, callee.computed);
  const argument = call.arguments[0] as Node | undefined;
  if (!argument || argument.type === 'SpreadElement') return undefined;
  if (method === 'test' || method === 'exec') return { subject: argument, regex: callee.object };
  if (method === 'match') return { subject: callee.object, regex: argument };
  return undefined;
}

/** `ALLOWED.includes(x)`, `allowed.has(x)`: x, when the receiver is not the value checked (`x.includes('..')`). */
function membershipArgument(call: Extract<Node, { type: 'CallExpression' }>): Node | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || !MEMBERSHIP.has(propertyName(callee.property, callee.computed) ?? '')) return undefined;
  const argument = call.arguments[0] as Node | undefined;
  return argument && stringLiteral(argument) === undefined && unwrap(argument).type !== 'Literal' ? argument : undefined;
}

/** `list.indexOf(x) !== -1` (found) / `=== -1` (not found). */
function indexOfArgument(node: Extract<Node, { type: 'BinaryExpression' }>): { argument: Node; found: boolean } | undefined {
  const call = unwrap(node.left);
  if (call.type !== 'CallExpression') return undefined;
  const callee = unwrap(call.callee);
  if (callee.type !== 'MemberExpression' || propertyName(callee.property, callee.computed) !== 'indexOf') return undefined;
  const argument = call.arguments[0] as Node | undefined;
  if (!argument || unwrap(argument).type === 'Literal') return undefined;
  const right = unwrap(node.right);
  const minusOne = right.type === 'UnaryExpression' && right.operator === '-' && unwrap(right.argument).type === 'Literal';
  if (minusOne && (node.operator === '!==' || node.operator === '!=' || node.operator === '>')) return { argument, found: true };
  if (minusOne && (node.operator === '===' || node.operator === '==')) return { argument, found: false };
  if (node.operator === '>=' && right.type === 'Literal' && right.value === 0) return { argument, found: true };
  return undefined;
}

/** In `x === 'a'` (either way round), the side that is not a literal, when the other one is. */
function literalSide(left: Node, right: Node): Node | undefined {
  const l = unwrap(left);
  const r = unwrap(right);
  const constant = (n: Node) => n.type === 'Literal' && (typeof n.value === 'string' || typeof n.value === 'number');
  if (constant(r) && l.type !== 'Literal') return left;
  if (constant(l) && r.type !== 'Literal') return right;
  return undefined;
}

/** Identifiers a condition checks as paths (`startsWith`, `includes('..')`) or by type (`typeof x`). */
export function checkedNames(test: Node): { path: string[]; typed: string[] } {
  const path: string[] = [];
  const typed: string[] = [];
  const visit = (raw: Node, depth: number): void => {
    if (depth > 8) return;
    const node = unwrap(raw);
    if (node.type === 'UnaryExpression') {
      const argument = unwrap(node.argument);
      if (node.operator === 'typeof' && argument.type === 'Identifier') typed.push(argument.name);
      else visit(node.argument, depth + 1);
    } else if (node.type === 'LogicalExpression' || node.type === 'BinaryExpression') {
      visit(node.left as Node, depth + 1);
      visit(node.right, depth + 1);
    } else if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      if (callee.type !== 'MemberExpression') return;
      const method = propertyName(callee.property, callee.computed);
      const object = unwrap(callee.object);
      if (object.type === 'Identifier' && (method === 'startsWith' || method === 'includes' || method === 'indexOf')) path.push(object.name);
    }
  };
  visit(test, 0);
  return { path, typed };
}

/** A branch that leaves the function (`return …`, `throw …`, or a block ending in one); with `throwOnly`, by `throw`. */
export function exits(statement: Node, options: { throwOnly?: boolean } = {}): boolean {
  const node = unwrap(statement);
  if (node.type === 'ThrowStatement' || (node.type === 'ReturnStatement' && !options.throwOnly)) return true;
  if (node.type === 'BlockStatement') {
    const last = node.body[node.body.length - 1] as Node | undefined;
    return !!last && exits(last, options);
  }
  return false;
}
