/**
 * Fastify encapsulation, statically. A `register`ed plugin is a child context: it starts with the
 * hooks its parent has when it loads, and gets its parent's prefix plus its own `prefix`. A
 * `fastify-plugin`-wrapped plugin is not a context: it runs in its parent, so its hooks and routes
 * are the parent's and Fastify ignores its `prefix` option (docs, Reference/Plugins.md: "These
 * options will be ignored when used with fastify-plugin"). Load order follows avvio: a plugin
 * registered without `await` loads after the registering body has run, an awaited one at that
 * point. A route gets the hooks of its context as they stand at the end (Fastify collects them
 * at `preReady`), so a hook added below a route in the same plugin still guards it.
 */
import type { CallExpression, Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import type { ScanProblem } from '../../types.js';
import { isFunction, paramName } from '../ast.js';
import { evaluateString, resolveExpression, type LocalResolver } from '../evaluate.js';
import { RATE_LIMIT_PACKAGES } from '../facts.js';
import type { ProjectIndex } from '../graph.js';
import { joinPaths } from '../paths.js';
import { functionScope, moduleScope, type Scope } from '../scope.js';
import { scopeResolver } from '../values.js';
import { readBody } from './body.js';
import { autoloadDir, autoloaded, AUTOLOAD_PACKAGES } from './autoload.js';
import { option, readOptions, type Options } from './options.js';
import { resolvePlugin, type Plugin } from './plugin.js';
import type { Entry, RouteSite, Shared } from './site.js';

interface Context {
  prefix: string;
  inherited: Entry[];
  own: Entry[];
  routes: Omit<RouteSite, 'entries'>[];
}

interface Env {
  index: ProjectIndex;
  sites: RouteSite[];
  problems: ScanProblem[];
  /** Plugin functions being scanned, to stop on registration cycles. */
  stack: Set<Node>;
  shared: Shared;
}

const MAX_NESTING = 40;

/** A package plugin: only the ones that change routes matter (rate limiting, autoload). */
function loadPackage(env: Env, ctx: Context, module: ParsedModule, pkg: string, options: Options | undefined): void {
  if (RATE_LIMIT_PACKAGES.has(pkg)) {
    const global = option(env.index, options, 'global');
    ctx.own.push({ kind: 'rateLimit', global: !(global?.node.type === 'Literal' && global.node.value === false) });
  }
  if (AUTOLOAD_PACKAGES.has(pkg)) {
    const dir = autoloadDir(env.index, options);
    if (dir !== undefined) env.shared.autoloadDirs.add(dir);
    for (const loaded of autoloaded(env.index, module, options)) load(env, ctx, loaded.plugin, loaded.prefix, loaded.preludes);
  }
}

const instanceOf = (plugin: Plugin) => (plugin.fn?.params[0] ? paramName(plugin.fn.params[0] as Node) : undefined);

/**
 * Loads a resolved plugin: in this context when fastify-plugin wraps it, else in a child
 * context under `prefix`; `preludes` (autoload's autohooks) run first in that child.
 */
function load(env: Env, ctx: Context, plugin: Plugin, prefix: string, preludes: readonly Plugin[] = []): void {
  const fn = plugin.fn;
  const instance = instanceOf(plugin);
  if (!fn?.body || !instance || env.stack.has(fn) || env.stack.size > MAX_NESTING) return;
  if (plugin.skipOverride) return scanBody(env, ctx, plugin.module, fn, instance);
  const child: Context = { prefix: joinPaths(ctx.prefix, prefix), inherited: [...ctx.inherited, ...ctx.own], own: [], routes: [] };
  for (const prelude of preludes) {
    const name = instanceOf(prelude);
    if (prelude.fn && name && !env.stack.has(prelude.fn)) scanBody(env, child, prelude.module, prelude.fn, name);
  }
  scanBody(env, child, plugin.module, fn, instance);
  finish(env, child);
}

function loadPlugin(env: Env, ctx: Context, module: ParsedModule, call: CallExpression, local: LocalResolver): void {
  const target = call.arguments[0] as Node | undefined;
  const plugin = target ? resolvePlugin(env.index, module, target, local) : undefined;
  const options = call.arguments[1] ? readOptions(env.index, { node: call.arguments[1] as Node, module, local }) : undefined;
  const line = module.lines.line(call.start);
  if (!plugin) {
    env.problems.push({
      file: module.file.path,
      line,
      message: 'fastify: registered plugin could not be resolved statically; its routes are not listed',
      severity: 'warning',
    });
    return;
  }
  if (plugin.pkg) return loadPackage(env, ctx, module, plugin.pkg, options);
  const prefixAt = plugin.skipOverride ? undefined : option(env.index, options, 'prefix');
  const prefix = prefixAt ? evaluateString(env.index, prefixAt.module, prefixAt.node, prefixAt.local) : '';
  if (prefix === undefined) {
    env.problems.push({
      file: module.file.path,
      line,
      message: 'fastify: register prefix is not a static string; routes listed without it',
      severity: 'warning',
    });
  }
  load(env, ctx, plugin, prefix ?? '');
}

/** `setupRoutes(app)`: the helper's body runs in this context, with its parameter as the instance. */
function callHelper(env: Env, ctx: Context, module: ParsedModule, call: CallExpression, argIndex: number, local: LocalResolver): void {
  const found = resolveExpression(env.index, module, call.callee, local);
  const fn = found?.node;
  if (!found || !isFunction(fn) || !fn.body || env.stack.has(fn)) return;
  const param = fn.params[argIndex];
  const instance = param ? paramName(param as Node) : undefined;
  if (instance) scanBody(env, ctx, found.module, fn, instance);
}

/** Reads one body (`within`, else the owner function's body) into the context. */
function scanBody(env: Env, ctx: Context, module: ParsedModule, owner: Node, instance: string, within?: Node): void {
  const body = within ?? (owner as { body: Node }).body;
  env.stack.add(owner);
  env.shared.visited.add(owner);
  // Names local to the function the body belongs to (a `const routes = require(...)` inside it),
  // built on first use: most bodies never need them.
  let built: { scope: Scope; local: LocalResolver } | undefined;
  const names = () => {
    if (!built) {
      const scope = isFunction(owner) ? functionScope(owner, moduleScope(module)) : moduleScope(module);
      built = { scope, local: scopeResolver(env.index, scope) };
    }
    return built;
  };
  const scope = () => names().scope;
  const local: LocalResolver = (node) => names().local(node);
  const events = readBody(module, body, new Set([instance]));
  const queue: CallExpression[] = [];
  const flush = () => {
    for (const call of queue.splice(0)) loadPlugin(env, ctx, module, call, local);
  };
  for (const event of events) {
    if (event.kind === 'route') {
      const each = event.each ? { ...event.each, local } : undefined;
      ctx.routes.push({ call: event.call, method: event.method, module, scope, local, prefix: ctx.prefix, ...(each ? { each } : {}) });
    } else if (event.kind === 'hook') {
      const [name, fn] = event.call.arguments as Node[];
      const hook = name ? evaluateString(env.index, module, name, local) : undefined;
      if (hook && fn) ctx.own.push({ kind: 'hook', event: hook, at: { node: fn, module, local } });
    } else if (event.kind === 'decorate') {
      const [name, value] = event.call.arguments as Node[];
      const key = name ? evaluateString(env.index, module, name, local) : undefined;
      if (key !== undefined && value) env.shared.decorations.set(key, { node: value, module, local });
    } else if (event.kind === 'register') {
      queue.push(event.call);
      if (event.awaited) flush();
    } else {
      callHelper(env, ctx, module, event.call, event.argIndex, local);
    }
  }
  flush();
  env.stack.delete(owner);
}

function finish(env: Env, ctx: Context): void {
  const entries = [...ctx.inherited, ...ctx.own];
  for (const route of ctx.routes) env.sites.push({ ...route, entries });
}

export interface ContextScan {
  sites: RouteSite[];
  problems: ScanProblem[];
}

/**
 * Every route reachable from one root: a `Fastify()` instance (`scope` is the body it lives in)
 * or a plugin nobody registers (autoloaded, or registered in a way we cannot follow), which
 * `prefix` places.
 */
export interface Root {
  module: ParsedModule;
  /** The function (or class body, or program) the instance belongs to. */
  owner: Node;
  /** What to read, when not the owner function's body. */
  scope?: Node;
  instance: string;
  prefix?: string;
}

export function scanRoot(index: ProjectIndex, root: Root, shared: Shared): ContextScan {
  const env: Env = { index, sites: [], problems: [], stack: new Set(), shared };
  const context: Context = { prefix: root.prefix ?? '', inherited: [], own: [], routes: [] };
  scanBody(env, context, root.module, root.owner, root.instance, root.scope);
  finish(env, context);
  return { sites: env.sites, problems: env.problems };
}
