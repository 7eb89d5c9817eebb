import { defineRule } from '../define.js';
import { locate, segmentPattern } from './support/locate.js';
import { leadingCrudVerb } from './support/nouns.js';
import { describe, isNameSegment, resourceSegments } from './support/paths.js';
import { routesInCode } from './support/routes.js';

/** What to write instead, by the verb the segment starts with. */
const INSTEAD: Record<string, string> = {
  get: 'GET on the resource', fetch: 'GET on the resource', list: 'GET on the collection', retrieve: 'GET on the resource',
  find: 'GET on the collection with query filters', show: 'GET on the item',
  create: 'POST to the collection', add: 'POST to the collection', insert: 'POST to the collection', save: 'POST to the collection or PUT on the item',
  update: 'PUT or PATCH on the item', edit: 'PUT or PATCH on the item', modify: 'PUT or PATCH on the item',
  delete: 'DELETE on the item', remove: 'DELETE on the item', destroy: 'DELETE on the item',
};

export default defineRule({
  id: 'api/no-verbs-in-path',
  area: 'api',
  checklist: 'RESTful design',
  severity: 'warning',
  docs: {
    description:
      'Paths name resources and the HTTP method names the action. A segment that starts with a CRUD verb (`getUsers`, `/create-order`, `/users/{id}/delete`) repeats the method and hides the resource. Domain actions that no method expresses (`POST /orders/{id}/cancel`, `/auth/login`, `/products/search`) are accepted.',
    failing: "router.get('/getUsers', listUsers);\nrouter.post('/users/:id/delete', removeUser);",
    passing: "router.get('/users', listUsers);\nrouter.delete('/users/:id', removeUser);\nrouter.post('/orders/:id/cancel', cancelOrder);",
    whenNotToUse: 'For an RPC-style API (JSON-RPC, an internal command bus over HTTP) that never meant to be resource-oriented.',
  },
  check(context, reporter) {
    const endpoints = routesInCode(context);
    if (!endpoints.length) return { status: 'not-applicable', reason: 'no endpoints found in code' };
    const seen = new Set<string>();
    for (const { endpoint, file, line } of endpoints) {
      for (const segment of resourceSegments(endpoint.path)) {
        if (!isNameSegment(segment)) continue;
        const verb = leadingCrudVerb(segment.text);
        if (!verb) continue;
        const where = locate(context, { file, line }, segmentPattern(segment.text));
        const key = `${segment.text}@${where.file}:${where.line}`;
        if (seen.has(key)) continue;
        seen.add(key);
        reporter.report({
          ...where,
          subject: endpoint.id,
          message: `the path segment '${segment.text}' in ${describe(endpoint)} names an action ('${verb}') instead of a resource`,
          hint: `Name the resource and let the method carry the action: use ${INSTEAD[verb] ?? 'the method that matches'} (e.g. GET /users, POST /users, PATCH /users/{id}, DELETE /users/{id}).`,
        });
      }
    }
  },
});
