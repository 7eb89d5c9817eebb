import { defineRule } from '../define.js';
import { describe, nestingDepth, resourceSegments } from './support/paths.js';
import { routesInCode } from './support/routes.js';

const MAX_DEPTH = 3;

export default defineRule({
  id: 'api/nesting-depth',
  area: 'api',
  checklist: 'RESTful design',
  severity: 'warning',
  docs: {
    description:
      'Resources nest at most three levels (`/users/{id}/orders/{orderId}/items`). Deeper chains make every client carry ids it does not need, and break when a child moves to another parent. The base path (`/api/v1`) does not count; a compound key (`/repos/{owner}/{repo}`) is one level.',
    failing: "router.get('/users/:userId/orders/:orderId/items/:itemId/notes', listNotes);",
    passing: "router.get('/order-items/:itemId/notes', listNotes);",
    whenNotToUse: 'When the hierarchy is the authorisation model and every level must be in the URL (some multi-tenant APIs).',
  },
  check(context, reporter) {
    const endpoints = routesInCode(context);
    if (!endpoints.length) return { status: 'not-applicable', reason: 'no endpoints found in code' };
    const seen = new Set<string>();
    for (const { endpoint, file, line } of endpoints) {
      const depth = nestingDepth(resourceSegments(endpoint.path));
      if (depth <= MAX_DEPTH || seen.has(`${file}:${line}`)) continue;
      seen.add(`${file}:${line}`);
      reporter.report({
        file,
        line,
        subject: endpoint.id,
        message: `${describe(endpoint)} nests resources ${depth} levels deep (at most ${MAX_DEPTH})`,
        hint: 'Address the deep resource from a shallower root: give it its own top-level collection (`/order-items/{id}`) and keep parents as filters (`?orderId=`).',
      });
    }
  },
});
