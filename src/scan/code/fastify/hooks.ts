/**
 * What a Fastify hook does to auth, from the hook as written: a decorated instance method
 * (`fastify.authenticate`, `app.verifyJWT`), `@fastify/auth`'s `app.auth([a, b])` (its members
 * decide), a function by name (`authenticate`, imported or local), a factory call
 * (`authorize('admin')`), an array of these, or an inline function. Names decide first; a
 * function whose name says nothing (or has none) is read for what it does (`request.jwtVerify()`,
 * reading the Authorization header, answering 401), and so is the function a decorated member
 * was given in `fastify.decorate('name', fn)`.
 */
import type { Node } from 'oxc-parser';
import { isFunction, memberPath, unwrap, walk, type FunctionLike } from '../ast.js';
import { authFromBody, classifyAuthName, displayName, isRateLimiterName, refineAuthCall, type AuthEntry } from '../facts.js';
import { importOf, resolveName, type ProjectIndex } from '../graph.js';
import { follow, type Located } from './options.js';
import { isFactoryCall } from './roots.js';

/** Lifecycle hooks that run before the handler: where auth happens. */
export const AUTH_HOOKS = new Set(['onRequest', 'preParsing', 'preValidation', 'preHandler', 'beforeHandler']);

/** `fastify.decorate('authenticate', fn)` across the project: name → the decorated value. */
export type Decorations = ReadonlyMap<string, Located>;

export interface HookFacts {
  entries: AuthEntry[];
  rateLimited: boolean;
}

/** The call that authenticates inside a function (`request.jwtVerify()`), for `authBy`. */
function authCallName(fn: FunctionLike): string | undefined {
  let found: string | undefined;
  walk(fn.body as Node, (node) => {
    if (found) return false;
    const name = node.type === 'CallExpression' ? memberPath(node.callee)?.split('.').pop() : undefined;
    const effect = name ? classifyAuthName(name) : undefined;
    if (effect && effect !== 'public') found = name;
  });
  return found;
}

/** An unnamed or uninformatively named function: its body decides. */
function bodyEntry(fn: FunctionLike, name: string | undefined): AuthEntry | undefined {
  if (!fn.body) return undefined;
  const inner = authCallName(fn);
  const effect = authFromBody(fn) ?? (inner ? classifyAuthName(inner) : undefined);
  return effect && effect !== 'public' ? { name: name ?? inner ?? '(inline)', effect } : undefined;
}

/**
 * How a hook reads in `authBy`: `fastify.authenticate` → `authenticate`, since the instance's
 * name (a parameter, `this`, the `Fastify()` constant) is noise; a member of a project or package
 * name keeps it (`auth.optional`, `passport.authenticate('jwt')`).
 */
function hookName(index: ProjectIndex, at: Located, node: Node, display: string): string {
  if (node.type !== 'MemberExpression' || node.computed || node.property.type !== 'Identifier') return display;
  const object = unwrap(node.object);
  if (object.type === 'ThisExpression') return node.property.name;
  if (object.type !== 'Identifier') return display;
  if (importOf(at.module, object.name)) return display;
  const found = resolveName(index, at.module, object.name);
  return !found || isFactoryCall(found.module, found.node) ? node.property.name : display;
}

function entriesOf(index: ProjectIndex, at: Located, decorations: Decorations, out: HookFacts, depth: number): void {
  const node = unwrap(at.node);
  if (depth > 6) return;
  const push = (entry: AuthEntry | undefined) => entry && out.entries.push(entry);
  if (node.type === 'ArrayExpression') {
    for (const element of node.elements) {
      if (element && element.type !== 'SpreadElement') entriesOf(index, { ...at, node: element }, decorations, out, depth + 1);
    }
    return;
  }
  if (isFunction(node)) return void push(bodyEntry(node, undefined));
  const display = displayName(node);
  if (!display) return;
  const name = hookName(index, at, node, display);
  if (isRateLimiterName(name)) out.rateLimited = true;
  if (node.type === 'CallExpression' && /(^|\.)auth$/.test(memberPath(node.callee) ?? '') && node.arguments[0]) {
    return entriesOf(index, { ...at, node: node.arguments[0] as Node }, decorations, out, depth + 1); // @fastify/auth: its members decide
  }
  const effect = refineAuthCall(classifyAuthName(name), node);
  if (effect && effect !== 'public') return void push({ name, effect });
  // A name that says nothing: what it stands for decides (a function's body, a list of hooks).
  const decorated = node.type === 'MemberExpression' ? decorations.get(name) : undefined;
  const value = decorated ? follow(index, decorated) : node.type === 'Identifier' ? follow(index, at) : undefined;
  if (!value || value.node === node) return;
  if (isFunction(value.node)) push(bodyEntry(value.node, name));
  else if (value.node.type === 'ArrayExpression') entriesOf(index, value, decorations, out, depth + 1);
}

/** Hooks in order (context hooks first, then the route's own), read into auth entries. */
export function readHooks(index: ProjectIndex, hooks: readonly Located[], decorations: Decorations): HookFacts {
  const out: HookFacts = { entries: [], rateLimited: false };
  for (const hook of hooks) entriesOf(index, hook, decorations, out, 0);
  return out;
}
