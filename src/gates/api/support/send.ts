/**
 * One response written by code, read from its call: `res.status(404).json(body)`,
 * `reply.code(201).send(x)`, `res.sendStatus(204)`, Hono's `c.json(body, 400)`, Koa's
 * `ctx.body = body`. Which names are responses is the caller's decision (`isRoot`).
 */
import type { Node } from 'oxc-parser';
import { memberPath, propertyName, unwrap } from '../../../scan/code/ast.js';
import { statusValue } from '../../../scan/code/facts.js';

export interface SendCall {
  /** The response object's name (`res`, `reply`, `ctx`, `c`). */
  root: string;
  /** `json`, `send`, `end`, `sendStatus`, `text`, `html`, or `body` for a Koa assignment. */
  method: string;
  payload: Node | undefined;
  /** The status the chain sets: a number, `dynamic` when not a constant, undefined when the chain sets none. */
  status: number | 'dynamic' | undefined;
  node: Node;
}

const SEND_METHODS = new Set(['json', 'send', 'end', 'jsonp', 'sendStatus', 'text', 'html']);
const STATUS_METHODS = new Set(['status', 'code']);
/** Calls that return the response and may sit between it and the send. */
const CHAINABLE = new Set(['type', 'set', 'header', 'headers', 'location', 'cookie', 'clearCookie', 'append', 'vary', 'links', 'attachment', 'contentType', 'setHeader', 'removeHeader', 'charset', 'format', 'serializer']);

const statusOf = (node: Node | undefined): number | 'dynamic' | undefined => (node ? (statusValue(node) ?? 'dynamic') : undefined);

export function readSend(node: Node, isRoot: (name: string) => boolean): SendCall | undefined {
  if (node.type === 'AssignmentExpression' && node.operator === '=') {
    const target = memberPath(node.left);
    const match = target ? /^([\w$]+)(?:\.response)?\.body$/.exec(target) : null;
    return match?.[1] && isRoot(match[1]) ? { root: match[1], method: 'body', payload: node.right, status: undefined, node } : undefined;
  }
  if (node.type !== 'CallExpression') return undefined;
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee.property, callee.computed);
  if (!method || !SEND_METHODS.has(method)) return undefined;
  const args = node.arguments as Node[];
  let status: number | 'dynamic' | undefined = method === 'sendStatus' ? statusOf(args[0]) : undefined;
  let current = unwrap(callee.object);
  while (current.type === 'CallExpression') {
    const inner = unwrap(current.callee);
    if (inner.type !== 'MemberExpression') return undefined;
    const name = propertyName(inner.property, inner.computed);
    if (name && STATUS_METHODS.has(name)) status ??= statusOf(current.arguments[0] as Node | undefined);
    else if (!name || !CHAINABLE.has(name)) return undefined;
    current = unwrap(inner.object);
  }
  if (current.type !== 'Identifier' || !isRoot(current.name)) return undefined;
  // Hono `c.json(body, 404)` and the old Express `res.json(body, 404)` take the status second.
  if (status === undefined && (method === 'json' || method === 'text' || method === 'html') && args.length >= 2) status = statusOf(args[1]);
  return { root: current.name, method, payload: method === 'sendStatus' ? undefined : args[0], status, node };
}
