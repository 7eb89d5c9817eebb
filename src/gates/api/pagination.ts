import { defineRule } from '../define.js';
import { nameParts } from './support/casing.js';
import { describe, isCollectionPath, isReferenceList } from './support/paths.js';
import { queryReadsKnown } from './support/query-reads.js';
import { routesInCode } from './support/routes.js';
import { specOperation } from './support/spec-match.js';

/** Offset, page and cursor styles (lowercased, separators dropped): `limit`, `page_size`, `pageToken`, `starting_after`, `page[size]`. */
const PAGINATION = new Set([
  'limit', 'offset', 'page', 'pagesize', 'perpage', 'size', 'take', 'skip', 'cursor', 'after', 'before', 'first', 'last', 'pagetoken',
  'nextpagetoken', 'continuationtoken', 'startingafter', 'endingbefore', 'maxresults', 'top', 'pagenumber', 'pageindex', 'pagelimit', 'since',
]);
const isPaginationParam = (name: string) => PAGINATION.has(name.toLowerCase().replace(/[-_]/g, '')) || nameParts(name).some((p) => PAGINATION.has(p.toLowerCase()));

export default defineRule({
  id: 'api/pagination',
  area: 'api',
  checklist: 'API requirements',
  severity: 'warning',
  live: 'limit honoured: a collection GET with ?limit=1 returns at most one item',
  docs: {
    description:
      'A GET on a collection takes pagination parameters: limit/offset (the default), page/pageSize, or a cursor. Unbounded lists grow with the data until a response times out. Read from the query params the code reads (validation schemas, DTOs, `req.query.x`) and the OpenAPI document. Small lookup lists returned whole (`/categories`, `/roles`, `/countries`) are not checked, nor handlers that hand the whole query to another function (their reads are unknown).',
    failing: "router.get('/orders', async (req, res) => {\n  res.json(await db.order.findMany());\n});",
    passing: "router.get('/orders', async (req, res) => {\n  const { limit = 20, offset = 0 } = req.query;\n  res.json(await db.order.findMany({ take: Math.min(Number(limit), 100), skip: Number(offset) }));\n});",
    whenNotToUse: 'For collections that are bounded by design (a user\'s handful of API keys), where a full list is the contract.',
  },
  // Loaded only by --live: the service, probes and load generator stay out of static runs.
  runLive: async (context, live, reporter) => (await import('../live/service/live-part.js')).runLivePart('api/pagination', context, live, reporter),
  check(context, reporter) {
    const endpoints = routesInCode(context).filter(({ endpoint }) => endpoint.method === 'GET');
    if (!endpoints.length) return { status: 'not-applicable', reason: 'no GET endpoints found in code' };
    const seen = new Set<string>();
    let collections = 0;
    let decided = 0;
    for (const { endpoint, file, line } of endpoints) {
      if (!isCollectionPath(context, endpoint.path) || isReferenceList(endpoint.path)) continue;
      collections++;
      const documented = specOperation(context, endpoint)?.parameters.filter((p) => p.in === 'query').map((p) => p.name) ?? [];
      if (endpoint.params.query.some(isPaginationParam) || documented.some(isPaginationParam)) {
        decided++;
        continue;
      }
      if (seen.has(`${file}:${line}`)) continue;
      try {
        if (!queryReadsKnown(context, endpoint)) continue;
      } catch (error) {
        reporter.internalError(file, error);
        continue;
      }
      decided++;
      seen.add(`${file}:${line}`);
      reporter.report({
        file,
        line,
        subject: endpoint.id,
        message: `${describe(endpoint)} lists a collection without pagination (no limit/offset, page or cursor query param is read${endpoint.params.query.length ? `; it reads ${endpoint.params.query.join(', ')}` : ''})`,
        hint: 'Accept ?limit (with a default and a maximum, e.g. 20 and 100) and ?offset, or ?cursor for large or fast-moving lists; return the page with what the next request needs ({ data, pagination: { limit, offset, total } } or nextCursor).',
      });
    }
    if (!collections) return { status: 'not-applicable', reason: 'no GET on a collection found in code' };
    if (!decided) return { status: 'skipped', reason: `the query params of none of the ${collections} collection GETs could be read (their handlers hand the whole query on)` };
  },
});
