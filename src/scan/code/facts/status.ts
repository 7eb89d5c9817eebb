/**
 * HTTP status codes a handler sets: `res.status(201)`, `res.sendStatus(204)`, `reply.code(404)`,
 * `ctx.status = 201`, `ctx.throw(404)`, `c.json(x, 201)`, `c.notFound()`, and errors thrown with a
 * status (`new NotFoundError()`, `createError(404)`, `new ApiError(httpStatus.NOT_FOUND, …)`,
 * `new HTTPException(401)`, `Boom.notFound()`). Status names come from Node's own table, so
 * `StatusCodes.UNPROCESSABLE_ENTITY`, `HttpStatus.CREATED` and `NotFoundException` all resolve.
 */
import { STATUS_CODES } from 'node:http';
import type { Node } from 'oxc-parser';
import { memberPath, unwrap } from '../ast.js';
import { nameWords } from './names.js';

const BY_NAME = new Map<string, number>();
for (const [code, phrase] of Object.entries(STATUS_CODES)) {
  if (phrase) BY_NAME.set(toConstant(phrase), Number(code));
}
for (const [name, code] of [['MOVED_TEMPORARILY', 302], ['REQUEST_TOO_LONG', 413], ['UNAUTHENTICATED', 401], ['UNPROCESSABLE', 422], ['SERVER_ERROR', 500], ['INTERNAL', 500]] as const) {
  BY_NAME.set(name, code);
}

function toConstant(phrase: string): string {
  return phrase.replace(/'/g, '').toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/** `NOT_FOUND`, `NotFound`, `notFound` → 404. */
export function statusByName(name: string): number | undefined {
  return BY_NAME.get(nameWords(name).join('_').toUpperCase());
}

/** A status code expression: a number in 100–599 or a status constant (`httpStatus.CREATED`). */
export function statusValue(expression: Node | undefined): number | undefined {
  if (!expression) return undefined;
  const node = unwrap(expression);
  if (node.type === 'Literal' && typeof node.value === 'number') return node.value >= 100 && node.value < 600 ? node.value : undefined;
  if (node.type === 'Literal' && typeof node.value === 'string' && /^[1-5]\d\d$/.test(node.value)) return Number(node.value);
  if (node.type === 'MemberExpression' && !node.computed) {
    const code = statusByName(node.property.name) ?? /^HTTP_(\d{3})/.exec(node.property.name)?.[1];
    return code === undefined ? undefined : Number(code);
  }
  return undefined;
}

/** The status an error class or factory name carries: `NotFoundError` → 404, `UnauthorizedException` → 401. */
export function statusOfErrorName(name: string): number | undefined {
  const last = name.split('.').pop() ?? name;
  const stripped = last.replace(/(Http)?(Error|Exception)$/, '');
  return stripped && stripped !== last ? statusByName(stripped) : undefined;
}

const ERROR_FACTORIES = /^(createError|createHttpError|httpErrors?|HttpError|HTTPError|HTTPException|HttpException|ApiError|APIError|AppError|ApplicationError|CustomError|ErrorResponse|ResponseError|RequestError|ServiceError|ClientError|StatusError)$/;
const SET_STATUS = new Set(['status', 'sendStatus', 'code']);
const RESPOND = new Set(['json', 'send', 'end', 'render', 'sendFile', 'download', 'jsonp', 'text', 'html', 'body', 'newResponse']);
const ERROR_OWNERS = /^(boom|Boom|createError|httpErrors?)$/;

/**
 * The status a call or `new` sets when it is a response or thrown error, given the names the
 * handler's request/response/context parameters are bound to. 'ok' marks a plain 200 response
 * (`res.json(x)`, `c.text(…)`, `ctx.body = …`) that only counts when no other 2xx is set.
 * Called for every call in every handler, so it matches shapes before building any name.
 */
export function statusOfCall(node: Node, roots: ReadonlySet<string>): number | 'ok' | undefined {
  if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return undefined;
  const callee = unwrap(node.callee);
  const args = node.arguments as Node[];
  let method: string;
  let owner: Node | undefined;
  if (callee.type === 'Identifier') method = callee.name;
  else if (callee.type === 'MemberExpression' && !callee.computed) {
    method = callee.property.name;
    owner = unwrap(callee.object);
  } else return undefined;
  if (owner && isRoot(owner, roots)) {
    if (SET_STATUS.has(method)) return statusValue(args[0]);
    if (method === 'throw') return statusValue(args[0]) ?? statusValue(args[1]);
    if (method === 'assert') return statusValue(args[1]);
    if (RESPOND.has(method)) return statusValue(args[1]) ?? 'ok';
    if (method === 'redirect') return statusValue(args[0]) ?? statusValue(args[1]) ?? 302;
    if (method === 'notFound') return 404;
    return undefined;
  }
  const isError = method.endsWith('Error') || method.endsWith('Exception') || ERROR_FACTORIES.test(method);
  const ownerName = owner?.type === 'Identifier' ? owner.name : '';
  if (!isError && !ERROR_OWNERS.test(ownerName)) return undefined;
  const fromArgs = statusValue(args[0]) ?? statusValue(args[1]);
  if (fromArgs !== undefined) return fromArgs;
  if (isError) return statusOfErrorName(method);
  return statusByName(method);
}

/** `res`, `ctx`, `c`, `reply`, or Hono's `c.res`. */
function isRoot(node: Node, roots: ReadonlySet<string>): boolean {
  if (node.type === 'Identifier') return roots.has(node.name);
  if (node.type !== 'MemberExpression' || node.computed || node.property.name !== 'res') return false;
  const object = unwrap(node.object);
  return object.type === 'Identifier' && roots.has(object.name);
}

/** `ctx.status = 201` → 201; `ctx.body = …` → 'ok'. */
export function statusOfAssignment(node: Node, roots: ReadonlySet<string>): number | 'ok' | undefined {
  if (node.type !== 'AssignmentExpression') return undefined;
  const target = memberPath(node.left);
  if (!target) return undefined;
  const dot = target.lastIndexOf('.');
  const owner = target.slice(0, dot);
  if (!roots.has(owner) && !(owner.endsWith('.response') && roots.has(owner.slice(0, -9)))) return undefined;
  const field = target.slice(dot + 1);
  if (field === 'status' || field === 'statusCode') return statusValue(node.right);
  return field === 'body' ? 'ok' : undefined;
}
