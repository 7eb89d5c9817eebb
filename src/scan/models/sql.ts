/**
 * SQL migrations → models: the migration files, in order, applied statement by statement to an
 * in-memory catalog (ALTER and DROP honoured); the final catalog is the model list (`kind: 'sql'`).
 * Only the up part of a file counts. A statement that cannot be read or applied is reported as a
 * warning at its file and line, and the rest of the file and the later migrations still apply.
 */
import type { ScanProblem, SourceFile } from '../types.js';
import type { ModelsResult, SqlDialect } from './types.js';
import { Catalog } from './sql/catalog.js';
import { type SqlStatement, splitStatements, upSection } from './sql/split.js';
import type { SqlSyntaxError } from './sql/parser.js';
import { readStatement } from './sql/statement.js';
import { catalogModels } from './sql/to-models.js';

export { findMigrationFiles } from './sql/migration-files.js';

export interface SqlEnum {
  name: string;
  values: string[];
}

export interface SqlMigrationsResult extends ModelsResult {
  /** Enum types (`CREATE TYPE … AS ENUM`): recorded, not models. */
  enums: SqlEnum[];
}

export interface SqlOptions {
  /** Default `postgresql`. */
  dialect?: SqlDialect;
}

/** `files` must already be in migration order (see `findMigrationFiles`). */
export function extractSqlMigrations(files: readonly SourceFile[], options: SqlOptions = {}): SqlMigrationsResult {
  const dialect = options.dialect ?? 'postgresql';
  const catalog = new Catalog(dialect);
  const problems: ScanProblem[] = [];
  for (const file of files) {
    for (const statement of splitStatements(upSection(file.text), dialect)) {
      applyStatement(catalog, file, statement, dialect, problems);
    }
  }
  const enums = [...catalog.enums.values()];
  return { models: catalogModels(catalog), problems, enums };
}

function applyStatement(catalog: Catalog, file: SourceFile, statement: SqlStatement, dialect: SqlDialect, problems: ScanProblem[]): void {
  const at = { file: file.path, line: statement.line };
  const warn = (message: string): void => {
    problems.push({ ...at, message, severity: 'warning' });
  };
  const reading = readStatement(statement.text, dialect);
  if ('unknown' in reading) return warn(`unknown SQL statement, not applied: ${excerpt(statement.text)}`);
  if ('error' in reading) return warn(`could not parse SQL statement, not applied: ${excerpt(statement.text)} (${describe(reading.error, statement.line)})`);
  for (const op of reading.ops) {
    const failure = catalog.apply(op, at);
    if (failure) warn(failure);
    if (op.op === 'createTable' && op.fromQuery) warn(`the columns of "${op.table}" come from a query and are not known`);
  }
}

/** pegjs lists every token it expected; what it found, and where, is what helps. */
function describe(error: SqlSyntaxError, line: number): string {
  const found = /but (.+) found\.?$/.exec(error.message)?.[1];
  const where = error.line === undefined ? '' : ` on line ${line + error.line - 1}`;
  return found ? `unexpected ${found}${where}` : `${excerpt(error.message, 120)}${where}`;
}

const excerpt = (text: string, max = 80) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
