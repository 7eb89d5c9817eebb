import { defineRule } from '../define.js';
import { locate, queryPattern } from './support/locate.js';
import { describe } from './support/paths.js';
import { queryReadsKnown } from './support/query-reads.js';
import { routesInCode } from './support/routes.js';
import { specOperation } from './support/spec-match.js';
import { parameterLine } from './support/spec-names.js';

export default defineRule({
  id: 'api/filtering',
  area: 'api',
  checklist: 'API requirements',
  severity: 'warning',
  docs: {
    description:
      'Declared filters exist: every query parameter the OpenAPI document declares for an operation is read by the handler, and every query parameter the handler reads is declared. A documented filter the code ignores silently returns the full list; an undocumented one is invisible to clients. Compared only where the handler\'s query reads are known (it does not hand the whole query object to another function).',
    failing: "# openapi.yaml: GET /products declares ?category and ?minPrice\nrouter.get('/products', (req, res) => res.json(list({ category: req.query.category })));",
    passing: "router.get('/products', (req, res) => res.json(list({ category: req.query.category, minPrice: req.query.minPrice })));",
    whenNotToUse: 'When a gateway in front of the service consumes some documented parameters before the request reaches it.',
  },
  check(context, reporter) {
    const openapi = context.openapi;
    if (!openapi) return { status: 'not-applicable', reason: 'no OpenAPI document to compare the declared query parameters with' };
    const endpoints = routesInCode(context);
    if (!endpoints.length) return { status: 'not-applicable', reason: 'no endpoints found in code' };
    const seen = new Set<string>();
    const once = (key: string) => !seen.has(key) && !!seen.add(key);
    let matched = 0;
    let compared = 0;
    for (const { endpoint, file, line } of endpoints) {
      const operation = specOperation(context, endpoint);
      if (!operation || endpoint.method === 'HEAD' || endpoint.method === 'OPTIONS') continue;
      matched++;
      const declared = operation.parameters.filter((p) => p.in === 'query').map((p) => p.name);
      const read = endpoint.params.query;
      if (!declared.length && !read.length) {
        compared++;
        continue;
      }
      let known: boolean;
      try {
        known = queryReadsKnown(context, endpoint);
      } catch (error) {
        reporter.internalError(file, error);
        continue;
      }
      if (!known) continue;
      compared++;
      for (const name of declared.filter((n) => !read.includes(n))) {
        const at = parameterLine(openapi, operation, name, 'query');
        if (!once(`spec:${operation.id}:${name}`)) continue;
        reporter.report({
          file: at.file,
          line: at.line,
          subject: endpoint.id,
          message: `the OpenAPI document declares the query param '${name}' for ${operation.id}, but the handler (${file}:${line}) never reads it`,
          hint: `Implement the filter in the handler (read req.query.${name} and apply it, validated), or remove it from the document if it is not supported.`,
          related: [{ file, line, message: `handler of ${describe(endpoint)}` }],
        });
      }
      for (const name of read.filter((n) => !declared.includes(n))) {
        const where = locate(context, { file, line }, queryPattern(name));
        if (!once(`code:${endpoint.id}:${name}`)) continue;
        reporter.report({
          ...where,
          subject: endpoint.id,
          message: `${describe(endpoint)} reads the query param '${name}', which the OpenAPI document does not declare for ${operation.id}`,
          hint: `Declare '${name}' under the operation's parameters (in: query, with its schema), or stop reading it if it is not part of the API.`,
        });
      }
    }
    if (!matched) return { status: 'not-applicable', reason: 'no endpoint in code matches an operation of the OpenAPI document' };
    if (!compared) return { status: 'skipped', reason: `the query params of none of the ${matched} documented endpoints could be read (their handlers hand the whole query on)` };
  },
});
