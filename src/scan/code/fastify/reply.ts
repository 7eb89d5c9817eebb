/**
 * What the shared handler facts do not read about a Fastify handler, in one walk:
 * `@fastify/sensible`'s error helpers (`throw fastify.httpErrors.notFound()`,
 * `reply.badRequest()`, `httpErrors.createError(409)`), and whether it returns a value
 * (`return user`, `async () => ({…})`), which Fastify sends with 200.
 */
import type { Node } from 'oxc-parser';
import { isFunction, memberPath, paramName, unwrap, walk, type FunctionLike } from '../ast.js';
import { statusByName, statusValue } from '../facts.js';

export interface ReplyFacts {
  statuses: number[];
  returns: boolean;
}

/** The status a sensible helper call sends, if it is one. */
function sensibleStatus(call: Extract<Node, { type: 'CallExpression' }>, reply: string | undefined): number | undefined {
  const path = memberPath(call.callee) ?? '';
  const helper = /(?:^|\.)httpErrors\.(\w+)$/.exec(path)?.[1] ?? (reply && path.startsWith(`${reply}.`) ? path.slice(reply.length + 1) : undefined);
  if (!helper || helper.includes('.')) return undefined;
  const status = helper === 'createError' || helper === 'getHttpError' ? statusValue(call.arguments[0] as Node | undefined) : statusByName(helper);
  return status !== undefined && status >= 400 ? status : undefined;
}

export function readReply(fn: FunctionLike): ReplyFacts {
  const facts: ReplyFacts = { statuses: [], returns: false };
  const reply = fn.params[1] ? paramName(fn.params[1] as Node) : undefined;
  // A value, not a `reply…` chain (whose status the handler facts read).
  const isValue = (node: Node) => {
    let root = unwrap(node);
    while (root.type === 'CallExpression' || root.type === 'MemberExpression') root = unwrap(root.type === 'CallExpression' ? root.callee : root.object);
    return !(root.type === 'Identifier' && root.name === reply);
  };
  if (!fn.body) return facts;
  if (fn.body.type !== 'BlockStatement') facts.returns = isValue(fn.body as Node);
  walk(fn.body as Node, (node) => {
    if (node !== fn.body && isFunction(node)) {
      // Statuses may be sent from a callback (`.then(() => reply.notFound())`); returns may not.
      walk(node.body as Node, (inner) => void (inner.type === 'CallExpression' && add(sensibleStatus(inner, reply))));
      return false;
    }
    if (node.type === 'ReturnStatement' && node.argument && isValue(node.argument)) facts.returns = true;
    if (node.type === 'CallExpression') add(sensibleStatus(node, reply));
  });
  return facts;

  function add(status: number | undefined): void {
    if (status !== undefined && !facts.statuses.includes(status)) facts.statuses.push(status);
  }
}
