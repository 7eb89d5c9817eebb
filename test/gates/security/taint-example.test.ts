import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import dangerousCall from '../../../src/gates/security/dangerous-call.js';
import nosqlInjection from '../../../src/gates/security/nosql-injection.js';
import sqlInjection from '../../../src/gates/security/sql-injection.js';
import { exampleContext, exampleFindings, findingsOf, runRule, where } from '../../helpers/gates.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../../examples/shop-api');
const REPOSITORY = 'src/repositories/product-repository.ts';

/** The example's files (path → text), for a copy with one file changed. */
function exampleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.git')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(EXAMPLE, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(EXAMPLE);
  return files;
}

describe('taint rules on examples/shop-api', () => {
  it('finds flaw (c): the search term interpolated into SQL, traced from req.query in the route', async () => {
    const findings = await exampleFindings(sqlInjection);
    expect(where(findings)).toEqual([`${REPOSITORY}:105`]);
    const [finding] = findings;
    expect(finding?.severity).toBe('error');
    expect(finding?.subject).toBe('GET /api/v1/products/search');
    expect(finding?.message).toContain('req.query');
    expect(finding?.related?.map((r) => `${r.file}:${r.line}`)).toEqual([
      'src/routes/products.ts:39',
      'src/routes/products.ts:40',
      'src/services/product-service.ts:16',
      `${REPOSITORY}:108`,
    ]);
  });

  it('reports no NoSQL or dangerous-call findings, and no internal errors', async () => {
    expect(await exampleFindings(nosqlInjection)).toEqual([]);
    expect(await exampleFindings(dangerousCall)).toEqual([]);
    const context = await exampleContext();
    for (const rule of [sqlInjection, nosqlInjection, dangerousCall]) expect(runRule(rule, context).internalErrors).toEqual([]);
  });

  it('reports nothing once the term is a bound parameter', async () => {
    const files = exampleFiles();
    const original = files[REPOSITORY] as string;
    const fixed = original
      .replace("(p.name ILIKE '%${term}%' OR p.sku ILIKE '%${term}%')", "(p.name ILIKE '%' || $3 || '%' OR p.sku ILIKE '%' || $3 || '%')")
      .replace('db.query<ProductRow>(sql, [limit, offset])', 'db.query<ProductRow>(sql, [limit, offset, term])');
    expect(fixed).not.toBe(original);
    expect(fixed).not.toContain('${term}');
    expect(await findingsOf(sqlInjection, { ...files, [REPOSITORY]: fixed })).toEqual([]);
  });
});
