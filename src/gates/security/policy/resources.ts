/**
 * Paths as resources: which endpoints act on the same resource, so a rule can say "its siblings
 * are protected". Parameter names are ignored (`/products/{id}` and `/products/{productId}` are
 * one item path), and the API prefix (`/api`, `/v1`) is not part of the resource.
 */
import { isMutating, type CodeEndpoint } from '../../support/endpoints.js';

const PARAM = /^\{[^}]*\}$/;
const PREFIX = /^(api|apis|rest|v\d+(\.\d+)?)$/i;

/** `/api/v1/products/{productId}/reviews` → ['products', '{}', 'reviews']. */
export function resourceSegments(path: string): string[] {
  const segments = path.split('/').filter(Boolean);
  let start = 0;
  while (start < segments.length && PREFIX.test(segments[start] as string)) start++;
  return segments.slice(start).map((s) => (PARAM.test(s) ? '{}' : s));
}

/** The API version a path carries (`v1`), or ''. */
const versionOf = (path: string): string => /\/(v\d+(?:\.\d+)?)(?=\/|$)/i.exec(path)?.[1]?.toLowerCase() ?? '';

/** The resource root: the version and the first segment after the prefix (`v1 products`); versions are separate APIs. */
export const resourceRoot = (path: string): string | undefined => {
  const first = resourceSegments(path)[0];
  return first === undefined ? undefined : `${versionOf(path)} ${first}`;
};

/** Whether the path acts on one item: it has a path parameter. */
export const hasItemParam = (path: string): boolean => /\{[^}]+\}/.test(path);

/** The caller's own relation to an item, not a change to it: favourite, like, follow, vote, subscribe… */
const RELATION = /^(favou?rites?|likes?|unlike|follow|followers|unfollow|stars?|unstar|votes?|upvote|downvote|bookmarks?|subscribe|subscriptions?|unsubscribe|join|leave|watch|unwatch|reactions?|react|rsvp|enrol|enroll|pins?|save|saves|claps?|reports?|flags?)$/i;

/**
 * An item endpoint that authorization does not apply to: the caller's own relation to it
 * (`POST /articles/{slug}/favorite`), or a new child in a sub-collection (`POST /articles/{slug}/comments`),
 * which the caller may add to any item they can see.
 */
export function isRelationOrChildCreation(method: string, path: string): boolean {
  const segments = path.split('/').filter(Boolean);
  const last = segments[segments.length - 1] ?? '';
  if (PARAM.test(last)) return false;
  if (RELATION.test(last)) return true;
  return method === 'POST' && /[a-z]s$/i.test(last) && !/(status|address|access|progress|settings|process)$/i.test(last);
}

const commonPrefix = (a: readonly string[], b: readonly string[]) => {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
};

interface Placed {
  entry: CodeEndpoint;
  segments: string[];
  version: string;
}

const indexes = new WeakMap<readonly CodeEndpoint[], Map<string, Placed[]>>();

/** The endpoints by resource root, each with its segments: built once per endpoint list. */
function byRoot(all: readonly CodeEndpoint[]): Map<string, Placed[]> {
  let index = indexes.get(all);
  if (index) return index;
  index = new Map();
  for (const entry of all) {
    const segments = resourceSegments(entry.endpoint.path);
    if (segments.length === 0) continue;
    const version = versionOf(entry.endpoint.path);
    const key = `${version} ${segments[0]}`;
    const list = index.get(key) ?? [];
    list.push({ entry, segments, version });
    index.set(key, list);
  }
  indexes.set(all, index);
  return index;
}

/**
 * Mutating endpoints of the same resource that satisfy `keep`, closest first: those in the same
 * file (one router or controller per resource is the rule), else anywhere with the same root.
 */
export function mutatingSiblings(all: readonly CodeEndpoint[], of: CodeEndpoint, keep: (e: CodeEndpoint) => boolean, limit = 4): CodeEndpoint[] {
  const root = resourceRoot(of.endpoint.path);
  if (root === undefined) return [];
  const mine = resourceSegments(of.endpoint.path);
  const candidates = (byRoot(all).get(root) ?? []).filter((p) => p.entry !== of && isMutating(p.entry.endpoint) && keep(p.entry));
  const sameFile = candidates.filter((p) => p.entry.file === of.file);
  const chosen = sameFile.length ? sameFile : candidates;
  return chosen
    .map((p) => ({ e: p.entry, shared: commonPrefix(mine, p.segments) }))
    .sort((a, b) => b.shared - a.shared || a.e.line - b.e.line)
    .slice(0, limit)
    .map((x) => x.e)
    .sort((a, b) => a.line - b.line);
}

/**
 * Read endpoints of the same resource that require auth: the collection of an item path, the items
 * of a collection path, and any read under the same item (`GET /orders/{id}` for
 * `GET /orders/{id}/invoice`).
 */
export function protectedReadsOfSameResource(all: readonly CodeEndpoint[], of: CodeEndpoint): CodeEndpoint[] {
  const root = resourceRoot(of.endpoint.path);
  if (root === undefined) return [];
  const mine = resourceSegments(of.endpoint.path);
  const collection = (segments: string[]) => (segments[segments.length - 1] === '{}' ? segments.slice(0, -1) : segments).join('/');
  const ownCollection = collection(mine);
  return (byRoot(all).get(root) ?? [])
    .filter(({ entry, segments }) => {
      if (entry === of || isMutating(entry.endpoint) || entry.endpoint.auth !== 'required') return false;
      const ancestor = segments.length < mine.length && segments.includes('{}') && commonPrefix(segments, mine) === segments.length;
      return collection(segments) === ownCollection || ancestor;
    })
    .map((p) => p.entry);
}
