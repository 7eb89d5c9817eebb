/**
 * The promise on examples/shop-api: `bo check` reports exactly the four planted flaws of
 * FLAWS.md (right rule, right line) and nothing else; with the four fixed it reports nothing.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bo } from '../helpers/cli.js';

const example = path.resolve(import.meta.dirname, '../../examples/shop-api');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function copy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bo-flaws-'));
  dirs.push(dir);
  cpSync(example, dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  return dir;
}

function edit(dir: string, file: string, from: string, to: string): void {
  const abs = path.join(dir, file);
  const text = readFileSync(abs, 'utf8');
  expect(text.includes(from), `${file} contains the text to fix`).toBe(true);
  writeFileSync(abs, text.replace(from, to));
}

const findingsOf = (report: { findings: { rule: string; severity: string; file: string; line: number }[] }) =>
  report.findings.map((f) => `${f.severity} ${f.rule} ${f.file}:${f.line}`);

describe('bo check on examples/shop-api', () => {
  it('reports exactly the four planted flaws, each with its rule and line, and exits 1', async () => {
    const result = await bo(copy(), ['check', '--json', '--no-save']);
    expect(result.code).toBe(1);
    const report = result.json();
    expect(findingsOf(report)).toEqual([
      'error db/fk-index prisma/migrations/20240120110000_create_orders/migration.sql:24',
      'error api/documented src/routes/admin.ts:8',
      'error sec/authn-required src/routes/products.ts:75',
      'error sec/sql-injection src/repositories/product-repository.ts:105',
    ].sort((a, b) => a.split(' ')[2]!.localeCompare(b.split(' ')[2]!)));
    expect(report.internalErrors).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });

  it('reports nothing once the four flaws are fixed, and exits 0', async () => {
    const dir = copy();
    // (a) the stock route gets the guards its siblings have
    edit(dir, 'src/routes/products.ts', "productsRouter.patch(\n  '/:id/stock',\n", "productsRouter.patch(\n  '/:id/stock',\n  authenticate,\n  requireRole('admin'),\n");
    // (b) an index on order_items.product_id, in the migration and the Prisma schema
    edit(dir, 'prisma/migrations/20240120110000_create_orders/migration.sql', 'CREATE INDEX "order_items_order_id_idx"', 'CREATE INDEX "order_items_product_id_idx" ON "order_items"("product_id");\nCREATE INDEX "order_items_order_id_idx"');
    edit(dir, 'prisma/schema.prisma', '  @@index([orderId])\n  @@map("order_items")', '  @@index([orderId])\n  @@index([productId])\n  @@map("order_items")');
    // (c) the search term bound as a parameter
    edit(dir, 'src/repositories/product-repository.ts', "(p.name ILIKE '%${term}%' OR p.sku ILIKE '%${term}%')", "(p.name ILIKE '%' || $3 || '%' OR p.sku ILIKE '%' || $3 || '%')");
    edit(dir, 'src/repositories/product-repository.ts', 'db.query<ProductRow>(sql, [limit, offset])', 'db.query<ProductRow>(sql, [limit, offset, term])');
    // (d) the admin route documented
    edit(
      dir,
      'openapi.yaml',
      '  /api/v1/users:\n',
      [
        '  /api/v1/admin/stats:',
        '    get:',
        '      tags: [Admin]',
        '      operationId: getStoreStats',
        '      summary: Store statistics (admin)',
        '      responses:',
        "        '200':",
        '          description: Counts and revenue.',
        '          content:',
        '            application/json:',
        '              schema:',
        '                type: object',
        "        '401':",
        "          $ref: '#/components/responses/Unauthorized'",
        "        '403':",
        "          $ref: '#/components/responses/Forbidden'",
        "        '429':",
        "          $ref: '#/components/responses/TooManyRequests'",
        '  /api/v1/users:',
        '',
      ].join('\n'),
    );
    const result = await bo(dir, ['check', '--json', '--no-save']);
    const report = result.json();
    expect(findingsOf(report)).toEqual([]);
    expect(report.verdict).toBe('pass');
    expect(result.code).toBe(0);
  });
});
