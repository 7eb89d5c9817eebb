/**
 * CORS options as the middleware packages take them (`cors`, `@koa/cors`, `hono/cors`,
 * `@fastify/cors` registered as a plugin), Nest's `app.enableCors(…)` and `NestFactory.create(M,
 * { cors })`, and what they allow. Origins read as: any (`'*'`), reflected (`true`, `/.*\/`, a
 * function that accepts every origin), a list, or unknown (from the environment).
 */
import type { Node } from 'oxc-parser';
import { isFunction, memberPath, objectProperty, paramName, propertyName, stringLiteral, unwrap } from '../../../scan/code/ast.js';
import type { ProjectIndex } from '../../../scan/code/graph.js';
import { moduleScope } from '../../../scan/code/scope.js';
import { deref } from '../../../scan/code/values.js';
import type { ParsedModule } from '../../../scan/parse.js';

export type OriginKind = 'any' | 'reflect' | 'list' | 'unknown';

export interface CorsSetup {
  /** `cors({…})`, `app.enableCors({…})`, `Access-Control-Allow-Origin` headers. */
  via: string;
  origin: OriginKind;
  credentials: boolean;
  /** Where to point: the origin option or header when there is one, else the call. */
  at: number;
}

const PACKAGES = new Set(['cors', '@koa/cors', 'koa2-cors', 'koa-cors', 'hono/cors', '@fastify/cors', 'fastify-cors']);
/** Packages whose default origin is the request's own (reflected), not `*`. */
const REFLECT_BY_DEFAULT = new Set(['@koa/cors', 'koa2-cors', 'koa-cors']);
const PLUGINS = new Set(['@fastify/cors', 'fastify-cors']);
const MATCH_ALL = new Set(['.*', '^.*$', '.+', '^.+$', '.*?', '^.*', '(.*)']);

export interface Module {
  module: ParsedModule;
  index: ProjectIndex;
  /** `const options = {…}` anywhere in the module, by name. */
  locals: Map<string, Node>;
}

/** The package a local name is imported or required from. */
function packageOf(module: ParsedModule, name: string): string | undefined {
  const imported = module.imports.find((i) => i.local === name && PACKAGES.has(i.specifier));
  if (imported) return imported.specifier;
  const required = new RegExp(`\\b${name}\\s*=\\s*require\\(\\s*['"]([^'"]+)['"]\\s*\\)`).exec(module.file.text)?.[1];
  return required && PACKAGES.has(required) ? required : undefined;
}

function value(m: Module, node: Node | undefined): Node | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (inner.type !== 'Identifier') return inner;
  const local = m.locals.get(inner.name);
  if (local) return unwrap(local);
  const target = deref(m.index, inner, moduleScope(m.module));
  return target && target.node !== inner ? unwrap(target.node) : undefined;
}

/** An origin function that lets every origin through: `(o, cb) => cb(null, true)`, `() => true`, `(ctx) => ctx.get('Origin')`. */
function acceptsAll(m: Module, fn: Node): boolean {
  if (!isFunction(fn) || !fn.body) return false;
  const names = (fn.params as Node[]).map(paramName);
  let expression: Node | undefined;
  if (fn.body.type !== 'BlockStatement') expression = fn.body as Node;
  else if (fn.body.body.length === 1) {
    const only = fn.body.body[0] as Node;
    expression = only.type === 'ReturnStatement' ? (only.argument ?? undefined) : only.type === 'ExpressionStatement' ? only.expression : undefined;
  }
  if (!expression) return false;
  const inner = unwrap(expression);
  if (inner.type === 'Literal' && inner.value === true) return true;
  if (inner.type === 'Identifier' && inner.name === names[0]) return true;
  // Koa's `(ctx) => ctx.get('Origin')`: the request's own origin, whatever it is.
  const written = m.module.file.text.slice(inner.start, inner.end);
  if (names[0] && (inner.type === 'MemberExpression' || inner.type === 'CallExpression') && written.startsWith(`${names[0]}.`) && /origin/i.test(written)) return true;
  if (inner.type !== 'CallExpression') return false;
  const callee = unwrap(inner.callee);
  const verdict = inner.arguments[1] ? unwrap(inner.arguments[1] as Node) : undefined;
  return callee.type === 'Identifier' && callee.name === names[1] && ((verdict?.type === 'Literal' && verdict.value === true) || (verdict?.type === 'Identifier' && verdict.name === names[0]));
}

export function originKind(m: Module, node: Node | undefined, pkg: string | undefined): OriginKind {
  if (!node) return pkg && REFLECT_BY_DEFAULT.has(pkg) ? 'reflect' : 'any';
  const origin = value(m, node);
  if (!origin) return 'unknown';
  if (origin.type === 'Literal') {
    if (origin.value === '*') return 'any';
    if (origin.value === true) return 'reflect';
    if ('regex' in origin && origin.regex) return MATCH_ALL.has(origin.regex.pattern) ? 'reflect' : 'list';
    return typeof origin.value === 'string' || origin.value === false ? 'list' : 'unknown';
  }
  if (origin.type === 'ArrayExpression') return origin.elements.some((e) => e && stringLiteral(e as Node) === '*') ? 'any' : 'list';
  if (isFunction(origin)) return acceptsAll(m, origin) ? 'reflect' : 'list';
  return 'unknown';
}

function fromOptions(m: Module, options: Node | undefined, pkg: string | undefined, via: string, at: number): CorsSetup | undefined {
  const object = options === undefined ? undefined : value(m, options);
  if (options !== undefined && object?.type !== 'ObjectExpression') return undefined;
  const originNode = object ? objectProperty(object, 'origin') : undefined;
  const credentialsNode = object ? value(m, objectProperty(object, 'credentials')) : undefined;
  const credentials = credentialsNode?.type === 'Literal' && credentialsNode.value === true;
  return { via, origin: originKind(m, originNode, pkg), credentials, at: originNode?.start ?? at };
}

/** A CORS middleware call, plugin registration or Nest option. */
export function setupOfCall(m: Module, call: Extract<Node, { type: 'CallExpression' }>): CorsSetup | undefined {
  const callee = unwrap(call.callee);
  const args = call.arguments as Node[];
  if (callee.type === 'Identifier') {
    const pkg = packageOf(m.module, callee.name);
    if (pkg && !PLUGINS.has(pkg)) return fromOptions(m, args[0], pkg, `${callee.name}(…) from '${pkg}'`, call.start);
    return undefined;
  }
  if (callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(callee.property, callee.computed);
  if (method === 'register' && args[0]) {
    const plugin = unwrap(args[0]);
    const pkg = plugin.type === 'Identifier' ? packageOf(m.module, plugin.name) : plugin.type === 'CallExpression' || plugin.type === 'ImportExpression' ? /['"](@fastify\/cors|fastify-cors)['"]/.exec(m.module.file.text.slice(plugin.start, plugin.end))?.[1] : undefined;
    return pkg && PLUGINS.has(pkg) ? fromOptions(m, args[1], pkg, `register(${pkg})`, call.start) : undefined;
  }
  if (method === 'enableCors') return args[0] ? fromOptions(m, args[0], undefined, 'enableCors(…)', call.start) : undefined;
  if (method === 'create' && memberPath(callee.object)?.endsWith('NestFactory') && args[1]) {
    const options = value(m, args[1]);
    const cors = options?.type === 'ObjectExpression' ? objectProperty(options, 'cors') : undefined;
    return cors && unwrap(cors).type === 'ObjectExpression' ? fromOptions(m, cors, undefined, 'NestFactory.create(…, { cors })', call.start) : undefined;
  }
  return undefined;
}
