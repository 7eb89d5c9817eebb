/**
 * The code rules on examples/shop-api: none of its four planted flaws is theirs, so each reports
 * nothing (and decides something: a rule that could not look at the example would hide that).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_CODE_RULES } from '../../../src/gates/api/code-rules.js';
import createReturns201 from '../../../src/gates/api/create-returns-201.js';
import deleteReturns204 from '../../../src/gates/api/delete-returns-204.js';
import errorsNot200 from '../../../src/gates/api/errors-not-200.js';
import filtering from '../../../src/gates/api/filtering.js';
import noVerbsInPath from '../../../src/gates/api/no-verbs-in-path.js';
import pagination from '../../../src/gates/api/pagination.js';
import { exampleContext, exampleFindings, findingsOf, runRule, where } from '../../helpers/gates.js';

describe('API code rules on examples/shop-api', () => {
  it.each(API_CODE_RULES.map((rule) => [rule.id, rule] as const))('%s reports nothing', async (_id, rule) => {
    const findings = await exampleFindings(rule);
    expect(findings.map((f) => `${f.severity} ${f.file}:${f.line} ${f.message}`)).toEqual([]);
  });

  it('decides each rule (no internal errors; not applicable only where the example has nothing to check)', async () => {
    const context = await exampleContext();
    const statuses = Object.fromEntries(API_CODE_RULES.map((rule) => [rule.id, runRule(rule, context).items.flatMap((i) => i.rules).find((r) => r.id === rule.id)?.status]));
    expect(statuses).toEqual({
      'api/no-verbs-in-path': 'pass',
      'api/plural-collections': 'pass',
      'api/path-casing': 'pass',
      'api/no-trailing-slash': 'pass',
      'api/nesting-depth': 'pass',
      'api/method-semantics': 'pass',
      'api/create-returns-201': 'pass',
      'api/delete-returns-204': 'pass',
      'api/errors-not-200': 'pass',
      'api/param-naming': 'pass',
      'api/property-casing': 'pass',
      'api/query-casing': 'pass',
      'api/pagination': 'pass',
      'api/filtering': 'pass',
      'api/error-format': 'pass',
      'api/cors': 'not-applicable',
    });
  });
});

/** The example's files as texts, for copies with one change planted. */
function exampleFiles(): Record<string, string> {
  const root = path.resolve(import.meta.dirname, '../../../examples/shop-api');
  const files: Record<string, string> = {};
  const visit = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'ai-state') visit(rel);
      } else files[rel] = readFileSync(path.join(root, rel), 'utf8');
    }
  };
  visit('');
  return files;
}

function planted(file: string, from: string, to: string): Record<string, string> {
  const files = exampleFiles();
  const text = files[file] ?? '';
  if (!text.includes(from)) throw new Error(`${file} no longer contains ${from}`);
  return { ...files, [file]: text.replace(from, to) };
}

describe('API code rules see mistakes planted in a copy of examples/shop-api', () => {
  it('a create that answers 200, a delete that answers an empty 200, an error sent with 200', async () => {
    const creates = planted('src/routes/categories.ts', 'res.status(201).location(', 'res.location(');
    expect(where(await findingsOf(createReturns201, creates))).toEqual(['src/routes/categories.ts:17']);
    const deletes = planted('src/routes/products.ts', 'res.status(204).end();', 'res.status(200).end();');
    expect(where(await findingsOf(deleteReturns204, deletes))).toEqual(['src/routes/products.ts:87']);
    const errors = planted('src/middleware/error-handler.ts', 'res.status(httpError.status).type(PROBLEM_JSON).json(problem);', 'res.json({ error: httpError.message });');
    expect(where(await findingsOf(errorsNot200, errors))).toEqual(['src/middleware/error-handler.ts:49']);
  });

  it('a collection GET without pagination, a documented filter the code drops, and a verb in a path', async () => {
    const handler = 'validate({ query: paginationQuery }),\n  asyncHandler<{}, unknown, Pagination>(async (req, res) => {\n    const { items, total } = await userService.listUsers(req.query);\n    res.json(toPage(items, total, req.query));';
    const unpaged = 'asyncHandler(async (_req, res) => {\n    res.json(await userService.listUsers({ limit: 1000, offset: 0 }));';
    const dropped = planted('src/routes/users.ts', handler, unpaged);
    expect(where(await findingsOf(filtering, dropped))).toEqual(['openapi.yaml:125', 'openapi.yaml:126']);
    const spec = "      parameters:\n        - $ref: '#/components/parameters/Limit'\n        - $ref: '#/components/parameters/Offset'\n      responses:\n        '200':\n          description: A page of users";
    const undocumented = { ...dropped, 'openapi.yaml': (dropped['openapi.yaml'] ?? '').replace(spec, "      responses:\n        '200':\n          description: A page of users") };
    expect(where(await findingsOf(pagination, undocumented))).toEqual(['src/routes/users.ts:11']);
    const verb = planted('src/routes/index.ts', "router.use('/orders', ordersRouter);", "router.use('/getOrders', ordersRouter);");
    expect(where(await findingsOf(noVerbsInPath, verb))).toEqual(['src/routes/index.ts:17']);
  });
});
