import { isTestFile } from '../../scan/code/index.js';
import { defineRule } from '../define.js';
import type { FindingInput } from '../types.js';
import { type Migration, migrationHistory, statementWords } from './support/history.js';
import { type Risk, risksOf } from './support/risky-ddl.js';
import { isNotUpMigration } from './support/sql-downs.js';

export default defineRule({
  id: 'db/migration-safety',
  area: 'database',
  checklist: 'Migrations tested',
  severity: 'warning',
  docs: {
    description:
      'DDL that locks or breaks a table that already holds data, flagged at the statement: ADD COLUMN … NOT NULL without a DEFAULT, CREATE INDEX without CONCURRENTLY and ADD UNIQUE / PRIMARY KEY (PostgreSQL), ADD FOREIGN KEY without NOT VALID (PostgreSQL), SET NOT NULL, a column type change, DROP COLUMN / TABLE, RENAME COLUMN / TABLE. Tables created earlier in the same migration are new and empty, so anything goes there. Which migrations already ran in production cannot be known statically: every migration is checked.',
    failing: `ALTER TABLE orders ADD COLUMN region TEXT NOT NULL;
CREATE INDEX orders_region_idx ON orders (region);`,
    passing: `ALTER TABLE orders ADD COLUMN region TEXT NOT NULL DEFAULT 'eu';
CREATE INDEX CONCURRENTLY orders_region_idx ON orders (region);`,
    whenNotToUse: 'A migration that runs before the first deploy, or on tables known to be empty, may keep the simple form; say so with a bo-ignore and the reason.',
  },
  check(context, reporter) {
    const history = migrationHistory(context);
    if (!history) return { status: 'not-applicable', reason: 'no SQL migrations found' };
    for (const migration of history.migrations) {
      // A test database's setup, a seed, an undo script: not a step the service's schema takes.
      if (isTestFile(migration.file.path) || isNotUpMigration(migration.file.path)) continue;
      try {
        for (const finding of migrationRisks(migration, history.dialect === 'postgresql')) reporter.report(finding);
      } catch (error) {
        reporter.internalError(migration.file.path, error);
      }
    }
    return undefined;
  },
});

function migrationRisks(migration: Migration, postgres: boolean): FindingInput[] {
  const findings: FindingInput[] = [];
  const key = (table: string) => table.toLowerCase();
  const created = new Set<string>();
  // SQLite's table rebuild (Prisma, drizzle-kit): create new_t, copy, drop t, rename new_t to t. t is replaced, not lost.
  const replaced = replacedTables(migration);
  for (const step of migration.steps) {
    const words = statementWords(step.text);
    for (const stepOp of step.ops) {
      const { op } = stepOp;
      if (op.op === 'createTable') created.add(key(op.table));
      if (op.op === 'renameTable' && created.has(key(op.table))) {
        created.add(key(op.to));
        continue;
      }
      if (!('table' in op) || typeof op.table !== 'string' || created.has(key(op.table))) continue;
      if (op.op === 'dropTable' && replaced.has(key(op.table))) continue;
      for (const risk of risksOf(stepOp, words, postgres)) findings.push(toFinding(migration, step.line, risk));
    }
  }
  return findings;
}

/** Tables a table created in this migration is renamed to. */
function replacedTables(migration: Migration): Set<string> {
  const fresh = new Set<string>();
  const replaced = new Set<string>();
  for (const { op } of migration.steps.flatMap((s) => s.ops)) {
    if (op.op === 'createTable') fresh.add(op.table.toLowerCase());
    if (op.op === 'renameTable' && fresh.has(op.table.toLowerCase())) replaced.add(op.to.toLowerCase());
  }
  return replaced;
}

function toFinding(migration: Migration, line: number, risk: Risk): FindingInput {
  return { file: migration.file.path, line, subject: risk.table, message: risk.message, hint: risk.hint };
}
