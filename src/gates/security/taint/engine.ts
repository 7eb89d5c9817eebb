/**
 * The taint engine over a project, run once per check and shared by the three rules that read it
 * (sec/sql-injection, sec/nosql-injection, sec/dangerous-call) through `context.memo`.
 *
 * It reads every function that receives a request (route handlers from the scan's endpoint sites,
 * functions with a `req`/`request`/`ctx` parameter, Nest handlers with `@Body()`/`@Query()`…).
 * Calls into project functions are followed through summaries — "parameter i reaches sink S",
 * "parameter i is returned" — computed once per function, on demand, across files, to a bounded
 * depth. A function that cannot be read is recorded as an error of its file; the rest goes on.
 */
import type { Node } from 'oxc-parser';
import { isFunction, type FunctionLike } from '../../../scan/code/ast.js';
import { importedPackages } from '../../../scan/code/facts/packages.js';
import { endpointSite, once } from '../../../scan/code/sites.js';
import type { ParsedModule } from '../../../scan/parse.js';
import { codeEndpoints } from '../../support/endpoints.js';
import type { CheckContext } from '../../types.js';
import { Evaluator, type EngineContext } from './evaluator.js';
import { isNotService, moduleFunctions, type FunctionEntry, type ModuleFunctions } from './functions.js';
import { safeInputsOf } from './middleware.js';
import { fastifyRouteInputs } from './route-schemas.js';
import { commonInputs, mergeInputs } from './safe-inputs.js';
import type { HandlerInfo } from './params.js';
import { nestParam, requestFlavourOfName } from './sources.js';
import type { FunctionRef, ModuleFramework, Summary, TaintAnalysis, TaintFinding } from './types.js';

const MONGO_PACKAGES = ['mongoose', 'mongodb', 'mongojs', 'monk', 'marsdb', '@nestjs/mongoose', '@typegoose/typegoose', 'mongoist'];
/** Summaries computed inside summaries: deeper call chains than this are not followed. */
const MAX_CALL_DEPTH = 12;
const EMPTY: Summary = { sinks: [], returns: [], returnsSources: [] };
const NO_FUNCTIONS: ModuleFunctions = { all: [], byName: new Map() };
/** Cheap test before walking a module for request-receiving functions: a request-like parameter, a Nest decorator. */
const ROOT_TEXT = /[(,]\s*(?:req|request|ctx|context|c)\s*[:,)=?]|@(?:Body|Query|Param|Headers|Req|Request)\b|getRequest/;

export const TAINT_MEMO = 'security:taint-analysis';

export function taintAnalysis(context: CheckContext): TaintAnalysis {
  return context.memo(TAINT_MEMO, () => new TaintEngine(context).run());
}

class TaintEngine {
  private readonly modules: readonly ParsedModule[];
  private readonly usesMongo: boolean;
  private readonly summaries = new Map<Node, Summary>();
  private readonly active = new Set<Node>();
  private readonly findings = new Map<string, TaintFinding>();
  private readonly errors = new Map<string, unknown>();
  private readonly byNameCache = new Map<string, readonly FunctionEntry[]>();
  private readonly frameworks = new Map<ParsedModule, ModuleFramework>();
  private handlers: Map<Node, HandlerInfo> | undefined;
  private readonly targets = new Map<Node, FunctionRef>();
  private readonly shared: EngineContext;

  constructor(private readonly context: CheckContext) {
    this.modules = context.modules.filter((m) => !isNotService(m.file.path));
    this.usesMongo = this.modules.some((m) => MONGO_PACKAGES.some((p) => importedPackages(m).has(p)));
    this.shared = {
      index: context.index,
      usesMongo: this.usesMongo,
      summaryOf: (ref) => this.summaryOf(ref),
      callees: { index: context.index, byName: (name) => this.byName(name) },
      handlerOf: (fn) => this.handlerMap().get(fn),
      frameworkOf: (module) => this.frameworkOf(module),
      report: (finding) => this.report(finding),
    };
  }

  run(): TaintAnalysis {
    for (const root of this.roots()) this.summaryOf(root);
    const findings = [...this.findings.values()].sort((a, b) => a.at.file.localeCompare(b.at.file) || a.at.line - b.at.line || a.at.column - b.at.column);
    return { findings, errors: [...this.errors].map(([file, error]) => ({ file, error })), usesMongo: this.usesMongo, modules: this.modules.length };
  }

  private summaryOf(ref: FunctionRef): Summary {
    const cached = this.summaries.get(ref.node);
    if (cached) return cached;
    if (this.active.has(ref.node) || this.active.size >= MAX_CALL_DEPTH || isNotService(ref.module.file.path)) return EMPTY;
    this.active.add(ref.node);
    let summary = EMPTY;
    try {
      summary = new Evaluator(this.shared, ref).run();
    } catch (error) {
      if (!this.errors.has(ref.module.file.path)) this.errors.set(ref.module.file.path, error);
    } finally {
      this.active.delete(ref.node);
    }
    this.summaries.set(ref.node, summary);
    return summary;
  }

  private report(finding: TaintFinding): void {
    const key = `${finding.rule}|${finding.at.file}|${finding.at.line}`;
    if (!this.findings.has(key)) this.findings.set(key, finding);
  }

  /** Functions that receive a request: endpoint handlers first, then any function with a request parameter. */
  private roots(): FunctionRef[] {
    const roots: FunctionRef[] = [];
    const seen = new Set<Node>();
    for (const [node, target] of this.handlerTargets()) {
      seen.add(node);
      roots.push(target);
    }
    for (const module of this.modules) {
      if (!ROOT_TEXT.test(module.file.text)) continue;
      const framework = this.frameworkOf(module);
      const receiving = this.functionsOf(module).all.filter((entry) => receivesRequest(entry, framework) || seen.has(entry.node));
      const rootNodes = new Set<Node>(receiving.map((e) => e.node));
      for (const entry of receiving) {
        // A function written inside another root is read in place, with the variables around it.
        if (entry.enclosing.some((outer) => rootNodes.has(outer)) || seen.has(entry.node)) continue;
        seen.add(entry.node);
        roots.push(entry);
      }
    }
    return roots;
  }

  private handlerTargets(): Map<Node, FunctionRef> {
    this.handlerMap();
    return this.targets;
  }

  /** Endpoint handlers by function node, from the scan's endpoint sites. */
  private handlerMap(): Map<Node, HandlerInfo> {
    if (this.handlers) return this.handlers;
    const handlers = new Map<Node, HandlerInfo>();
    this.handlers = handlers;
    for (const { endpoint } of codeEndpoints(this.context)) {
      const site = endpointSite(this.context.index, endpoint);
      if (!site || isNotService(site.module.file.path)) continue;
      let targets;
      try {
        targets = site.handlers();
      } catch (error) {
        if (!this.errors.has(site.module.file.path)) this.errors.set(site.module.file.path, error);
        continue;
      }
      const framework = endpoint.framework ?? '';
      const index = this.context.index;
      const safeInputs = once(() => {
        const fromChain = safeInputsOf(index, site.chain());
        return framework === 'fastify' ? mergeInputs(fromChain, fastifyRouteInputs(index, site.module, endpoint.source?.line, site.node)) : fromChain;
      });
      for (const target of targets) {
        if (!isFunction(target.node) || isNotService(target.module.file.path)) continue;
        const known = handlers.get(target.node);
        if (known) {
          // One handler for several routes: it is read once, so only what every route checks counts.
          const before = known.safeInputs;
          handlers.set(target.node, { ...known, safeInputs: once(() => commonInputs(before(), safeInputs())) });
          continue;
        }
        handlers.set(target.node, {
          subject: endpoint.id,
          safeInputs,
          validated: endpoint.validation !== undefined && endpoint.validation !== 'none',
          flavour: framework === 'koa' ? 'koa-ctx' : framework === 'hono' ? 'hono-ctx' : 'http',
          nest: framework === 'nestjs',
          flatQuery: framework === 'fastify' || framework === 'koa' || framework === 'hono',
        });
        this.targets.set(target.node, { module: target.module, node: target.node as FunctionLike, parentScope: () => target.scope });
      }
    }
    return handlers;
  }

  /** A module's functions; a module too odd to walk (a minified bundle nested past the stack) counts as having none. */
  private functionsOf(module: ParsedModule): ModuleFunctions {
    try {
      return moduleFunctions(module);
    } catch (error) {
      if (!this.errors.has(module.file.path)) this.errors.set(module.file.path, error);
      return NO_FUNCTIONS;
    }
  }

  private byName(name: string): readonly FunctionEntry[] {
    let found = this.byNameCache.get(name);
    if (!found) {
      found = this.modules.filter((m) => m.file.text.includes(name)).flatMap((m) => this.functionsOf(m).byName.get(name) ?? []);
      this.byNameCache.set(name, found);
    }
    return found;
  }

  private frameworkOf(module: ParsedModule): ModuleFramework {
    let found = this.frameworks.get(module);
    if (!found) {
      const packages = [...importedPackages(module)];
      const hono = packages.some((p) => p === 'hono' || p.startsWith('@hono/'));
      const koa = packages.some((p) => p === 'koa' || p.startsWith('@koa/') || p.startsWith('koa-'));
      found = { hono, koa, flatQuery: hono || koa || packages.some((p) => p === 'fastify' || p.startsWith('@fastify/')) };
      this.frameworks.set(module, found);
    }
    return found;
  }
}

/** A request parameter by name or Nest decorator, or a Nest `getRequest()` in the body. */
function receivesRequest(entry: FunctionEntry, framework: ModuleFramework): boolean {
  const params = entry.node.params as Node[];
  for (const [index, param] of params.entries()) {
    if (nestParam(param)) return true;
    const target = param.type === 'TSParameterProperty' ? param.parameter : param.type === 'AssignmentPattern' ? param.left : param;
    if (index < 3 && target.type === 'Identifier' && requestFlavourOfName(target.name, framework)) return true;
  }
  const { start, end } = entry.node;
  const text = entry.module.file.text;
  const at = text.indexOf('getRequest(', start);
  return at !== -1 && at < end;
}
