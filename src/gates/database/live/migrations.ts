/**
 * The project's migrations as the live gates run them: each SQL migration's up script and, when
 * there is one, its down script (found by the tools' conventions, see support/sql-downs.ts), in the
 * order the tools apply them. knex and TypeORM migration files come after them, in file-name order
 * (the order both tools use): their SQL read from the code without running it, or, when the user
 * opts in (`--run-js-migrations`), run as they are by the project's own knex / TypeORM.
 */
import { isTestFile } from '../../../scan/code/index.js';
import { splitStatements } from '../../../scan/models/sql/split.js';
import { findMigrationFiles } from '../../../scan/models/sql/migration-files.js';
import type { SqlDialect } from '../../../scan/models/types.js';
import type { ParsedModule } from '../../../scan/parse.js';
import type { CheckContext } from '../../types.js';
import { dialectOf } from '../support/history.js';
import { readJsMigrationSql } from '../support/js-migration-sql.js';
import { isJsMigrationPath, readJsMigration } from '../support/js-migrations.js';
import type { JsMigrationTool, JsStep } from './js-runner.js';
import { isNotUpMigration, sqlDownStep } from '../support/sql-downs.js';

/** One statement read from a JS migration, at the line of the call that runs it. */
export interface ScriptStatement {
  sql: string;
  line: number;
  /** Where it starts in the file's text (SQL files: for the line of an error's position). */
  offset?: number;
}

/**
 * SQL to run, from one file. From an SQL file, `text` is the file with what does not run blanked
 * (newlines kept) so lines stay right; from a JS migration, `statements` holds what its code runs
 * and `text` is the file's source (for finding where an object is created).
 */
export interface SqlScript {
  kind: 'sql';
  file: string;
  text: string;
  statements?: ScriptStatement[];
}

export type MigrationStep = SqlScript | JsStep;

export interface SqlMigration {
  /** The up file's path: the migration's name in messages. */
  name: string;
  up: MigrationStep;
  /** Absent when the migration has no down step at all. */
  down?: MigrationStep;
}

/** A JS migration whose SQL cannot be read without running it, and why. */
export interface UnreadableMigration {
  file: string;
  line: number;
  message: string;
}

export interface MigrationPlan {
  dialect: SqlDialect;
  migrations: SqlMigration[];
  /** JavaScript / TypeScript migration files (knex, TypeORM, sequelize-cli…), by path. */
  jsMigrations: string[];
  unreadable: UnreadableMigration[];
  /** The JS migrations are run (the user opted in), not read. */
  runsJs: boolean;
}

/** The SQL statements of a script, with their lines. */
export function scriptStatements(script: SqlScript): ScriptStatement[] {
  return script.statements ?? splitStatements(script.text, 'postgresql').map((s) => ({ sql: s.text, line: s.line, offset: s.offset }));
}

/** The first line of a step: where its first statement or its function starts. */
export const stepLine = (step: MigrationStep): number => (step.kind === 'js' ? step.line : (scriptStatements(step)[0]?.line ?? 1));

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

export function migrationPlan(context: CheckContext, runJs = false): MigrationPlan {
  return context.memo(`database/live/plan/${runJs ? 'run' : 'read'}`, () => {
    const byPath = new Map(context.files.map((f) => [f.path, f]));
    const paths = findMigrationFiles([...byPath.keys()], { dir: context.config.migrations?.dir }).filter((p) => !isNotUpMigration(p) && !isTestFile(p));
    const migrations: SqlMigration[] = [];
    for (const path of paths) {
      const file = byPath.get(path);
      if (!file) continue;
      const migration: SqlMigration = { name: path, up: { kind: 'sql', file: path, text: section(file.text, 'up') } };
      const down = sqlDownStep(file, (p) => byPath.get(p)?.text);
      if (down.file !== undefined) {
        const text = down.style === 'section' ? section(file.text, 'down') : (byPath.get(down.file)?.text ?? '');
        migration.down = { kind: 'sql', file: down.file, text };
      }
      migrations.push(migration);
    }
    const jsModules = context.modules
      .filter((m) => isJsMigrationPath(m.file.path) && !isTestFile(m.file.path) && readJsMigration(m).up !== undefined)
      .sort((a, b) => baseName(a.file.path).localeCompare(baseName(b.file.path)) || a.file.path.localeCompare(b.file.path));
    const unreadable: UnreadableMigration[] = [];
    for (const module of jsModules) {
      const js = runJs ? runnableMigration(module) : readableMigration(module);
      if ('message' in js) unreadable.push(js);
      else migrations.push(js);
    }
    return { dialect: dialectOf(context), migrations, jsMigrations: jsModules.map((m) => m.file.path), unreadable, runsJs: runJs };
  });
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/** Which tool a JS migration file is written for, from what it imports and how `up` is declared. */
export function migrationTool(module: ParsedModule): JsMigrationTool | 'sequelize' | 'mikro-orm' | undefined {
  const from = (name: string) => module.imports.some((i) => i.specifier === name || i.specifier.startsWith(`${name}/`));
  if (from('typeorm')) return 'typeorm';
  if (from('@mikro-orm/migrations') || from('@mikro-orm/core')) return 'mikro-orm';
  if (from('sequelize') || /\bup\s*[:(=]\s*(?:async\s*)?(?:function\s*)?\(\s*queryInterface\b/.test(module.file.text)) return 'sequelize';
  if (from('knex') || /\bknex\b/.test(module.file.text)) return 'knex';
  if (/\bqueryRunner\b/.test(module.file.text)) return 'typeorm';
  return undefined;
}

const UNSUPPORTED: Record<string, string> = {
  sequelize: 'sequelize-cli migrations are not read or run by the live gates',
  'mikro-orm': 'MikroORM migrations are read (their addSql calls), not run',
};

/** The migration's SQL as read from its code, or why it cannot be read. */
function readableMigration(module: ParsedModule): SqlMigration | UnreadableMigration {
  const file = module.file.path;
  const tool = migrationTool(module);
  if (tool === 'sequelize') return { file, line: readJsMigration(module).up?.line ?? 1, message: UNSUPPORTED.sequelize as string };
  const sql = readJsMigrationSql(module);
  const problem = [...(sql.up?.problems ?? []), ...(sql.down?.problems ?? [])].sort((a, b) => a.line - b.line)[0];
  if (problem) return { file, line: problem.line, message: problem.message };
  if (!sql.up) return { file, line: 1, message: 'no up function found' };
  const script = (statements: ScriptStatement[]): SqlScript => ({ kind: 'sql', file, text: module.file.text, statements });
  const migration: SqlMigration = { name: file, up: script(sql.up.statements.map((s) => ({ sql: s.sql, line: s.line }))) };
  if (sql.down) migration.down = script(sql.down.statements.map((s) => ({ sql: s.sql, line: s.line })));
  return migration;
}

/** The migration as steps for the runner (the user opted in to running project code). */
function runnableMigration(module: ParsedModule): SqlMigration | UnreadableMigration {
  const file = module.file.path;
  const tool = migrationTool(module) ?? 'knex';
  const directions = readJsMigration(module);
  if (tool === 'sequelize' || tool === 'mikro-orm') return { file, line: directions.up?.line ?? 1, message: UNSUPPORTED[tool] as string };
  const step = (direction: 'up' | 'down', line: number): JsStep => ({ kind: 'js', file, direction, line, tool });
  const migration: SqlMigration = { name: file, up: step('up', directions.up?.line ?? 1) };
  if (directions.down && directions.down.verdict !== 'irreversible') migration.down = step('down', directions.down.line);
  return migration;
}

/**
 * Why the live database gates cannot run the migrations of this project, if they cannot: the
 * verdict each rule returns then. Undefined when they can.
 */
export function planProblem(plan: MigrationPlan): { status: 'not-applicable' | 'skipped'; reason: string } | undefined {
  if (plan.migrations.length === 0 && plan.jsMigrations.length === 0) {
    return { status: 'not-applicable', reason: 'no migrations found (SQL migration folders, knex / TypeORM migration files)' };
  }
  if (plan.dialect !== 'postgresql') return { status: 'not-applicable', reason: `the migrations are written for ${plan.dialect === 'mysql' ? 'MySQL' : 'SQLite'}; the live database gates run PostgreSQL` };
  const first = plan.unreadable[0];
  if (first) {
    const more = plan.unreadable.length > 1 ? ` (and ${plan.unreadable.length - 1} more file${plan.unreadable.length === 2 ? '' : 's'})` : '';
    const advice = plan.runsJs ? '' : '; pass --run-js-migrations to run the migration files instead (executes project code)';
    return { status: 'skipped', reason: `${first.file}:${first.line}: ${first.message}${more}${advice}` };
  }
  return undefined;
}
