/**
 * Where request data comes from. A handler's request parameter (Express/Fastify `req`/`request`,
 * Koa `ctx`, Hono `c`, Nest `@Req()`) is a request object, not data; reading `.query`, `.body`,
 * `.params`, `.headers`, `.cookies`… off it (or calling `req.param()`, `ctx.get()`,
 * `c.req.query()`, `c.req.json()`) gives request data. Nest parameters decorated `@Body`, `@Query`,
 * `@Param`, `@Headers` are request data themselves.
 */
import type { Node } from 'oxc-parser';
import { paramName, stringLiteral, unwrap } from '../../../scan/code/ast.js';
import type { ModuleFramework, Origin, Place, RequestFacts, RequestFlavour, Root } from './types.js';

type RequestRoot = Extract<Root, { kind: 'request' }>;

/** Members that are request data, by flavour. */
const DATA_MEMBERS: Record<RequestFlavour, ReadonlySet<string>> = {
  http: new Set(['query', 'body', 'params', 'headers', 'cookies', 'signedCookies', 'url', 'originalUrl', 'path', 'rawBody', 'file', 'files']),
  'koa-ctx': new Set(['query', 'params', 'headers', 'header', 'cookies', 'querystring', 'path', 'url', 'originalUrl', 'href', 'search']),
  'hono-ctx': new Set(),
};

/** Request data that is always a string (or strings): it cannot carry Mongo operators. */
const STRING_DATA = new Set(['params', 'headers', 'header', 'url', 'originalUrl', 'path', 'querystring', 'href', 'search', 'get', 'param', 'query()', 'queries', 'text']);

/** Fields of an uploaded file (multer) that the server chose, not the client. */
const SERVER_FILE_FIELDS = new Set(['path', 'destination', 'filename', 'size', 'tempFilePath']);

/** `req.file.path` (multer's own name on disk) is not request data; `req.file.originalname` and `req.files.x.data` are. */
export const isServerFileField = (label: string, name: string): boolean => SERVER_FILE_FIELDS.has(name) && /\.files?(?:\.|$)/.test(label);

/** Members that are another request object (Koa `ctx.request`, Hono `c.req`, Fastify `request.raw`). */
const NESTED: Record<RequestFlavour, Readonly<Record<string, RequestFlavour>>> = {
  http: { raw: 'http' },
  'koa-ctx': { request: 'http', req: 'http' },
  'hono-ctx': { req: 'http' },
};

/** Methods whose result is request data. */
const DATA_METHODS: Record<RequestFlavour, ReadonlySet<string>> = {
  http: new Set(['param', 'get', 'header', 'query', 'queries', 'json', 'text', 'parseBody', 'formData', 'valid', 'arrayBuffer', 'blob']),
  'koa-ctx': new Set(['get']),
  'hono-ctx': new Set(),
};

/** Names a request parameter goes by when nothing else says which parameter it is (`ctx` only in Koa and Hono code). */
export function requestFlavourOfName(name: string, framework: ModuleFramework): RequestFlavour | undefined {
  if (name === 'req' || name === 'request') return 'http';
  if (name === 'ctx' || name === 'context' || name === 'c') return framework.hono ? 'hono-ctx' : framework.koa && name !== 'c' ? 'koa-ctx' : undefined;
  return undefined;
}

export function requestOrigin(flavour: RequestFlavour, label: string, at: Place, facts: RequestFacts): Origin {
  return { root: { kind: 'request', flavour, label, at, ...facts }, hops: [], splices: [], stringy: false, validated: facts.validated, cleared: 0 };
}

export function sourceOrigin(label: string, at: Place, subject: string | undefined, validated: boolean): Origin {
  return { root: { kind: 'source', label, at, ...(subject ? { subject } : {}) }, hops: [], splices: [], stringy: false, validated, cleared: 0 };
}

/** `req.name`: request data, a nested request object, or nothing of interest (`req.user`, `req.app`). */
export function memberOfRequest(origin: Origin, root: RequestRoot, name: string | undefined, at: Place): Origin | undefined {
  // `req[location]`: one of its parts, which could be any of them.
  if (name === undefined) return root.flavour === 'hono-ctx' ? undefined : asSource(origin, root, `${root.label}[…]`, at);
  const nested = NESTED[root.flavour][name];
  if (nested) return { ...origin, root: { ...root, flavour: nested, label: `${root.label}.${name}` } };
  if (!DATA_MEMBERS[root.flavour].has(name)) return undefined;
  const flat = STRING_DATA.has(name) || (name === 'query' && (root.flavour === 'koa-ctx' || root.flatQuery === true));
  const source = asSource(origin, root, `${root.label}.${name}`, at, flat);
  const safeFields = name === 'query' || name === 'body' || name === 'params' ? root.safeInputs?.[name] : undefined;
  return safeFields?.size && source.root.kind === 'source' ? { ...source, root: { ...source.root, safeFields } } : source;
}

/** `req.param('id')`, `ctx.get('x-token')`, `c.req.query('q')`, `c.req.valid('json')`. */
export function callOnRequest(origin: Origin, root: RequestRoot, method: string, firstArg: Node | undefined, at: Place): Origin | undefined {
  if (!DATA_METHODS[root.flavour].has(method)) return undefined;
  const key = firstArg ? stringLiteral(firstArg) : undefined;
  const source = asSource(origin, root, `${root.label}.${method}(${key === undefined ? '' : `'${key}'`})`, at, STRING_DATA.has(method === 'query' ? 'query()' : method));
  return method === 'valid' ? { ...source, validated: true } : source;
}

function asSource(origin: Origin, root: RequestRoot, label: string, at: Place, stringy = false): Origin {
  return { ...origin, root: { kind: 'source', label, at, ...(root.subject ? { subject: root.subject } : {}) }, validated: origin.validated || root.validated, stringy: origin.stringy || stringy };
}

/** Nest parameter decorators that make a parameter request data, or the request itself. */
const NEST_DATA = new Set(['Body', 'Query', 'Param', 'Headers', 'RawBody', 'UploadedFile', 'UploadedFiles']);
const NEST_REQUEST = new Set(['Req', 'Request']);
/** Pipes that turn a parameter into a number, boolean, UUID or enum value. */
const SAFE_PIPES = /^(?:Parse(?:Int|Float|Bool|UUID|Enum)Pipe)$/;

export type NestParam = { kind: 'request' } | { kind: 'data'; label: string; safe: boolean; typed: boolean } | undefined;

/** What a Nest handler parameter receives, from its decorators (undefined when it has none of them). */
export function nestParam(param: Node): NestParam {
  const target = param.type === 'TSParameterProperty' ? param.parameter : param;
  const listed = (node: Node) => (node as { decorators?: { expression: Node }[] | null }).decorators ?? [];
  const decorators = target === param ? listed(param) : [...listed(param), ...listed(target)];
  for (const decorator of decorators) {
    const expression = unwrap(decorator.expression);
    const call = expression.type === 'CallExpression' ? expression : undefined;
    const callee = call ? unwrap(call.callee) : expression;
    const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed ? callee.property.name : undefined;
    if (!name) continue;
    if (NEST_REQUEST.has(name)) return { kind: 'request' };
    if (!NEST_DATA.has(name)) continue;
    const args = (call?.arguments ?? []) as Node[];
    const key = args[0] ? stringLiteral(args[0]) : undefined;
    const pipes = args.filter((a) => stringLiteral(a) === undefined);
    const safePipe = pipes.some((p) => {
      const inner = unwrap(p);
      const pipe = inner.type === 'NewExpression' ? unwrap(inner.callee) : inner;
      return pipe.type === 'Identifier' && SAFE_PIPES.test(pipe.name);
    });
    const type = typeAnnotation(target);
    const scalarType = type === 'TSNumberKeyword' || type === 'TSBooleanKeyword';
    const label = `@${name}(${key === undefined ? '' : `'${key}'`}) ${paramName(target) ?? ''}`.trim();
    return { kind: 'data', label, safe: safePipe || (key !== undefined && scalarType), typed: isDtoType(target) };
  }
  return undefined;
}

/** Utility and built-in types say nothing about validation; a class name (a DTO) does. */
const NOT_DTO = new Set(['Record', 'Partial', 'Object', 'Map', 'Array', 'Pick', 'Omit', 'Required', 'Readonly', 'Promise', 'Request', 'any', 'unknown']);

function isDtoType(param: Node): boolean {
  const name = parameterTypeName(param);
  return name?.type === 'Identifier' && !NOT_DTO.has(name.name);
}

function typeAnnotation(param: Node): string | undefined {
  const annotation = (param as { typeAnnotation?: { typeAnnotation?: Node } | null }).typeAnnotation?.typeAnnotation;
  return annotation?.type;
}

/** The class a parameter's type names (`dto: CreateUserDto` → the identifier node), for DTO validation. */
export function parameterTypeName(param: Node): Node | undefined {
  const target = param.type === 'TSParameterProperty' ? param.parameter : param;
  const annotation = (target as { typeAnnotation?: { typeAnnotation?: Node } | null }).typeAnnotation?.typeAnnotation;
  return annotation?.type === 'TSTypeReference' ? (annotation.typeName as Node) : undefined;
}
