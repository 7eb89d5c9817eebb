/**
 * A flattened route as a registry Endpoint: auth from its middleware chain, validation from the
 * chain or the handler, rate limiting from the chain, status codes and inputs from the handler.
 * Middleware facts are memoised per argument: app-level middleware sits in every chain.
 */
import type { Endpoint } from '../../../registry/schema.js';
import { decideAuth } from '../facts/auth.js';
import { handlerFacts, type HandlerFacts } from '../facts/handler.js';
import { describeMiddleware, type MiddlewareFacts } from '../facts/middleware.js';
import type { InputKind } from '../facts/params.js';
import { declaredInputs, type DeclaredInputs } from '../facts/schema-fields.js';
import type { ProjectIndex } from '../graph.js';
import { pathParams, pathVersion } from '../paths.js';
import { recordSite, once } from '../sites.js';
import { handlerFunctions } from '../facts/handler.js';
import { scopeResolver } from '../values.js';
import type { RawEndpoint } from './flatten.js';
import type { Mw } from './model.js';

const UNKNOWN_SPREAD: MiddlewareFacts = { name: '(spread)', auth: 'unknown', rateLimit: false, validation: undefined };

export function endpointFactory(index: ProjectIndex, framework: string): (raw: RawEndpoint) => Endpoint {
  const middleware = new WeakMap<Mw, MiddlewareFacts & { inputs?: DeclaredInputs }>();
  const handlers = new WeakMap<Mw, HandlerFacts>();
  const factsOf = (mw: Mw): MiddlewareFacts & { inputs: DeclaredInputs } => {
    let facts = middleware.get(mw);
    if (!facts) {
      const local = scopeResolver(index, mw.scope);
      facts = mw.unknown ? UNKNOWN_SPREAD : describeMiddleware(index, mw.scope.module, mw.expr, local);
      if (facts.validation) facts = { ...facts, inputs: declaredInputs(index, mw.scope.module, mw.expr, local) };
      middleware.set(mw, facts);
    }
    return { inputs: {}, ...facts };
  };
  const inputs = (kind: InputKind, chain: { inputs: DeclaredInputs }[], handler: HandlerFacts | undefined) => [
    ...new Set([...chain.flatMap((f) => f.inputs[kind] ?? []), ...(handler?.inputs[kind] ?? [])]),
  ];
  const handlerOf = (mw: Mw): HandlerFacts => {
    let facts = handlers.get(mw);
    if (!facts) {
      facts = handlerFacts(index, mw.expr, mw.scope);
      handlers.set(mw, facts);
    }
    return facts;
  };

  return (raw) => {
    const chain = raw.chain.map(factsOf);
    const handler = raw.handler ? handlerOf(raw.handler) : undefined;
    // Every field is set here, so no schema parse is needed (it would cost more than the scan of the route).
    const endpoint: Endpoint = {
      id: `${raw.method} ${raw.path}`,
      method: raw.method,
      path: raw.path,
      framework,
      source: { file: raw.module.file.path, line: raw.line },
      ...decideAuth(chain.map((f) => ({ name: f.name, effect: f.auth }))),
      params: { path: pathParams(raw.path), query: inputs('query', chain, handler), body: inputs('body', chain, handler) },
      validation: chain.find((f) => f.validation)?.validation ?? raw.validation ?? handler?.validation ?? 'none',
      responses: handler?.responses ?? [],
      documented: false,
      version: pathVersion(raw.path),
      rateLimited: chain.some((f) => f.rateLimit),
    };
    const handlerMw = raw.handler;
    recordSite(index, endpoint, {
      module: raw.module,
      node: handlerMw?.expr ?? raw.module.program,
      handlers: once(() => (handlerMw ? handlerFunctions(index, handlerMw.expr, handlerMw.scope, 0) : [])),
      chain: once(() => raw.chain.map((mw, i) => ({ name: chain[i]?.name ?? '(unknown)', expr: mw.expr, scope: mw.scope }))),
    });
    return endpoint;
  };
}
