/**
 * Endpoint paths as the REST rules read them: segments (static or `{param}`), the resource part
 * after prefixes like `/api/v1`, and what the other endpoints say about a path (a `/users` that
 * has a `/users/{id}` beside it is a collection, whatever its name).
 */
import type { Endpoint } from '../../../registry/schema.js';
import type { CheckContext } from '../../types.js';
import { isNonCollectionWord, isPluralWord, REFERENCE_LISTS, segmentWords } from './nouns.js';
import { routesInCode } from './routes.js';

export interface Segment {
  text: string;
  param: boolean;
}

export function segmentsOf(path: string): Segment[] {
  return path
    .split('/')
    .filter(Boolean)
    .map((text) => ({ text, param: /^\{[^}]*\}$/.test(text) }));
}

/** `v1`, `v2.1`, `1.0`, `2024-01-01`: a version, not a resource. */
export const isVersionSegment = (text: string): boolean => /^v\d+(?:[._]\d+)*$/i.test(text) || /^\d+(?:\.\d+)+$/.test(text) || /^\d{4}-\d{2}-\d{2}$/.test(text);

const PREFIXES = /^(?:api|apis|rest|rpc|service|services)$/i;

/** A segment that is part of the API's base path (`api`, `v1`) rather than a resource. */
export const isPrefixSegment = (text: string): boolean => PREFIXES.test(text) || isVersionSegment(text);

/** The segments after the base path (`/api/v1`) and any leading params (`/{tenant}`). */
export function resourceSegments(path: string): Segment[] {
  const all = segmentsOf(path);
  let start = 0;
  while (start < all.length && (all[start]?.param || isPrefixSegment(all[start]?.text ?? ''))) start++;
  return all.slice(start);
}

/** Static segments that name things (files like `openapi.json`, wildcards and odd characters left out). */
export const isNameSegment = (segment: Segment): boolean => !segment.param && /^[A-Za-z][\w-]*$/.test(segment.text);

/** A path for comparison: params as `{}`. */
export const pathKey = (path: string): string => path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '');

/** Paths (as keys) that have an item route below them: `/users` when `/users/{id}` exists. */
function collectionKeys(context: CheckContext): Set<string> {
  return context.memo('api:collection-keys', () => {
    const keys = new Set<string>();
    for (const { endpoint } of routesInCode(context)) {
      const segments = segmentsOf(endpoint.path);
      const last = segments[segments.length - 1];
      if (last?.param && last.text !== '{wildcard}') keys.add(pathKey(`/${segments.slice(0, -1).map((s) => s.text).join('/')}`));
    }
    return keys;
  });
}

export const hasItemRoute = (context: CheckContext, path: string): boolean => collectionKeys(context).has(pathKey(path));

/** The last segment when it is static (a collection or a sub-resource), undefined for item paths. */
export function lastStatic(path: string): Segment | undefined {
  const segments = resourceSegments(path);
  const last = segments[segments.length - 1];
  return last && isNameSegment(last) ? last : undefined;
}

/** The path ends in a param (`/users/{id}`): an item. */
export function isItemPath(path: string): boolean {
  const segments = resourceSegments(path);
  return segments[segments.length - 1]?.param === true;
}

/**
 * A collection path: it ends in a plural noun that is not a singleton or an action (`/users`,
 * `/users/{id}/orders`), or another endpoint addresses its items (`/user` beside `/user/{id}`).
 */
export function isCollectionPath(context: CheckContext, path: string): boolean {
  const last = lastStatic(path);
  if (!last || isNonCollectionWord(last.text)) return false;
  const words = segmentWords(last.text);
  return isPluralWord(words[words.length - 1] ?? '') || hasItemRoute(context, path);
}

/** A small lookup list (`/categories`, `/roles`) that clients load whole. */
export function isReferenceList(path: string): boolean {
  const last = lastStatic(path);
  const words = last ? segmentWords(last.text) : [];
  return REFERENCE_LISTS.has(words[words.length - 1] ?? '');
}

/**
 * Levels of resource nesting: each run of params (one item key, even a compound one like
 * `/{owner}/{repo}`) is a level, and so is a static segment the path ends with (a collection or
 * sub-resource). `/users/{id}/orders` is 2; `/api/v1` and static groupings like `/admin/reports` add none.
 */
export function nestingDepth(segments: readonly Segment[]): number {
  let depth = 0;
  segments.forEach((segment, i) => {
    if (segment.param && !segments[i + 1]?.param) depth++;
  });
  return segments[segments.length - 1]?.param === false ? depth + 1 : depth;
}

/** `GET /users` for messages. */
export const describe = (endpoint: Pick<Endpoint, 'method' | 'path'>): string => `${endpoint.method} ${endpoint.path}`;
