/**
 * The policy rules on examples/shop-api: of the four planted flaws (FLAWS.md), theirs is (a), the
 * unauthenticated `PATCH /api/v1/products/{id}/stock`; everything else in the example is clean,
 * so they report exactly that one finding, and a copy with the route fixed reports none.
 */
import { describe, expect, it } from 'vitest';
import { runRules } from '../../../src/gates/engine.js';
import { SECURITY_POLICY_RULES } from '../../../src/gates/security/policy-rules.js';
import type { CheckContext } from '../../../src/gates/types.js';
import { exampleContext, projectContext } from '../../helpers/gates.js';

const run = (context: CheckContext) => runRules(SECURITY_POLICY_RULES, context, { areas: ['security'] });

describe('policy rules on examples/shop-api', () => {
  it('report exactly flaw (a): sec/authn-required at src/routes/products.ts:75', async () => {
    const result = run(await exampleContext());
    expect(result.internalErrors).toEqual([]);
    expect(result.findings.map((f) => `${f.rule} ${f.severity} ${f.file}:${f.line}`)).toEqual(['sec/authn-required error src/routes/products.ts:75']);
    const [finding] = result.findings;
    expect(finding?.subject).toBe('PATCH /api/v1/products/{id}/stock');
    expect(finding?.related?.map((r) => `${r.file}:${r.line}`)).toEqual(['src/routes/products.ts:54', 'src/routes/products.ts:65', 'src/routes/products.ts:87']);
  });

  it('every policy rule is decided or says why not', async () => {
    const result = run(await exampleContext());
    const statuses = Object.fromEntries(result.items.flatMap((i) => i.rules).filter((r) => SECURITY_POLICY_RULES.some((p) => p.id === r.id)).map((r) => [r.id, r.status]));
    expect(statuses).toEqual({
      'sec/authn-required': 'fail',
      'sec/authz-checked': 'pass',
      'sec/input-validated': 'pass',
      'sec/password-hashing': 'pass',
      'sec/hardcoded-secret': 'pass',
      'sec/tls-disabled': 'pass',
      'sec/sensitive-exposure': 'pass',
      'sec/audit-log': 'pass',
      'sec/dependency-audit': 'skipped',
    });
  });

  it('report nothing once the stock route authenticates like its siblings', async () => {
    const example = await exampleContext();
    const files: Record<string, string> = Object.fromEntries(example.files.map((f) => [f.path, f.text]));
    if (example.packageJson) files[example.packageJson.file] = example.packageJson.text;
    const broken = "productsRouter.patch(\n  '/:id/stock',\n  validate(";
    expect(files['src/routes/products.ts']).toContain(broken);
    files['src/routes/products.ts'] = (files['src/routes/products.ts'] as string).replace(broken, "productsRouter.patch(\n  '/:id/stock',\n  authenticate,\n  requireRole('admin'),\n  validate(");
    const result = run(await projectContext(files));
    expect(result.internalErrors).toEqual([]);
    expect(result.findings).toEqual([]);
  });
});
