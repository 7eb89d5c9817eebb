import type { Node } from 'oxc-parser';
import type { Endpoint } from '../../registry/schema.js';
import { endpointSite } from '../../scan/code/sites.js';
import { defineRule } from '../define.js';
import type { CodeEndpoint } from '../support/endpoints.js';
import type { CheckContext, FindingInput } from '../types.js';
import { ACTION_WORDS, SINGLETONS, segmentWords } from './support/nouns.js';
import { describe, hasItemRoute, isItemPath, lastStatic, resourceSegments } from './support/paths.js';
import { routesInCode } from './support/routes.js';

/** Handlers (by node) registered for more than one method: `router.route('/x').get(h).post(h)`, `app.all(...)`. */
function sharedHandlers(context: CheckContext, endpoints: readonly CodeEndpoint[]): Map<Node, Set<string>> {
  const methods = new Map<Node, Set<string>>();
  for (const { endpoint } of endpoints) {
    for (const handler of endpointSite(context.index, endpoint)?.handlers() ?? []) {
      const set = methods.get(handler.node) ?? new Set<string>();
      set.add(endpoint.method);
      methods.set(handler.node, set);
    }
  }
  return methods;
}

/** The item's collection word is a receiver or an action (`/webhooks/{provider}`, `/upload/{kind}`), not a resource. */
function isActionTarget(endpoint: Endpoint): boolean {
  const segments = resourceSegments(endpoint.path);
  const parent = segments.length >= 2 ? segments[segments.length - 2] : undefined;
  if (!parent || parent.param) return true;
  const words = segmentWords(parent.text);
  return words.some((w) => ACTION_WORDS.has(w)) || SINGLETONS.has(parent.text.toLowerCase());
}

type Problem = Pick<FindingInput, 'message' | 'hint'>;

function problemOf(context: CheckContext, endpoint: Endpoint, shared: () => Map<Node, Set<string>>): Problem | undefined {
  const what = describe(endpoint);
  if (endpoint.method === 'GET' && endpoint.params.body.length) {
    const handlers = endpointSite(context.index, endpoint)?.handlers() ?? [];
    if (handlers.some((h) => [...(shared().get(h.node) ?? [])].some((m) => m !== 'GET'))) return undefined;
    return {
      message: `${what} reads a request body (${endpoint.params.body.slice(0, 4).join(', ')}): GET requests have no body`,
      hint: 'Take the input from query parameters, or make it a POST to an action or search resource if it is too large for a URL (e.g. POST /users/search).',
    };
  }
  if (endpoint.method === 'POST' && isItemPath(endpoint.path) && !endpoint.path.endsWith('{wildcard}') && !isActionTarget(endpoint)) {
    return {
      message: `${what} POSTs to an item path: POST creates in a collection or runs an action`,
      hint: 'Use PUT to replace or PATCH to update the item; POST to the collection to create one; name an action as a sub-resource (POST /orders/{id}/cancel).',
    };
  }
  if ((endpoint.method === 'PUT' || endpoint.method === 'PATCH' || endpoint.method === 'DELETE') && lastStatic(endpoint.path) && hasItemRoute(context, endpoint.path)) {
    return {
      message: `${what} ${endpoint.method === 'DELETE' ? 'deletes' : 'changes'} a whole collection (its items are at ${endpoint.path}/{…})`,
      hint: `Send ${endpoint.method} to the item (${endpoint.path}/{id}); a deliberate bulk operation reads better as POST ${endpoint.path}/bulk-${endpoint.method === 'DELETE' ? 'delete' : 'update'} (or suppress with bo-ignore and the reason).`,
    };
  }
  return undefined;
}

export default defineRule({
  id: 'api/method-semantics',
  area: 'api',
  checklist: 'RESTful design',
  severity: 'warning',
  docs: {
    description:
      'Methods keep their HTTP meaning: GET has no body; POST goes to a collection (or an action sub-resource), not to an item; PUT, PATCH and DELETE act on an item, not on a whole collection. Caches, proxies and client libraries rely on these meanings.',
    failing: "router.get('/users', (req, res) => res.json(find(req.body.filter)));\nrouter.post('/users/:id', updateUser);\nrouter.delete('/users', removeUser); // beside router.get('/users/:id')",
    passing: "router.get('/users', (req, res) => res.json(find(req.query.filter)));\nrouter.patch('/users/:id', updateUser);\nrouter.delete('/users/:id', removeUser);",
    whenNotToUse: 'For RPC-over-HTTP endpoints (JSON-RPC, GraphQL) where every call is a POST by design.',
  },
  check(context, reporter) {
    const endpoints = routesInCode(context);
    if (!endpoints.length) return { status: 'not-applicable', reason: 'no endpoints found in code' };
    let shared: Map<Node, Set<string>> | undefined;
    const lazyShared = () => (shared ??= sharedHandlers(context, endpoints));
    const seen = new Set<string>();
    for (const { endpoint, file, line } of endpoints) {
      const problem = problemOf(context, endpoint, lazyShared);
      if (!problem || seen.has(`${endpoint.method}@${file}:${line}`)) continue;
      seen.add(`${endpoint.method}@${file}:${line}`);
      reporter.report({ file, line, subject: endpoint.id, ...problem });
    }
  },
});
