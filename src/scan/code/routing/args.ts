/**
 * Registration arguments as the model reads them: middleware and handlers with arrays and spreads
 * flattened (`[auth, validate]`, `...guards`), `.unless({ path })` exclusions noted, and path
 * arguments evaluated to static strings (constants, arrays of paths, regex literals).
 */
import type { Node } from 'oxc-parser';
import { methodCall, objectProperty, stringLiteral, unwrap } from '../ast.js';
import { evaluateString } from '../evaluate.js';
import type { ProjectIndex } from '../graph.js';
import type { Scope } from '../scope.js';
import { deref, scopeResolver } from '../values.js';
import type { Mw } from './model.js';

export function expandArgs(index: ProjectIndex, nodes: readonly Node[], scope: Scope, keyOf: (node: Node, scope: Scope) => string | undefined, depth = 0): Mw[] {
  const out: Mw[] = [];
  for (const raw of nodes) {
    const node = unwrap(raw);
    if (node.type === 'SpreadElement') {
      // Hono `...factory.createHandlers(mw, handler)`: the handlers are its arguments.
      const created = methodCall(unwrap(node.argument));
      if (created?.name === 'createHandlers') {
        out.push(...expandArgs(index, created.call.arguments as Node[], scope, keyOf, depth + 1));
        continue;
      }
      const target = deref(index, node.argument, scope);
      if (target?.node.type === 'ArrayExpression' && depth < 4) out.push(...expandArgs(index, elements(target.node), target.scope, keyOf, depth + 1));
      else out.push({ expr: node, scope, key: undefined, unknown: true });
      continue;
    }
    if (node.type === 'ArrayExpression') {
      out.push(...expandArgs(index, elements(node), scope, keyOf, depth + 1));
      continue;
    }
    if ((node.type === 'Identifier' || node.type === 'MemberExpression') && depth < 4) {
      const target = deref(index, node, scope);
      if (target?.node.type === 'ArrayExpression') {
        out.push(...expandArgs(index, elements(target.node), target.scope, keyOf, depth + 1));
        continue;
      }
    }
    out.push(middleware(index, node, scope, keyOf));
  }
  return out;
}

const elements = (array: Extract<Node, { type: 'ArrayExpression' }>): Node[] => array.elements.filter((e): e is NonNullable<typeof e> => !!e) as Node[];

function middleware(index: ProjectIndex, node: Node, scope: Scope, keyOf: (node: Node, scope: Scope) => string | undefined): Mw {
  const call = methodCall(node);
  const options = call?.name === 'unless' && call.call.arguments[0] ? unwrap(call.call.arguments[0] as Node) : undefined;
  if (call && options) {
    return { expr: call.object, scope, key: undefined, unless: unlessPaths(index, options, scope) };
  }
  return { expr: node, scope, key: keyOf(node, scope) };
}

/** `{ path: ['/login', /^\/public/, { url: '/x', methods: ['GET'] }] }` (express-unless, koa-unless). */
function unlessPaths(index: ProjectIndex, options: Node, scope: Scope): NonNullable<Mw['unless']> {
  const result = { paths: [] as string[], patterns: [] as RegExp[] };
  const list = options.type === 'ObjectExpression' ? objectProperty(options, 'path') : undefined;
  if (!list) return result;
  const items = unwrap(list).type === 'ArrayExpression' ? elements(unwrap(list) as Extract<Node, { type: 'ArrayExpression' }>) : [list];
  for (const item of items) {
    const inner = unwrap(item);
    const url = inner.type === 'ObjectExpression' ? objectProperty(inner, 'url') : inner;
    const entry = url && unwrap(url);
    if (entry?.type === 'Literal' && 'regex' in entry && entry.regex) {
      try {
        result.patterns.push(new RegExp(entry.regex.pattern, entry.regex.flags.replace(/[gy]/g, '')));
      } catch {
        // A pattern JavaScript cannot compile here is simply not used.
      }
      continue;
    }
    const value = entry && evaluateString(index, scope.module, entry, scopeResolver(index, scope));
    if (value !== undefined) result.paths.push(value);
  }
  return result;
}

/** Static paths of a path argument; undefined if any part is not static. */
export function staticPaths(index: ProjectIndex, node: Node, scope: Scope, depth = 0): string[] | undefined {
  const inner = unwrap(node);
  if (inner.type === 'ArrayExpression') {
    const parts = elements(inner).map((e) => staticPaths(index, e, scope, depth + 1));
    return parts.every((p): p is string[] => p !== undefined) ? parts.flat() : undefined;
  }
  if (inner.type === 'Literal' && 'regex' in inner && inner.regex) return [regexToPath(inner.regex.pattern)];
  const literal = stringLiteral(inner);
  if (literal !== undefined) return [literal];
  const value = evaluateString(index, scope.module, inner, scopeResolver(index, scope));
  if (value !== undefined) return [value];
  if (depth > 3) return undefined;
  const target = deref(index, inner, scope);
  return target && target.node !== inner && target.node.type === 'ArrayExpression' ? staticPaths(index, target.node, target.scope, depth + 1) : undefined;
}

/** A regex route (`/^\/api\/(.*)$/`) in a readable form: anchors dropped, `.*` as a wildcard. */
export function regexToPath(pattern: string): string {
  return pattern
    .replace(/^\^/, '')
    .replace(/\\?\$$/, '')
    .replace(/\\\//g, '/')
    .replace(/\.\*\??|\.\+\??/g, '*');
}
