/**
 * The functions a response walk passes through: which of their names are responses (parameters
 * named or typed like one: `res`, `reply`, `ctx`, Hono's `c`, `res: Response`), whether they are
 * error handlers, and the statuses they set outside a send.
 */
import type { Node, ObjectExpression } from 'oxc-parser';
import { paramName, propertyName, unwrap, type FunctionLike } from '../../../scan/code/ast.js';
import type { ResponseSend } from './responses.js';

const RESPONSE_NAMES = new Set(['res', 'response', 'resp', 'reply', 'rep', 'ctx', 'context']);
const RESPONSE_TYPES = new Set(['Response', 'ServerResponse', 'FastifyReply', 'ExpressResponse', 'Reply']);
const ERROR_HOOKS = new Set(['setErrorHandler', 'onError', 'catch']);
/** A condition that holds only in development or debugging. */
export const DEV_TEST = /env|dev|debug|prod|expose|verbose|isLocal|isTest/i;

export interface Frame {
  fn: FunctionLike;
  roots: Set<string>;
  errorHandler: boolean;
  catchCallback: boolean;
  objects: Map<string, ObjectExpression>;
  setsStatus: Set<string>;
  sends: Omit<ResponseSend, 'statusElsewhere'>[];
}

function typeName(param: Node): string | undefined {
  const target = param.type === 'TSParameterProperty' ? param.parameter : param;
  const annotation = (target as { typeAnnotation?: { typeAnnotation?: Node } | null }).typeAnnotation?.typeAnnotation;
  if (annotation?.type !== 'TSTypeReference') return undefined;
  const name = annotation.typeName;
  return name.type === 'Identifier' ? name.name : name.type === 'TSQualifiedName' ? name.right.name : undefined;
}

export function frameOf(fn: FunctionLike, parent: Node | undefined, honoC: boolean): Frame {
  const roots = new Set<string>();
  for (const param of fn.params as Node[]) {
    const name = paramName(param);
    if (!name) continue;
    const type = typeName(param);
    if (RESPONSE_NAMES.has(name) || (type && RESPONSE_TYPES.has(type)) || (honoC && name === 'c')) roots.add(name);
  }
  const hook = parent?.type === 'CallExpression' ? unwrap(parent.callee) : undefined;
  const hookName = hook?.type === 'MemberExpression' ? propertyName(hook.property, hook.computed) : undefined;
  const methodName = parent?.type === 'MethodDefinition' ? propertyName(parent.key, parent.computed) : undefined;
  return {
    fn,
    roots,
    errorHandler: (fn.params.length >= 4 && roots.size > 0) || (hookName !== undefined && hookName !== 'catch' && ERROR_HOOKS.has(hookName)) || methodName === 'catch',
    catchCallback: hookName === 'catch',
    objects: new Map(),
    setsStatus: new Set(),
    sends: [],
  };
}

/** `res.status(400);` or `ctx.status = 404` outside a send: which root it sets. */
export function standaloneStatus(node: Node, parent: Node | undefined): string | undefined {
  if (node.type === 'AssignmentExpression') {
    const left = unwrap(node.left);
    if (left.type !== 'MemberExpression') return undefined;
    const field = propertyName(left.property, left.computed);
    if (field !== 'status' && field !== 'statusCode') return undefined;
    let owner = unwrap(left.object);
    if (owner.type === 'MemberExpression' && propertyName(owner.property, owner.computed) === 'response') owner = unwrap(owner.object);
    return owner.type === 'Identifier' ? owner.name : undefined;
  }
  if (node.type !== 'CallExpression' || parent?.type === 'MemberExpression') return undefined;
  const callee = unwrap(node.callee);
  if (callee.type !== 'MemberExpression') return undefined;
  const name = propertyName(callee.property, callee.computed);
  if (name !== 'status' && name !== 'code' && name !== 'writeHead' && name !== 'throw' && name !== 'redirect') return undefined;
  const owner = unwrap(callee.object);
  return owner.type === 'Identifier' ? owner.name : undefined;
}
