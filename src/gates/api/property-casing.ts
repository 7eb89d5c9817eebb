import { defineRule } from '../define.js';
import { reportCasing, type NameUse } from './support/casing-report.js';
import { nameParts } from './support/casing.js';
import { keyPattern } from './support/locate.js';
import { describe } from './support/paths.js';
import { routesInCode } from './support/routes.js';
import { schemaPropertyNames } from './support/spec-names.js';

export default defineRule({
  id: 'api/property-casing',
  area: 'api',
  checklist: 'Consistent naming',
  severity: 'warning',
  docs: {
    description:
      'JSON properties use one casing: camelCase by default, or `conventions.properties`. Checked on the request bodies the code reads (validation schemas, DTOs, `req.body.x`) and on every schema property of the OpenAPI document. Without a setting, the casing most multi-word names use is expected.',
    failing: "const createUser = z.object({ firstName: z.string(), last_name: z.string() });",
    passing: "const createUser = z.object({ firstName: z.string(), lastName: z.string() });",
    whenNotToUse: 'When the API mirrors a storage or partner format whose names it must keep.',
  },
  check(context, reporter) {
    const uses: NameUse[] = [];
    for (const { endpoint, file, line } of routesInCode(context)) {
      for (const name of endpoint.params.body.flatMap(nameParts)) uses.push({ name, at: { file, line }, pattern: keyPattern(name), subject: describe(endpoint) });
    }
    if (context.openapi) {
      for (const { name, file, line } of schemaPropertyNames(context.openapi)) {
        for (const part of nameParts(name)) uses.push({ name: part, at: { file, line } });
      }
    }
    if (!uses.length) return { status: 'not-applicable', reason: 'no request body or schema properties found' };
    reportCasing(context, reporter, uses, { setting: 'properties', configured: context.config.conventions?.properties, fallback: 'camelCase', what: 'property' });
  },
});
