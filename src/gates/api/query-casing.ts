import { defineRule } from '../define.js';
import { reportCasing, type NameUse } from './support/casing-report.js';
import { nameParts } from './support/casing.js';
import { queryPattern } from './support/locate.js';
import { describe } from './support/paths.js';
import { routesInCode } from './support/routes.js';
import { parameterLine } from './support/spec-names.js';

export default defineRule({
  id: 'api/query-casing',
  area: 'api',
  checklist: 'Consistent naming',
  severity: 'warning',
  docs: {
    description:
      'Query parameters use one casing across the API: camelCase by default (`?pageSize=20&sortBy=name`), or `conventions.query`. Checked on the query params the code reads and those the OpenAPI document declares. Without a setting, the casing most multi-word params use is expected.',
    failing: "router.get('/products', (req, res) => list({ pageSize: req.query.pageSize, sort_by: req.query.sort_by }));",
    passing: "router.get('/products', (req, res) => list({ pageSize: req.query.pageSize, sortBy: req.query.sortBy }));",
    whenNotToUse: 'When query names follow an external standard (OData `$top`, JSON:API `page[size]`) the API adopted on purpose.',
  },
  check(context, reporter) {
    const uses: NameUse[] = [];
    for (const { endpoint, file, line } of routesInCode(context)) {
      for (const name of endpoint.params.query.flatMap(nameParts)) uses.push({ name, at: { file, line }, pattern: queryPattern(name), subject: describe(endpoint) });
    }
    const openapi = context.openapi;
    for (const operation of openapi?.summary.operations ?? []) {
      for (const param of operation.parameters) {
        if (param.in !== 'query' || !openapi) continue;
        const at = parameterLine(openapi, operation, param.name, 'query');
        for (const name of nameParts(param.name)) uses.push({ name, at: { file: at.file, line: at.line }, subject: operation.id });
      }
    }
    if (!uses.length) return { status: 'not-applicable', reason: 'no query parameters found in code or in the OpenAPI document' };
    reportCasing(context, reporter, uses, { setting: 'query', configured: context.config.conventions?.query, fallback: 'camelCase', what: 'query param' });
  },
});
