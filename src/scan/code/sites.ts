/**
 * Where each endpoint found in code lives, kept beside the registry for the gates: the functions
 * that handle it and the middleware/guards/hooks that run before it. Not part of `endpoints.json`
 * (AST nodes do not serialise); held per project index, so a new scan starts afresh.
 */
import type { Node } from 'oxc-parser';
import type { Endpoint } from '../../registry/schema.js';
import type { ParsedModule } from '../parse.js';
import type { ProjectIndex } from './graph.js';
import type { Scope } from './scope.js';
import type { Target } from './values.js';

export interface ChainEntry {
  /** Display name (`authenticate`, `requireRole('admin')`, `JwtAuthGuard`). */
  name: string;
  expr: Node;
  scope: Scope;
}

export interface EndpointSite {
  /** The module and node of the registration (route call, decorated method, route options object). */
  module: ParsedModule;
  node: Node;
  /** The functions that run as the handler (wrappers unwrapped), read on demand. */
  handlers(): Target[];
  /** What runs before the handler, in order, read on demand. */
  chain(): ChainEntry[];
}

// Keyed by the index's resolver, not the index: the code scan runs over a copy of the index without
// test files (`{ ...index, modules }`), and the copy shares the resolver with the index the gates get.
const sites = new WeakMap<object, Map<string, EndpointSite>>();

export const siteKey = (endpoint: Pick<Endpoint, 'id' | 'source'>): string => `${endpoint.id}@${endpoint.source?.file ?? ''}:${endpoint.source?.line ?? 0}`;

export function recordSite(index: ProjectIndex, endpoint: Pick<Endpoint, 'id' | 'source'>, site: EndpointSite): void {
  let map = sites.get(index.resolver);
  if (!map) sites.set(index.resolver, (map = new Map()));
  map.set(siteKey(endpoint), site);
}

/** The site of an endpoint the code scan found; undefined for endpoints from the spec alone. */
export function endpointSite(index: ProjectIndex, endpoint: Pick<Endpoint, 'id' | 'source'>): EndpointSite | undefined {
  return sites.get(index.resolver)?.get(siteKey(endpoint));
}

/** Memoises a thunk (a site's handlers/chain are read by several rules). */
export function once<T>(compute: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: compute() }).v;
}
