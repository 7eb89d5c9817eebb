import { defineRule } from '../define.js';
import { reportCasing, type NameUse } from './support/casing-report.js';
import { paramPattern } from './support/locate.js';
import { describe, segmentsOf } from './support/paths.js';
import { routesInCode } from './support/routes.js';

export default defineRule({
  id: 'api/param-naming',
  area: 'api',
  checklist: 'Consistent naming',
  severity: 'warning',
  docs: {
    description:
      'Path parameters use one style across the API: `{userId}` everywhere, not `{user_id}` in places. The style is `conventions.properties` when set (params are named like the properties they carry), else the one most multi-word params use, camelCase on a tie.',
    failing: "router.get('/users/:userId', getUser);\nrouter.get('/orders/:order_id', getOrder);",
    passing: "router.get('/users/:userId', getUser);\nrouter.get('/orders/:orderId', getOrder);",
  },
  check(context, reporter) {
    const endpoints = routesInCode(context);
    if (!endpoints.length) return { status: 'not-applicable', reason: 'no endpoints found in code' };
    const uses: NameUse[] = [];
    for (const { endpoint, file, line } of endpoints) {
      for (const segment of segmentsOf(endpoint.path)) {
        const name = segment.param ? segment.text.slice(1, -1) : '';
        if (!name || name === 'wildcard' || !/^[A-Za-z]/.test(name)) continue;
        uses.push({ name, at: { file, line }, pattern: paramPattern(name), subject: describe(endpoint) });
      }
    }
    if (!uses.length) return { status: 'not-applicable', reason: 'no path parameters found in code' };
    reportCasing(context, reporter, uses, { setting: 'properties', configured: context.config.conventions?.properties, fallback: 'camelCase', what: 'path param' });
  },
});
