/**
 * What runs when an endpoint is called: its handler functions and the project functions they call,
 * a few calls deep (`handler → orderService.cancelOrder → getOrder`). Calls are followed through
 * imports, namespaces, object members, class instances and Nest-style injected services
 * (`this.usersService.update()` through the constructor parameter's type). The policy rules look
 * in these functions for an ownership check, an audit call or a signature check.
 */
import type { Class, Node } from 'oxc-parser';
import type { Endpoint } from '../../../registry/schema.js';
import { forEachChild, isClass, isFunction, unwrap } from '../../../scan/code/ast.js';
import type { ProjectIndex } from '../../../scan/code/graph.js';
import { classScope, functionScope, type Scope } from '../../../scan/code/scope.js';
import { injectedMethod } from './injected.js';
import { endpointSite, siteKey } from '../../../scan/code/sites.js';
import { deref, type Target } from '../../../scan/code/values.js';
import type { CheckContext } from '../../types.js';

export type { Target } from '../../../scan/code/values.js';

const MAX_DEPTH = 4;
const MAX_FUNCTIONS = 80;

/** The handler functions of an endpoint found in code (wrappers unwrapped); [] when there is none. */
export function handlerTargets(context: CheckContext, endpoint: Pick<Endpoint, 'id' | 'source'>): Target[] {
  return endpointSite(context.index, endpoint)?.handlers() ?? [];
}

/** The handlers and the project functions they call, breadth first, at most four calls deep. */
export function reachableFunctions(context: CheckContext, endpoint: Pick<Endpoint, 'id' | 'source'>): Target[] {
  return context.memo(`policy:reach:${siteKey(endpoint)}`, () => {
    const out: Target[] = [];
    const seen = new Set<Node>();
    let frontier = handlerTargets(context, endpoint);
    for (let depth = 0; frontier.length && depth <= MAX_DEPTH && out.length < MAX_FUNCTIONS; depth++) {
      const next: Target[] = [];
      for (const target of frontier) {
        if (seen.has(target.node) || out.length >= MAX_FUNCTIONS) continue;
        seen.add(target.node);
        out.push(target);
        if (depth < MAX_DEPTH) next.push(...calledFunctions(context.index, target));
      }
      frontier = next;
    }
    return out;
  });
}

const calleesOf = new WeakMap<Node, Target[]>();

/** The project functions a function calls (inline callbacks are part of its own body). */
export function calledFunctions(index: ProjectIndex, target: Target): Target[] {
  const cached = calleesOf.get(target.node);
  if (cached) return cached;
  const found: Target[] = [];
  calleesOf.set(target.node, found);
  const fn = target.node;
  if (!isFunction(fn) || !fn.body) return found;
  walkScoped(fn.body as Node, functionScope(fn, target.scope), (node, scope) => {
    if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return;
    const callee = resolveCallee(index, node.callee as Node, scope);
    if (callee && !found.some((f) => f.node === callee.node)) found.push(callee);
  });
  return found;
}

/** Walks a function body with the scope each node is read in (nested functions get their own). */
export function walkScoped(node: Node, scope: Scope, visit: (node: Node, scope: Scope, parent: Node | undefined) => void, parent?: Node): void {
  visit(node, scope, parent);
  const inner = isFunction(node) ? functionScope(node, scope) : scope;
  forEachChild(node, (child) => walkScoped(child, inner, visit, node));
}

/** The function a callee refers to, if it is one the project defines. */
export function resolveCallee(index: ProjectIndex, callee: Node, scope: Scope): Target | undefined {
  const node = unwrap(callee);
  if (node.type !== 'Identifier' && node.type !== 'MemberExpression') return undefined;
  let target: Target | undefined;
  try {
    target = deref(index, node, scope);
  } catch {
    target = undefined;
  }
  if (target && isFunction(target.node)) return target;
  if (target && isClass(target.node)) return constructorOf(target);
  if (node.type === 'MemberExpression' && !node.computed) return injectedMethod(index, node.object as Node, node.property.name, scope);
  return undefined;
}

function constructorOf(target: Target): Target | undefined {
  const cls = target.node as Class;
  const ctor = cls.body.body.find((e) => e.type === 'MethodDefinition' && e.kind === 'constructor');
  return ctor && ctor.type === 'MethodDefinition' ? { module: target.module, node: ctor.value as Node, scope: classScope(target.scope, cls) } : undefined;
}

/** The source text of a reached function. */
export const sourceOf = (target: Target): string => target.module.file.text.slice(target.node.start, target.node.end);

const verdicts = new WeakMap<Node, Map<string, boolean>>();

/** Whether `test` holds for a function, memoised per function and key (several endpoints reach the same service). */
export function functionHas(target: Target, key: string, test: (target: Target) => boolean): boolean {
  let map = verdicts.get(target.node);
  if (!map) verdicts.set(target.node, (map = new Map()));
  let verdict = map.get(key);
  if (verdict === undefined) map.set(key, (verdict = test(target)));
  return verdict;
}

const SIGNATURE = /signature|constructEvent|hmac|timingSafeEqual|verifyWebhook|webhooks?\.verify|svix|x-hub-signature|verifySignature/i;

/** Whether a webhook's handler (or middleware before it) checks a signature; undefined when its code was not found. */
export function verifiesSignature(context: CheckContext, endpoint: Pick<Endpoint, 'id' | 'source'>): boolean | undefined {
  const site = endpointSite(context.index, endpoint);
  if (!site) return undefined;
  if (site.chain().some((entry) => SIGNATURE.test(entry.name) || /webhook/i.test(entry.name))) return true;
  const reached = reachableFunctions(context, endpoint);
  if (reached.length === 0) return undefined;
  return reached.some((target) => functionHas(target, 'signature', (t) => SIGNATURE.test(sourceOf(t))));
}
