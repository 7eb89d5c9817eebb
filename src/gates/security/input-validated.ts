import { defineRule } from '../define.js';
import { codeEndpoints, isMutating, isOperational } from '../support/endpoints.js';
import type { Severity } from '../types.js';
import { usedInputs, validatesDownstream } from './policy/inputs.js';

const list = (names: readonly string[]) => (names.length > 5 ? `${names.slice(0, 5).join(', ')}, …` : names.join(', '));

export default defineRule({
  id: 'sec/input-validated',
  area: 'security',
  checklist: 'Input validated',
  severity: 'error',
  docs: {
    description:
      'Handlers that read the body, the query or path parameters validate them before use: a validator middleware (zod, joi, yup, valibot, celebrate, express-validator, ajv, TypeBox), ' +
      'Fastify route schemas, Nest DTOs with class-validator (or zod pipes), or a schema parsed in the handler or the service it calls. ' +
      'An unvalidated body on a mutating endpoint is an error (it reaches the database as sent: mass assignment, wrong types, oversized strings); ' +
      'unvalidated query parameters, a body on a read, and path parameters that are not ids (`/files/:name`) read raw are warnings. ' +
      'Path parameters named as ids (`id`, `userId`, `slug`) or converted (`Number(req.params.id)`, `ParseIntPipe`) are only looked up and pass, and so do query parameters the handler only reads converted or checked ' +
      '(`Number(req.query.limit ?? 20)`, `req.query.archived === \'true\'`, `[\'asc\', \'desc\'].includes(req.query.order)`). ' +
      'A handler that answers 400 or 422 itself is taken to check its input by hand.',
    failing: `router.post('/users', authenticate, async (req, res) => {
  res.status(201).json(await User.create(req.body));
});`,
    passing: `const createUser = z.object({ name: z.string().max(100), email: z.string().email() });
router.post('/users', authenticate, validate({ body: createUser }), async (req, res) => {
  res.status(201).json(await User.create(req.body));
});`,
    whenNotToUse: 'For endpoints that proxy input unchanged to another service which validates it.',
  },
  check(context, reporter) {
    const endpoints = codeEndpoints(context).filter((e) => !isOperational(e.endpoint.path));
    if (endpoints.length === 0) return { status: 'not-applicable', reason: 'no endpoints found in code' };
    for (const { endpoint, file, line } of endpoints) {
      if (endpoint.validation !== 'none') continue;
      if (endpoint.responses.includes('400') || endpoint.responses.includes('422')) continue;
      const used = usedInputs(context, endpoint);
      const bodyFields = endpoint.params.body;
      const body = bodyFields.length > 0 || used?.wholeBody || used?.decoratedBody;
      const queryNames = endpoint.params.query.filter((name) => !used?.checkedQuery.includes(name));
      const query = queryNames.length > 0 || used?.wholeQuery || used?.decoratedQuery;
      const pathRaw = used?.rawPathParams ?? [];
      if (!body && !query && pathRaw.length === 0) continue;
      if (validatesDownstream(context, endpoint)) continue;
      const parts: string[] = [];
      if (body) parts.push(used?.wholeBody ? `the whole body${bodyFields.length ? ` (fields ${list(bodyFields)})` : ''}` : `body fields ${list(bodyFields) || '(a @Body() parameter)'}`);
      if (query) parts.push(queryNames.length ? `query parameters ${list(queryNames)}` : 'the query');
      if (pathRaw.length) parts.push(`path parameter${pathRaw.length > 1 ? 's' : ''} ${list(pathRaw)} as raw text`);
      const severity: Severity = body && isMutating(endpoint) ? 'error' : 'warning';
      reporter.report({
        file,
        line,
        subject: endpoint.id,
        severity,
        message: `${endpoint.method} ${endpoint.path} uses ${parts.join(', ')} without validation: no validator middleware, route schema or schema parse was found for it`,
        hint: body
          ? 'Validate the input before the handler runs, e.g. a zod/joi schema with a `validate({ body: schema })` middleware, a Fastify `schema: { body }`, or a Nest DTO with class-validator decorators and ValidationPipe; accept only the fields you expect.'
          : 'Validate the query and path parameters (types, ranges, allowed values) with a schema before using them, e.g. `validate({ query: listQuery })` or a Fastify `schema: { querystring }`.',
      });
    }
    return undefined;
  },
});
