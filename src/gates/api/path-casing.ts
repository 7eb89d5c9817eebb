import { defineRule } from '../define.js';
import { reportCasing, type NameUse } from './support/casing-report.js';
import { segmentPattern } from './support/locate.js';
import { describe, isNameSegment, isVersionSegment, segmentsOf } from './support/paths.js';
import { routesInCode } from './support/routes.js';

export default defineRule({
  id: 'api/path-casing',
  area: 'api',
  checklist: 'RESTful design',
  severity: 'warning',
  docs: {
    description:
      'Static path segments use one casing across the API: kebab-case by default (`/order-items`), or the one set in `conventions.paths`. Without a setting, the casing most multi-word segments use is expected, so only the odd ones out are reported. URLs are case-sensitive: `/orderItems` and `/order-items` are two resources to a client.',
    failing: "router.get('/order-items', listItems);\nrouter.get('/shippingAddresses', listAddresses);",
    passing: "router.get('/order-items', listItems);\nrouter.get('/shipping-addresses', listAddresses);",
    whenNotToUse: 'When paths mirror an external system whose names cannot change (a proxy, a legacy gateway).',
  },
  check(context, reporter) {
    const endpoints = routesInCode(context);
    if (!endpoints.length) return { status: 'not-applicable', reason: 'no endpoints found in code' };
    const uses: NameUse[] = [];
    for (const { endpoint, file, line } of endpoints) {
      for (const segment of segmentsOf(endpoint.path)) {
        if (!isNameSegment(segment) || isVersionSegment(segment.text)) continue;
        uses.push({ name: segment.text, at: { file, line }, pattern: segmentPattern(segment.text), subject: describe(endpoint) });
      }
    }
    reportCasing(context, reporter, uses, { setting: 'paths', configured: context.config.conventions?.paths, fallback: 'kebab-case', what: 'path segment' });
  },
});
