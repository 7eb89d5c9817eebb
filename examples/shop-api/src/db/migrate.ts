import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exec, query, transaction } from './index.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations/', import.meta.url));

/**
 * Applies the `migration.sql` of every folder in prisma/migrations that has not been
 * applied yet, in name (= timestamp) order, each in its own transaction.
 * Returns the names of the migrations applied by this call.
 */
export async function migrate(dir: string = MIGRATIONS_DIR): Promise<string[]> {
  await exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      name TEXT PRIMARY KEY,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP
    )
  `);
  const { rows } = await query<{ name: string }>('SELECT name FROM schema_migrations');
  const applied = new Set(rows.map((row) => row.name));

  const entries = await readdir(dir, { withFileTypes: true });
  const pending = entries
    .filter((entry) => entry.isDirectory() && !applied.has(entry.name))
    .map((entry) => entry.name)
    .sort();

  for (const name of pending) {
    const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
    await transaction(async (tx) => {
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
    });
  }
  return pending;
}
