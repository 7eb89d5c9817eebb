import { defineRule } from '../define.js';
import { describe, isCollectionPath } from './support/paths.js';
import { routesInCode } from './support/routes.js';
import { successCodes } from './support/statuses.js';

/** Receivers answer the sender, they do not create a resource it can address. */
const RECEIVERS = /(?:^|\/)(?:webhooks?|hooks?|callbacks?|events|ingest|telemetry|graphql|rpc)$/i;

export default defineRule({
  id: 'api/create-returns-201',
  area: 'api',
  checklist: 'Proper status codes',
  severity: 'warning',
  docs: {
    description:
      'A POST to a collection creates a resource and answers 201 Created (with a `Location` header naming the new resource, and usually its representation). 200 tells the client nothing was created. POSTs that create nothing (`/auth/login`, `/products/search`, `/orders/{id}/cancel`) are not collections and are not checked; 202 Accepted (created later) and 204 pass.',
    failing: "router.post('/users', async (req, res) => {\n  const user = await users.create(req.body);\n  res.json(user);\n});",
    passing: "router.post('/users', async (req, res) => {\n  const user = await users.create(req.body);\n  res.status(201).location(`/users/${user.id}`).json(user);\n});",
    whenNotToUse: 'When a client library the API must keep working with treats only 200 as success.',
  },
  check(context, reporter) {
    const endpoints = routesInCode(context).filter(({ endpoint }) => endpoint.method === 'POST');
    if (!endpoints.length) return { status: 'not-applicable', reason: 'no POST endpoints found in code' };
    const seen = new Set<string>();
    let creations = 0;
    let decided = 0;
    for (const { endpoint, file, line } of endpoints) {
      if (seen.has(`${file}:${line}`) || !isCollectionPath(context, endpoint.path) || RECEIVERS.test(endpoint.path)) continue;
      creations++;
      let success: number[];
      try {
        success = successCodes(context, endpoint);
      } catch (error) {
        reporter.internalError(file, error);
        continue;
      }
      if (success.length) decided++;
      // Undecided (no status found) or anything but a plain 200 (201, 202 for async creation, 204, 3xx) passes.
      if (!success.length || success.some((code) => code !== 200)) continue;
      seen.add(`${file}:${line}`);
      reporter.report({
        file,
        line,
        subject: endpoint.id,
        message: `${describe(endpoint)} creates in a collection but answers 200, not 201 Created`,
        hint:
          endpoint.framework === 'nestjs'
            ? 'Drop @HttpCode(200) (Nest answers 201 for POST) and set a Location header with the new resource\'s URL.'
            : endpoint.framework === 'fastify'
              ? 'Answer with reply.code(201).header(\'location\', url).send(created), and declare 201 in the route schema\'s response.'
              : 'Answer with res.status(201).location(url).json(created): 201 and a Location header naming the new resource (returning its body is optional but usual).',
      });
    }
    if (!creations) return { status: 'not-applicable', reason: 'no POST to a collection found in code' };
    if (!decided) return { status: 'skipped', reason: `the status of none of the ${creations} creating POSTs could be read from the code` };
  },
});
