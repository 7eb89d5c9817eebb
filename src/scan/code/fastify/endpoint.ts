/**
 * One Fastify route declaration in its context → endpoints (one per method), with auth from the
 * context's hooks and the route's own `onRequest`/`preValidation`/`preHandler`, validation and
 * fields from its `schema`, statuses from the schema and the handler, rate limiting from
 * `@fastify/rate-limit` and the route's `config.rateLimit`.
 */
import type { Node } from 'oxc-parser';
import type { Endpoint } from '../../../registry/schema.js';
import type { FunctionLike } from '../ast.js';
import { decideAuth, handlerFacts, handlerFunctions } from '../facts.js';
import { evaluateString } from '../evaluate.js';
import type { ProjectIndex } from '../graph.js';
import { joinPaths, pathParams, pathVersion, toOpenApiPath } from '../paths.js';
import { ALL_METHODS, isCatchAll } from '../routing/registration.js';
import { moduleScope } from '../scope.js';
import { once, recordSite } from '../sites.js';
import { AUTH_HOOKS, readHooks } from './hooks.js';
import { option, optionObject, type Located } from './options.js';
import type { RouteDecl } from './route.js';
import { readSchema } from './schema.js';
import { readReply } from './reply.js';
import type { Entry, HandlerInfo, RouteSite, Shared } from './site.js';

const union = (...lists: string[][]) => [...new Set(lists.flat())];

/** `config: { rateLimit: false }` opts a route out, `config: { rateLimit: {...} }` in. */
function rateLimited(index: ProjectIndex, entries: readonly Entry[], decl: RouteDecl, fromHooks: boolean): boolean {
  const setting = option(index, optionObject(index, decl.options, 'config'), 'rateLimit');
  if (setting?.node.type === 'Literal' && setting.node.value === false) return false;
  if (setting || fromHooks) return true;
  return entries.some((entry) => entry.kind === 'rateLimit' && entry.global);
}

function version(index: ProjectIndex, decl: RouteDecl, path: string): string | null {
  const declared = option(index, optionObject(index, decl.options, 'constraints'), 'version');
  return (declared && evaluateString(index, declared.module, declared.node, declared.local)) ?? pathVersion(path);
}

/**
 * Statuses, inputs and in-handler validation, read by the shared handler facts, plus what
 * reply.ts reads. Read once per function, however many routes share it.
 */
function handlerOf(index: ProjectIndex, site: RouteSite, decl: RouteDecl, cache: Map<Node, HandlerInfo>): HandlerInfo | undefined {
  const handler = decl.handler;
  if (!handler) return undefined;
  const scope = handler.module === site.module ? site.scope() : moduleScope(handler.module);
  const fns = handlerFunctions(index, handler.node, scope, 0).map((target) => target.node as FunctionLike);
  const key = fns[0];
  const cached = key && cache.get(key);
  if (cached) return cached;
  const facts = handlerFacts(index, handler.node, scope);
  const replies = fns.map(readReply);
  const extra = replies.flatMap((r) => r.statuses).map(String);
  const info = { ...facts, responses: [...facts.responses, ...extra], returns: replies.some((r) => r.returns) };
  if (key) cache.set(key, info);
  return info;
}

export function declEndpoints(index: ProjectIndex, site: RouteSite, decl: RouteDecl, shared: Shared): Endpoint[] {
  const full = joinPaths(site.prefix, decl.url);
  // `all('*')` is a fallback (a 404 page, a proxy), not an endpoint.
  if (decl.methods.length === ALL_METHODS.length && isCatchAll(decl.url)) return [];
  const path = toOpenApiPath(full);
  const contextHooks = site.entries.flatMap((entry) => (entry.kind === 'hook' && AUTH_HOOKS.has(entry.event) ? [entry.at] : []));
  const routeHooks = [...AUTH_HOOKS].flatMap((key) => decl.options?.get(key) ?? []) as Located[];
  const hooks = readHooks(index, [...contextHooks, ...routeHooks], shared.decorations);
  const schema = readSchema(index, decl.options);
  const handler = handlerOf(index, site, decl, shared.handlers);
  const statuses = union(schema.responses, handler?.responses ?? []);
  // Fastify answers 200 unless told otherwise: when the handler returns a value, or sets nothing.
  if ((handler?.returns || statuses.length === 0) && !statuses.some((code) => /^2/.test(code))) statuses.unshift('200');
  const base = {
    path,
    framework: 'fastify',
    source: { file: decl.module.file.path, line: decl.line },
    ...decideAuth(hooks.entries),
    params: {
      path: pathParams(path),
      query: union(schema.query, handler?.inputs.query ?? []),
      body: union(schema.body, handler?.inputs.body ?? []),
    },
    validation: schema.validation ?? handler?.validation ?? 'none',
    responses: statuses.sort(),
    documented: false,
    version: version(index, decl, path),
    rateLimited: rateLimited(index, site.entries, decl, hooks.rateLimited),
  };
  const endpoints = decl.methods.map((method): Endpoint => ({ id: `${method} ${path}`, method, ...base }));
  const handlerNode = decl.handler;
  const handlerScope = handlerNode ? (handlerNode.module === site.module ? site.scope() : moduleScope(handlerNode.module)) : undefined;
  const hookTargets = [...contextHooks, ...routeHooks];
  for (const endpoint of endpoints) {
    recordSite(index, endpoint, {
      module: decl.module,
      node: handlerNode?.node ?? decl.module.program,
      handlers: once(() => (handlerNode && handlerScope ? handlerFunctions(index, handlerNode.node, handlerScope, 0) : [])),
      chain: once(() => hookTargets.map((hook) => ({ name: hookName(hook), expr: hook.node, scope: moduleScope(hook.module) }))),
    });
  }
  return endpoints;
}

function hookName(hook: Located): string {
  const node = hook.node as { type: string; name?: string; property?: { name?: string } };
  return node.type === 'Identifier' ? (node.name ?? '(hook)') : node.type === 'MemberExpression' ? (node.property?.name ?? '(hook)') : '(hook)';
}
