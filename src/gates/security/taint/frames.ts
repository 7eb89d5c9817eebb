/**
 * Variables while a function is read: one frame per function (block scoping is folded into the
 * function, as the scanner's scopes do), chained to the frame of the function it is written in
 * so closures see their outer variables. Assignments replace a variable's value on the
 * function's straight-line path and join with it inside branches and loops.
 */
import type { Node } from 'oxc-parser';
import { propertyName, type FunctionLike } from '../../../scan/code/ast.js';
import type { Scope } from '../../../scan/code/scope.js';
import type { Place, Value } from './types.js';
import { CLEAN, flatten, join, joinTaint, member } from './values.js';

export interface Frame {
  fn: FunctionLike;
  parent: Frame | undefined;
  vars: Map<string, Value>;
  /** Values returned, when the caller wants them (the analysed function, an inlined call or callback). */
  returns: Value[] | undefined;
  /** Inside how many branches/loops of this function the reading is. */
  branch: number;
  scope(): Scope;
  /** `const rel = path.relative(root, target)`: checking `rel` checks `target`. */
  relatives: Map<string, string[]>;
  /** Expressions an allowlist check has proven to hold only values the code chose (by source text). */
  proven: Set<string>;
  /** Member expressions a regex guard checked (by source text), until the end of the statements the guard is in. */
  checked: Map<string, CheckedExpression>;
}

/** What a regex guard made of an expression such as `req.params.id`. */
export interface CheckedExpression {
  /** CLEARED bits the regex gives the value. */
  bits: number;
  /** The variable the expression starts from, and the frame it lived in when checked (a shadowing variable is another value). */
  root: string;
  owner: Frame | undefined;
}

export function newFrame(fn: FunctionLike, parent: Frame | undefined, scope: () => Scope, returns: boolean): Frame {
  let built: Scope | undefined;
  return { fn, parent, vars: new Map(), returns: returns ? [] : undefined, branch: 0, scope: () => (built ??= scope()), relatives: new Map(), proven: new Set(), checked: new Map() };
}

export function lookup(frame: Frame, name: string): Value | undefined {
  for (let current: Frame | undefined = frame; current; current = current.parent) {
    const value = current.vars.get(name);
    if (value) return value;
  }
  return undefined;
}

/** The frame a variable lives in, as seen from `frame`. */
export function owner(frame: Frame, name: string): Frame | undefined {
  for (let current: Frame | undefined = frame; current; current = current.parent) if (current.vars.has(name)) return current;
  return undefined;
}

/** `name = value`: replaced on the straight path of the function that owns the variable, joined otherwise. */
export function assignName(frame: Frame, name: string, value: Value): void {
  const home = owner(frame, name);
  if (!home) return;
  const strong = home === frame && frame.branch === 0;
  home.vars.set(name, strong ? value : join(home.vars.get(name), value));
}

export const declare = (frame: Frame, name: string, value: Value): void => {
  frame.vars.set(name, frame.branch === 0 || !frame.vars.has(name) ? value : join(frame.vars.get(name), value));
};

/** `name.field = value`: the variable's field (an object being filled in), or its whole value for computed keys. */
export function assignField(frame: Frame, name: string, field: string | undefined, value: Value): void {
  const home = owner(frame, name);
  if (!home) return;
  const current = home.vars.get(name) ?? CLEAN;
  const incoming = flatten(value);
  if (field === undefined) {
    home.vars.set(name, { ...current, taint: joinTaint(current.taint, incoming) });
    return;
  }
  const fields = new Map(current.fields ?? []);
  fields.set(field, joinTaint(fields.get(field), incoming));
  home.vars.set(name, { ...current, fields });
}

/** Binds a declaration or parameter pattern (`{ q, limit = 10 }`, `[a, b]`, `...rest`) to a value. */
export function bindPattern(frame: Frame, pattern: Node, value: Value, at: (node: Node) => Place, set: (name: string, value: Value) => void = (n, v) => declare(frame, n, v)): void {
  switch (pattern.type) {
    case 'Identifier':
      set(pattern.name, value);
      return;
    case 'AssignmentPattern':
      // The default only applies when the value is missing, so it never removes taint.
      bindPattern(frame, pattern.left, value, at, set);
      return;
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        if (property.type === 'RestElement') bindPattern(frame, property.argument, value, at, set);
        else bindPattern(frame, property.value, member(value, propertyName(property.key, property.computed), at(property)), at, set);
      }
      return;
    case 'ArrayPattern':
      for (const element of pattern.elements) if (element) bindPattern(frame, element as Node, element.type === 'RestElement' ? value : member(value, undefined, at(element as Node)), at, set);
      return;
    case 'RestElement':
      bindPattern(frame, pattern.argument, value, at, set);
      return;
    case 'TSParameterProperty':
      bindPattern(frame, pattern.parameter, value, at, set);
      return;
    default:
  }
}

/** Changes a tainted variable where it lives (a check made it safe, or a string). */
export function updateVar(frame: Frame, name: string, change: (value: Value) => Value): void {
  for (let current: Frame | undefined = frame; current; current = current.parent) {
    const value = current.vars.get(name);
    if (!value) continue;
    if (value.taint.length || value.fields) current.vars.set(name, change(value));
    return;
  }
}
