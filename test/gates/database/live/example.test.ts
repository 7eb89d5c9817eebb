/**
 * The database gates on a real embedded PostgreSQL (PGlite) over examples/shop-api: its Prisma
 * migrations apply and roll back; its planted unindexed foreign key (FLAWS.md b,
 * order_items.product_id) is found by db/query-uses-index with the plan. No repository query of
 * the example filters order_items by product_id (the order items are read by order_id), so the
 * lookup is given as a configured query, as a user would.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../../../../src/config/schema.js';
import backupRestore from '../../../../src/gates/database/backup-restore.js';
import migrationsApply from '../../../../src/gates/database/migrations-apply.js';
import queryTime from '../../../../src/gates/database/query-time.js';
import queryUsesIndex from '../../../../src/gates/database/query-uses-index.js';
import rollbackRoundtrip from '../../../../src/gates/database/rollback-roundtrip.js';
import { buildCheckContext } from '../../../../src/gates/context.js';
import type { LiveRun } from '../../../../src/gates/live/context.js';
import dbQueryTime from '../../../../src/gates/metrics/db-query-time.js';
import type { CheckContext } from '../../../../src/gates/types.js';
import { exampleContext, projectContext } from '../../../helpers/gates.js';
import { at, liveRun, runLive } from './helpers.js';

const EXAMPLE_ROOT = path.resolve(import.meta.dirname, '../../../../examples/shop-api');
const LOOKUP = 'SELECT id, order_id, quantity FROM order_items WHERE product_id = $1';

let live: LiveRun;
let example: CheckContext;
let configured: CheckContext;

beforeAll(async () => {
  live = liveRun({ seedRows: 5000 });
  example = await exampleContext();
  configured = await buildCheckContext({ root: EXAMPLE_ROOT, config: Config.parse({ database: { queries: [LOOKUP] } }) });
});
afterAll(async () => {
  expect(await live.close()).toEqual([]);
});

describe('examples/shop-api on PGlite', () => {
  it('applies every migration in order (db/migrations-apply passes)', async () => {
    const result = await runLive(migrationsApply, example, live);
    expect(result).toEqual({ findings: [], errors: [], verdict: undefined });
  });

  it('rolls every migration back and applies them again to the same schema (db/rollback-roundtrip passes)', async () => {
    const result = await runLive(rollbackRoundtrip, example, live);
    expect(result).toEqual({ findings: [], errors: [], verdict: undefined });
  });

  it('finds no unindexed lookup among the queries of its repositories', async () => {
    const result = await runLive(queryUsesIndex, example, live);
    expect(result.errors).toEqual([]);
    expect(result.verdict).toBeUndefined();
    expect(result.findings).toEqual([]);
  });

  it('finds the lookup of order items by product (flaw b) sequentially scanning order_items, with its plan', async () => {
    const result = await runLive(queryUsesIndex, configured, live);
    expect(result.errors).toEqual([]);
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding?.file).toBe('backend-orchestrator.config.json');
    expect(finding?.subject).toBe('order_items');
    expect(finding?.message).toContain('reads every row of order_items (5000 seeded)');
    expect(finding?.message).toMatch(/plan: Seq Scan on order_items \(filter: \(product_id = '[0-9a-f-]{36}'::uuid\), rows≈1\)/);
    expect(finding?.hint).toContain('CREATE INDEX order_items_product_id_idx ON order_items (product_id);');
  });

  it('times every query under the threshold and records the slowest for metrics/db-query-time', async () => {
    const result = await runLive(queryTime, example, live);
    expect(result).toEqual({ findings: [], errors: [], verdict: undefined });
    const measured = live.measured('metrics/db-query-time');
    expect(measured?.unit).toBe('ms');
    expect(measured?.detail).toMatch(/^slowest of \d+ queries on 5000 rows per table: src\/repositories\//);
    expect(await runLive(dbQueryTime, example, live)).toEqual({ findings: [], errors: [], verdict: undefined });
  });

  it('warns that no backup procedure is configured', async () => {
    const result = await runLive(backupRestore, example, live);
    expect(at(result.findings)).toEqual(['package.json:1']);
    expect(result.findings[0]?.message).toContain('no backup procedure configured');
  });
});

describe('examples/shop-api with the flaw fixed', () => {
  it('finds no sequential scan once a migration indexes order_items.product_id', async () => {
    const files: Record<string, string> = {};
    for (const file of example.files.filter((f) => f.path.startsWith('prisma/'))) files[file.path] = file.text;
    files['prisma/migrations/20240301000000_index_order_items_product/migration.sql'] = 'CREATE INDEX "order_items_product_id_idx" ON "order_items"("product_id");\n';
    files['prisma/migrations/20240301000000_index_order_items_product/down.sql'] = 'DROP INDEX "order_items_product_id_idx";\n';
    const fixed = await projectContext(files, { config: { database: { queries: [LOOKUP] } } });
    const result = await runLive(queryUsesIndex, fixed, live);
    expect(result).toEqual({ findings: [], errors: [], verdict: undefined });
    expect(await runLive(rollbackRoundtrip, fixed, live)).toEqual({ findings: [], errors: [], verdict: undefined });
  });
});
