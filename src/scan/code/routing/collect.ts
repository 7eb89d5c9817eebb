/**
 * Reads every module once and records, per app/router object, its registrations in order. A call
 * is a registration when it is a dialect link (`get`, `use`, `route`…) on something that is an
 * object: created by the framework (`express.Router()`, `new Hono()`), or a function parameter
 * (`export default (app) => { app.get(…) }`). Calls that hand an object to a project function
 * (`registerRoutes(app)`) splice that function's registrations in at the call, so the order of
 * `app.use(authenticate)` relative to them is kept.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import type { ScanProblem } from '../../types.js';
import { methodCall, unwrap, type FunctionLike } from '../ast.js';
import type { ProjectIndex } from '../graph.js';
import { destructuredParams } from '../patterns.js';
import { isParameter, type Scope } from '../scope.js';
import { evaluateString } from '../evaluate.js';
import { deref, scopeResolver, targetKey, type Target } from '../values.js';
import { expandArgs, staticPaths } from './args.js';
import { calleeFunction, objectValues } from './calls.js';
import type { Collected, Dialect, Link, RegistrationApi, RouterObject } from './model.js';
import { walkScoped } from './walker.js';

interface Candidate {
  arg: Target;
  param: string;
  seq: number;
}

export function collectRoutes(index: ProjectIndex, dialect: Dialect, modules: readonly ParsedModule[]): Collected {
  const objects = new Map<string, RouterObject>();
  const bindings = new Map<string, Set<string>>();
  const problems: ScanProblem[] = [];
  const candidates: Candidate[] = [];
  let seq = 0;

  /** `new Hono().get(…)` and `app.use(…)` evaluate to the object they are called on. */
  const stripLinks = (node: Node): Node => {
    let current = unwrap(node);
    for (let call = methodCall(current); call && dialect.links.has(call.name); call = methodCall(current)) current = unwrap(call.object);
    return current;
  };

  const targetOf = (expression: Node, scope: Scope, depth = 0): Target | undefined => {
    const node = stripLinks(expression);
    const target = deref(index, node, scope);
    if (!target || depth > 6) return target;
    const stripped = stripLinks(target.node);
    return stripped !== target.node ? targetOf(stripped, target.scope, depth + 1) : target;
  };

  const objectFor = (target: Target): RouterObject | undefined => {
    const key = targetKey(target);
    const existing = objects.get(key);
    if (existing) return existing;
    const made = dialect.creation(index, target);
    if (!made && !isParameter(target.node)) return undefined;
    const object: RouterObject = { key, module: target.module, node: target.node, kind: made?.kind ?? 'param', prefix: made?.prefix ?? '', events: [] };
    objects.set(key, object);
    const parent = made?.parent && objectOf(made.parent.object, made.parent.scope);
    if (parent) parent.events.push({ kind: 'mount', paths: [''], middleware: [], child: key, seq: ++seq });
    return object;
  };

  const objectOf = (node: Node, scope: Scope): RouterObject | undefined => {
    const target = targetOf(node, scope);
    return target && objectFor(target);
  };

  /** What an argument is, if it is (or may be) an object; no entry is made until something registers on it. */
  const objectArgument = (node: Node, scope: Scope): Target | undefined => {
    const target = targetOf(node, scope);
    if (!target) return undefined;
    return objects.has(targetKey(target)) || isParameter(target.node) || dialect.creation(index, target) ? target : undefined;
  };

  const keyOf = (node: Node, scope: Scope): string | undefined => {
    const mounted = dialect.mounted?.(node);
    return objectOf(mounted ?? node, scope)?.key;
  };

  for (const module of modules) {
    // Inner calls of a chain already read, per scope: an unrolled loop visits the same nodes once per element.
    const consumed = new WeakMap<Node, Scope>();
    walkScoped(index, module, (node, scope) => {
      if (consumed.get(node) === scope) return;
      const links = node.type === 'CallExpression' ? unroll(node, scope) : undefined;
      if (links) {
        for (const link of links.links) consumed.set(link.call, scope);
        return register(module, links.base, links.links, scope);
      }
      if (node.type === 'CallExpression' || node.type === 'NewExpression') recordCandidates(node, scope);
    });
  }

  function unroll(call: Node, scope: Scope): { base: Node; links: Omit<Link, 'last'>[] } | undefined {
    const links: Omit<Link, 'last'>[] = [];
    let current = call;
    for (let found = linkCall(current, scope); found && dialect.links.has(found.name); found = linkCall(current, scope)) {
      const callee = unwrap(found.call.callee) as Extract<Node, { type: 'MemberExpression' }>;
      links.unshift({ name: found.name, call: found.call, property: callee.property });
      current = unwrap(found.object);
    }
    return links.length ? { base: current, links } : undefined;
  }

  /** `router.get(…)`, and `router[route.method](…)` in a route table the walker unrolled. */
  function linkCall(node: Node, scope: Scope): ReturnType<typeof methodCall> {
    const found = methodCall(node);
    if (found || node.type !== 'CallExpression') return found;
    const callee = unwrap(node.callee);
    if (callee.type !== 'MemberExpression' || !callee.computed) return undefined;
    const name = evaluateString(index, scope.module, callee.property, scopeResolver(index, scope))?.toLowerCase();
    return name === undefined ? undefined : { object: callee.object, name, call: node };
  }

  function register(module: ParsedModule, base: Node, links: Omit<Link, 'last'>[], scope: Scope): void {
    const route = dialect.routeBase?.(base);
    const object = objectOf(route ? route.object : base, scope);
    if (!object) return;
    const api: RegistrationApi = {
      index,
      module,
      scope,
      object,
      paths: (node, where = scope) => staticPaths(index, node, where),
      args: (nodes, where = scope) => expandArgs(index, nodes, where, () => undefined),
      useArgs: (nodes) => expandArgs(index, nodes, scope, keyOf),
      objectOf: (node) => objectOf(node, scope),
      emit: (event) => object.events.push({ ...event, seq: ++seq }),
      problem: (message, node) => problems.push({ file: module.file.path, ...module.lines.position(node.start), message, severity: 'warning' }),
      line: (node) => module.lines.line(node.start),
    };
    const chainMiddleware = [] as NonNullable<Link['chainMiddleware']>;
    for (const [i, link] of links.entries()) {
      dialect.register({ ...link, ...(route ? { routePath: route.path } : {}), chainMiddleware, last: i === links.length - 1 }, api);
    }
  }

  /** `registerRoutes(app)`, `new UserRoutes(router)`, `require('./routes')(app)`. */
  function recordCandidates(node: Extract<Node, { type: 'CallExpression' | 'NewExpression' }>, scope: Scope): void {
    // Most calls pass no names at all (`z.string()`, `res.json([])`): nothing to look up.
    if (!node.arguments.some((arg) => arg.type === 'Identifier' || arg.type === 'MemberExpression' || arg.type === 'ObjectExpression')) return;
    let fn: { node: FunctionLike; module: ParsedModule } | null | undefined;
    const bind = (target: Target, module: ParsedModule, param: Node) => {
      const key = targetKey({ module, node: param, scope });
      candidates.push({ arg: target, param: key, seq: ++seq });
      const bound = bindings.get(key) ?? new Set<string>();
      bound.add(targetKey(target));
      bindings.set(key, bound);
    };
    for (const [i, raw] of node.arguments.entries()) {
      const arg = unwrap(raw as Node);
      // `expressLoader({ app })` into `({ app }) => …`: match the object's properties to the pattern's names.
      const pairs = arg.type === 'ObjectExpression' ? undefined : [{ value: arg, property: undefined as string | undefined }];
      const targets = (pairs ?? objectValues(arg)).flatMap(({ value, property }) => {
        if (value.type !== 'Identifier' && value.type !== 'MemberExpression') return [];
        const target = objectArgument(value, scope);
        return target ? [{ target, property }] : [];
      });
      if (!targets.length) continue;
      fn ??= calleeFunction(index, node, scope) ?? null;
      const param = fn?.node.params[i] as Node | undefined;
      if (!fn || !param) continue;
      for (const { target, property } of targets) {
        if (property === undefined) bind(target, fn.module, param);
        else {
          const named = destructuredParams(param).find((p) => p.key === property);
          if (named) bind(target, fn.module, named.node);
        }
      }
    }
  }

  // A call hands an object to a function that registers on its parameter: splice, to a fixpoint
  // (the function may itself hand the parameter on).
  for (let changed = true; changed; ) {
    changed = false;
    for (const candidate of candidates.splice(0)) {
      if (!objects.has(candidate.param)) {
        candidates.push(candidate);
        continue;
      }
      const owner = objectFor(candidate.arg);
      owner?.events.push({ kind: 'inline', target: candidate.param, seq: candidate.seq });
      changed = true;
    }
  }
  for (const object of objects.values()) object.events.sort((a, b) => a.seq - b.seq);
  return { objects, bindings, problems };
}
