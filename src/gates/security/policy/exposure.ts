/**
 * What an endpoint sends back, as far as it can be read statically: the payloads of `res.json(x)`,
 * `reply.send(x)`, `ctx.body = x` and (Nest, Fastify) the handler's return value, followed into
 * the project functions that build them; and whether a payload carries a password field, either
 * written as a key or inferred from an entity read without a projection.
 */
import type { Node } from 'oxc-parser';
import { isFunction, memberPath, paramName, propertyName, unwrap, walk } from '../../../scan/code/ast.js';
import { functionScope, lookup } from '../../../scan/code/scope.js';
import type { CheckContext } from '../../types.js';
import { isSensitiveField, sensitiveRead } from './entity-reads.js';
import { resolveCallee, type Target } from './reach.js';

export interface Exposure {
  node: Node;
  target: Target;
  /** 'explicit': a sensitive key is written into the payload; 'inferred': an entity with one is sent whole. */
  certainty: 'explicit' | 'inferred';
  field: string;
  /** For inferred exposures, the model whose row is sent. */
  model?: string;
}

const SEND_METHODS = new Set(['json', 'send', 'jsonp']);
const MAX_FOLLOW = 2;

/** The exposures in what one handler sends. */
export function handlerExposures(context: CheckContext, handler: Target, returnsAreResponses: boolean): Exposure[] {
  const fn = handler.node;
  if (!isFunction(fn) || !fn.body) return [];
  const scope = functionScope(fn, handler.scope);
  const params = new Set(fn.params.map((p) => paramName(p as Node)).filter((n): n is string => !!n));
  const out: Exposure[] = [];
  for (const payload of payloads(fn.body as Node, params, returnsAreResponses)) inspect(context, payload, { ...handler, scope }, 0, out);
  return out;
}

/** Payload expressions of one function body: response calls and assignments, and returns when they are the response. */
function payloads(body: Node, params: ReadonlySet<string>, returns: boolean): Node[] {
  const found: Node[] = [];
  if (body.type !== 'BlockStatement') {
    if (returns) found.push(body);
  }
  walk(body, (node) => {
    if (isFunction(node)) return false;
    if (node.type === 'CallExpression') {
      const callee = unwrap(node.callee);
      const method = callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
      if (method && SEND_METHODS.has(method) && callee.type === 'MemberExpression' && params.has(rootName(callee.object as Node) ?? '') && node.arguments.length) {
        found.push(node.arguments[node.arguments.length - 1] as Node);
      }
    }
    if (node.type === 'AssignmentExpression' && /\.body$/.test(memberPath(node.left as Node) ?? '') && params.has(rootName(node.left as Node) ?? '')) found.push(node.right as Node);
    if (returns && node.type === 'ReturnStatement' && node.argument) found.push(node.argument as Node);
    return undefined;
  });
  return found;
}

/** `res.status(200).json` → 'res'. */
function rootName(node: Node): string | undefined {
  let current = unwrap(node);
  for (;;) {
    if (current.type === 'Identifier') return current.name;
    if (current.type === 'MemberExpression') current = unwrap(current.object);
    else if (current.type === 'CallExpression') current = unwrap(current.callee);
    else return undefined;
  }
}

function inspect(context: CheckContext, expression: Node, at: Target, depth: number, out: Exposure[]): void {
  const node = unwrap(expression);
  switch (node.type) {
    case 'ObjectExpression': {
      // `{ ...user, password: undefined }` strips what the spread brings.
      const strips = node.properties.some((p) => p.type === 'Property' && isSensitiveField(propertyName(p.key, p.computed) ?? '') && isNullish(p.value as Node));
      for (const property of node.properties) {
        if (property.type === 'SpreadElement') {
          if (!strips) inspect(context, property.argument as Node, at, depth, out);
        }
        else if (property.type === 'Property') {
          const key = propertyName(property.key, property.computed);
          if (key && isSensitiveField(key) && !isNullish(property.value as Node) && !isFlag(property.value as Node)) out.push({ node: property as Node, target: at, certainty: 'explicit', field: key });
          else inspect(context, property.value as Node, at, depth, out);
        }
      }
      return;
    }
    case 'Identifier':
    case 'MemberExpression': {
      const root = node.type === 'Identifier' ? node : rootIdentifier(node);
      if (!root || (node.type === 'MemberExpression' && !node.computed && propertyName(node.property) !== 'rows')) return;
      const binding = lookup(at.scope, root.name);
      if (binding?.kind !== 'var' || !binding.init || strippedLocally(at, root.name)) return;
      inspect(context, binding.init as Node, { ...at, scope: binding.scope }, depth, out);
      return;
    }
    case 'CallExpression': {
      // A project function is followed to what it returns (a repository that maps rows is not an ORM read).
      const callee = resolveCallee(context.index, node.callee as Node, at.scope);
      if (callee && isFunction(callee.node)) {
        if (depth >= MAX_FOLLOW || !callee.node.body) return;
        const inner = { ...callee, scope: functionScope(callee.node, callee.scope) };
        for (const returned of payloads(callee.node.body as Node, new Set(), true)) inspect(context, returned, inner, depth + 1, out);
        return;
      }
      const read = sensitiveRead(context, node);
      if (read) out.push({ node, target: at, certainty: 'inferred', field: read.field, model: read.model });
      return;
    }
    case 'NewExpression': {
      const read = sensitiveRead(context, node);
      if (read) out.push({ node, target: at, certainty: 'inferred', field: read.field, model: read.model });
      return;
    }
    default:
      return;
  }
}

function rootIdentifier(node: Node): Extract<Node, { type: 'Identifier' }> | undefined {
  let current = unwrap(node);
  while (current.type === 'MemberExpression') current = unwrap(current.object);
  return current.type === 'Identifier' ? current : undefined;
}

/** `passwordSet: true`, `hasPassword: !!user.password`: a flag about the field, not the field. */
const isFlag = (node: Node) => {
  const inner = unwrap(node);
  return (inner.type === 'Literal' && (typeof inner.value === 'boolean' || typeof inner.value === 'number')) || (inner.type === 'UnaryExpression' && inner.operator === '!');
};

const isNullish = (node: Node) => {
  const inner = unwrap(node);
  return (inner.type === 'Identifier' && inner.name === 'undefined') || (inner.type === 'Literal' && (inner.value === null || inner.value === '')) || (inner.type === 'UnaryExpression' && inner.operator === 'void');
};

/** `delete user.password` or `user.password = undefined` in the same function. */
function strippedLocally(at: Target, name: string): boolean {
  const text = at.module.file.text.slice(at.node.start, at.node.end);
  name = name.replace(/\$/g, '\\$');
  return new RegExp(`delete\\s+${name}\\.|${name}\\.\\w*pass\\w*\\s*=\\s*(undefined|null)`, 'i').test(text);
}

