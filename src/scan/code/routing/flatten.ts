/**
 * From objects and their ordered registrations to endpoints: start at every object nothing mounts
 * (the apps, and routers the scanner could not see mounted), carry the path prefix and the
 * middleware registered so far down through mounts, and give each route the chain that runs before
 * it: inherited middleware whose path scope covers the route, the object's own earlier `use`s, the
 * mount's middleware, then the route's own.
 */
import type { ParsedModule } from '../../parse.js';
import type { ScanProblem } from '../../types.js';
import { joinPaths, toOpenApiPath } from '../paths.js';
import type { Collected, Method, Mw, PathScope, RouteEvent, RouterObject } from './model.js';

export interface RawEndpoint {
  method: Method;
  /** OpenAPI style. */
  path: string;
  /** Middleware that runs before the handler, in order. */
  chain: Mw[];
  handler: Mw | undefined;
  module: ParsedModule;
  line: number;
  validation?: string;
}

interface Applied {
  mw: Mw;
  scope: PathScope | undefined;
}

const MAX_DEPTH = 32;

export function flattenRoutes(collected: Collected, adoptsOrphan: (object: RouterObject) => boolean): { endpoints: RawEndpoint[]; problems: ScanProblem[] } {
  const { objects, bindings } = collected;
  const endpoints: RawEndpoint[] = [];
  const problems: ScanProblem[] = [];

  const mountable = (key: string | undefined): key is string => {
    const object = key === undefined ? undefined : objects.get(key);
    return !!object && (object.kind !== 'param' || object.events.length > 0 || !!bindings.get(object.key)?.size);
  };

  const effective = (key: string, seen: Set<string>): RouteEvent[] => {
    const object = objects.get(key);
    if (!object || seen.has(key)) return [];
    seen.add(key);
    const out = object.events.flatMap((event) => (event.kind === 'inline' ? effective(event.target, seen) : [event]));
    seen.delete(key);
    return out;
  };

  const referenced = new Set<string>();
  for (const object of objects.values()) {
    for (const event of object.events) {
      if (event.kind === 'use') for (const arg of event.args) if (mountable(arg.key)) referenced.add(arg.key);
      if (event.kind === 'mount') referenced.add(event.child);
      if (event.kind === 'inline') referenced.add(event.target);
    }
  }

  const emit = (key: string, prefix: string, inherited: Applied[], stack: string[]): void => {
    if (stack.includes(key) || stack.length > MAX_DEPTH) return;
    const object = objects.get(key);
    if (!object) return;
    const bound = bindings.get(key);
    if (object.kind === 'param' && bound?.size) {
      for (const other of bound) emit(other, prefix, inherited, [...stack, key]);
      return;
    }
    const base = joinPaths(prefix, object.prefix);
    // Middleware scoped to paths this object cannot serve is dropped here, not tested per route.
    const openBase = toOpenApiPath(base);
    const chain = inherited.filter((a) => mayApply(a.scope, openBase));
    const inner = [...stack, key];
    for (const event of effective(key, new Set())) {
      if (event.kind === 'route') {
        for (const raw of event.paths) {
          const rawPath = joinPaths(base, raw);
          const path = toOpenApiPath(rawPath);
          const applied = chain.filter((a) => applies(a, path, rawPath)).map((a) => a.mw);
          for (const method of event.methods) {
            const { handler, module, line, validation } = event;
            endpoints.push({ method, path, chain: [...applied, ...event.middleware], handler, module, line, ...(validation ? { validation } : {}) });
          }
        }
      } else if (event.kind === 'use') {
        for (const arg of event.args) {
          if (mountable(arg.key)) {
            for (const scope of event.scopes ?? [{ path: '', exact: false }]) emit(arg.key, joinPaths(base, scope.path), chain, inner);
          } else {
            for (const scope of event.scopes ?? [undefined]) {
              chain.push({ mw: arg, scope: scope && { ...scope, path: toOpenApiPath(joinPaths(base, scope.path)) } });
            }
          }
        }
      } else if (event.kind === 'mount') {
        const withMount = [...chain, ...event.middleware.map((mw) => ({ mw, scope: undefined }))];
        for (const path of event.paths) emit(event.child, joinPaths(base, path), withMount, inner);
      }
    }
  };

  for (const object of objects.values()) {
    if (referenced.has(object.key)) continue;
    if (object.kind === 'param' && (bindings.get(object.key)?.size || !adoptsOrphan(object))) continue;
    if (effective(object.key, new Set()).length === 0) continue;
    if (object.kind === 'router') {
      problems.push({
        file: object.module.file.path,
        line: object.module.lines.line(object.node.start),
        message: 'router is never mounted where the scanner can follow it; its routes are listed without a mount prefix',
        severity: 'warning',
      });
    }
    emit(object.key, '', [], []);
  }
  return { endpoints, problems };
}

/** Whether middleware scoped to `scope` can run for some route under `base`. */
function mayApply(scope: PathScope | undefined, base: string): boolean {
  if (!scope || scope.path === '/' || base === '/') return true;
  if (scope.loose) return base.startsWith(scope.path) || scope.path.startsWith(base);
  return within(base, scope.path) || within(scope.path, base);
}

/** Whether middleware registered with a path scope (and maybe `.unless`) runs for a route. */
function applies(applied: Applied, path: string, rawPath: string): boolean {
  const { scope, mw } = applied;
  if (scope && scope.path !== '/') {
    if (scope.loose ? !path.startsWith(scope.path) : scope.exact ? path !== scope.path : !within(path, scope.path)) return false;
  }
  if (mw.unless) {
    if (mw.unless.paths.some((p) => p === rawPath || p === path || toOpenApiPath(p) === path)) return false;
    if (mw.unless.patterns.some((re) => re.test(rawPath) || re.test(path))) return false;
  }
  return true;
}

/** `path` is `prefix` or below it, segment-wise (no string is built: this runs for every route). */
function within(path: string, prefix: string): boolean {
  return path === prefix || (path.length > prefix.length && path.charCodeAt(prefix.length) === 47 && path.startsWith(prefix));
}
