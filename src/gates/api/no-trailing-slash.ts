import { defineRule } from '../define.js';
import { sourceLine } from '../support/endpoints.js';
import { routesInCode } from './support/routes.js';

export default defineRule({
  id: 'api/no-trailing-slash',
  area: 'api',
  checklist: 'RESTful design',
  severity: 'warning',
  docs: {
    description:
      'A path that ends in "/" is a second URL for the same resource: clients and caches treat `/users` and `/users/` as different, and some routers answer only one of them.',
    failing: "router.get('/users/', listUsers);",
    passing: "router.get('/users', listUsers);",
    whenNotToUse: 'When an existing public API already promises the trailing slash and cannot change.',
  },
  check(context, reporter) {
    // The registry normalises paths, so the path is read as written on the registration line.
    const seen = new Set<string>();
    for (const { endpoint, file, line } of routesInCode(context)) {
      const text = sourceLine(context, file, line);
      const written = /(['"`])(\/[^'"`\s]*[^/'"`\s]\/)\1/.exec(text)?.[2];
      if (!written || seen.has(`${file}:${line}`)) continue;
      seen.add(`${file}:${line}`);
      reporter.report({
        file,
        line,
        column: text.indexOf(written) + 1,
        subject: endpoint.id,
        message: `the route path '${written}' (${endpoint.method} ${endpoint.path}) ends with a slash`,
        hint: `Register it as '${written.replace(/\/+$/, '')}' (and redirect the old form if clients use it).`,
      });
    }
  },
});
