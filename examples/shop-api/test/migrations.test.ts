import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, disconnect, exec, query } from '../src/db/index.js';
import { MIGRATIONS_DIR, migrate } from '../src/db/migrate.js';
import { seedDemoCatalog } from '../src/db/seed.js';

const tables = async (): Promise<string[]> =>
  (
    await query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        ORDER BY table_name`,
    )
  ).rows.map((row) => row.table_name);

beforeAll(() => connect());
afterAll(disconnect);

describe('migrations', () => {
  it('apply in order and only once', async () => {
    const applied = await migrate();
    expect(applied).toEqual([...applied].sort());
    expect(applied.length).toBeGreaterThanOrEqual(4);
    expect(await tables()).toEqual([
      'audit_logs',
      'categories',
      'order_items',
      'orders',
      'products',
      'reviews',
      'schema_migrations',
      'users',
    ]);
    expect(await migrate()).toEqual([]);
  });

  it('seed the demo catalogue idempotently', async () => {
    await seedDemoCatalog();
    await seedDemoCatalog();
    const { rows } = await query<{ count: number }>('SELECT count(*)::int AS count FROM products');
    expect(rows[0]?.count).toBe(7);
  });

  it('can be rolled back with their down.sql files', async () => {
    const names = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
      .reverse();
    for (const name of names) {
      await exec(await readFile(path.join(MIGRATIONS_DIR, name, 'down.sql'), 'utf8'));
      await query('DELETE FROM schema_migrations WHERE name = $1', [name]);
    }
    expect(await tables()).toEqual(['schema_migrations']);

    expect(await migrate()).toHaveLength(names.length);
  });
});
