import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fkIndex from '../../../src/gates/database/fk-index.js';
import { DATABASE_STATIC_RULES } from '../../../src/gates/database/index.js';
import { exampleFindings, findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';

const ROOT = path.resolve(import.meta.dirname, '../../../examples/shop-api');
const MIGRATION = 'prisma/migrations/20240120110000_create_orders/migration.sql';

/** The example's files (what its .gitignore leaves), path → text. */
function exampleFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (dir: string) => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (['node_modules', 'coverage', '.pglite'].includes(entry.name)) continue;
      if (entry.isDirectory()) visit(relative);
      else files[relative] = readFileSync(path.join(ROOT, relative), 'utf8');
    }
  };
  visit('');
  return files;
}

describe('database rules on examples/shop-api', () => {
  it('report exactly the unindexed foreign key order_items.product_id (flaw b), at its column in the migration', async () => {
    const findings = (await Promise.all(DATABASE_STATIC_RULES.map((rule) => exampleFindings(rule)))).flat();
    expect(findings.map((f) => `${f.rule} ${f.severity} ${f.file}:${f.line}`)).toEqual([`db/fk-index error ${MIGRATION}:24`]);
    const [finding] = findings;
    expect(finding?.message).toContain('order_items.product_id → products.id');
    expect(finding?.related?.map((r) => `${r.file}:${r.line}`)).toEqual([`${MIGRATION}:52`, 'prisma/schema.prisma:105', 'prisma/schema.prisma:106']);
    expect(finding?.hint).toContain('@@index([productId])');
  });

  it('report nothing once the index exists (migration and Prisma schema fixed)', async () => {
    const files = exampleFiles();
    files[MIGRATION] = (files[MIGRATION] as string).replace(
      'CREATE INDEX "order_items_order_id_idx" ON "order_items"("order_id");',
      'CREATE INDEX "order_items_order_id_idx" ON "order_items"("order_id");\n\n-- CreateIndex\nCREATE INDEX "order_items_product_id_idx" ON "order_items"("product_id");',
    );
    files['prisma/schema.prisma'] = (files['prisma/schema.prisma'] as string).replace('  @@index([orderId])\n', '  @@index([orderId])\n  @@index([productId])\n');
    expect(files[MIGRATION]).toContain('order_items_product_id_idx');
    expect(files['prisma/schema.prisma']).toContain('@@index([productId])');
    const context = await projectContext(files);
    for (const rule of DATABASE_STATIC_RULES) {
      const run = runRule(rule, context);
      expect(run.internalErrors, rule.id).toEqual([]);
      expect(where(run.findings), rule.id).toEqual([]);
    }
  });

  it('still report the key when only the Prisma schema has the index, naming the migration that is missing', async () => {
    const files = exampleFiles();
    files['prisma/schema.prisma'] = (files['prisma/schema.prisma'] as string).replace('  @@index([orderId])\n', '  @@index([orderId])\n  @@index([productId])\n');
    const findings = await findingsOf(fkIndex, files);
    expect(where(findings)).toEqual([`${MIGRATION}:24`]);
    expect(findings[0]?.message).toContain('model OrderItem declares one (prisma/schema.prisma:111) but no migration creates it');
    expect(findings[0]?.hint).toContain('prisma migrate dev');
  });
});
