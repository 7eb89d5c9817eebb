/**
 * The project's migrations as the live gates run them: each SQL migration's up script and, when
 * there is one, its down script (found by the tools' conventions, see support/sql-downs.ts), in the
 * order the tools apply them; plus the JavaScript migrations (knex, TypeORM…), which are only
 * listed: running them means running project code.
 */
import { isTestFile } from '../../../scan/code/index.js';
import { findMigrationFiles } from '../../../scan/models/sql/migration-files.js';
import type { SqlDialect } from '../../../scan/models/types.js';
import type { CheckContext } from '../../types.js';
import { dialectOf } from '../support/history.js';
import { isJsMigrationPath, readJsMigration } from '../support/js-migrations.js';
import { isNotUpMigration, sqlDownStep } from '../support/sql-downs.js';

/** SQL to run, from one file: text outside the part that runs is blanked (newlines kept) so lines stay right. */
export interface SqlScript {
  file: string;
  text: string;
}

export interface SqlMigration {
  /** The up file's path: the migration's name in messages. */
  name: string;
  up: SqlScript;
  /** Absent when the migration has no down step at all. */
  down?: SqlScript;
}

export interface MigrationPlan {
  dialect: SqlDialect;
  migrations: SqlMigration[];
  /** JavaScript / TypeScript migration files (knex, TypeORM, sequelize-cli…), by path. */
  jsMigrations: string[];
}

const UP_MARK = /^\s*--\s*(?:migrate:up|\+goose\s+up|\+migrate\s+up|up\s+migration)\b/i;
const DOWN_MARK = /^\s*--\s*(?:migrate:down|\+goose\s+down|\+migrate\s+down|down\s+migration)\b/i;

/** The up or down section of a file that holds both (dbmate, goose, sql-migrate, node-pg-migrate); the whole text when it has no marks. */
export function section(text: string, which: 'up' | 'down'): string {
  const lines = text.split('\n');
  if (!lines.some((line) => UP_MARK.test(line) || DOWN_MARK.test(line))) return which === 'up' ? text : '';
  let keep = false;
  return lines
    .map((line) => {
      if (UP_MARK.test(line)) keep = which === 'up';
      else if (DOWN_MARK.test(line)) keep = which === 'down';
      else if (keep) return line;
      return ' '.repeat(line.length);
    })
    .join('\n');
}

export function migrationPlan(context: CheckContext): MigrationPlan {
  return context.memo('database/live/plan', () => {
    const byPath = new Map(context.files.map((f) => [f.path, f]));
    const paths = findMigrationFiles([...byPath.keys()], { dir: context.config.migrations?.dir }).filter((p) => !isNotUpMigration(p) && !isTestFile(p));
    const migrations: SqlMigration[] = [];
    for (const path of paths) {
      const file = byPath.get(path);
      if (!file) continue;
      const migration: SqlMigration = { name: path, up: { file: path, text: section(file.text, 'up') } };
      const down = sqlDownStep(file, (p) => byPath.get(p)?.text);
      if (down.file !== undefined) {
        const text = down.style === 'section' ? section(file.text, 'down') : (byPath.get(down.file)?.text ?? '');
        migration.down = { file: down.file, text };
      }
      migrations.push(migration);
    }
    const jsMigrations = context.modules
      .filter((m) => isJsMigrationPath(m.file.path) && !isTestFile(m.file.path) && readJsMigration(m).up !== undefined)
      .map((m) => m.file.path)
      .sort();
    return { dialect: dialectOf(context), migrations, jsMigrations };
  });
}

/**
 * Why the live database gates cannot run the migrations of this project, if they cannot: the
 * verdict each rule returns then. Undefined when they can.
 */
export function planProblem(plan: MigrationPlan, runJsMigrations: boolean | undefined): { status: 'not-applicable' | 'skipped'; reason: string } | undefined {
  if (plan.migrations.length === 0 && plan.jsMigrations.length === 0) {
    return { status: 'not-applicable', reason: 'no migrations found (SQL migration folders, knex / TypeORM migration files)' };
  }
  if (plan.dialect !== 'postgresql') return { status: 'not-applicable', reason: `the migrations are written for ${plan.dialect === 'mysql' ? 'MySQL' : 'SQLite'}; the live database gates run PostgreSQL` };
  if (plan.jsMigrations.length > 0) {
    const list = `${plan.jsMigrations.length} JavaScript/TypeScript migration file${plan.jsMigrations.length === 1 ? '' : 's'} (${plan.jsMigrations[0]}${plan.jsMigrations.length > 1 ? ', …' : ''})`;
    if (!runJsMigrations) return { status: 'skipped', reason: `${list}: running them executes project code; pass --run-js-migrations to allow it` };
    return { status: 'skipped', reason: `${list}: running knex / TypeORM migrations is not supported yet` };
  }
  return undefined;
}
