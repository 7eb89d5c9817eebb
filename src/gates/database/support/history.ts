/**
 * The project's SQL migrations replayed the way the scanner reads them (same files, order,
 * splitter, parser and catalog), keeping what the registry's models do not: which statement did
 * what, and the line where each table, column, key, index and foreign key the migrations leave
 * behind was declared. Built once per run and shared by the database rules.
 */
import { Catalog, type TableState } from '../../../scan/models/sql/catalog.js';
import { findMigrationFiles } from '../../../scan/models/sql/migration-files.js';
import type { CatalogOp } from '../../../scan/models/sql/ops.js';
import { splitStatements, upSection } from '../../../scan/models/sql/split.js';
import { readStatement } from '../../../scan/models/sql/statement.js';
import type { SqlDialect } from '../../../scan/models/types.js';
import { LineIndex } from '../../../scan/position.js';
import type { SourceFile } from '../../../scan/types.js';
import type { CheckContext } from '../../types.js';
import { type ConstraintKind, type TableItem, columnItem, constraintItem, tableItems } from './table-items.js';

export interface Site {
  file: string;
  line: number;
}

/** A catalog operation with what the column it changes looked like before. */
export interface StepOp {
  op: CatalogOp;
  before?: { type: string; notNull: boolean };
}

/** One statement of a migration's up part; one the scan could not read (and reports) has no operations. */
export interface Step {
  line: number;
  text: string;
  ops: StepOp[];
}

export interface Migration {
  file: SourceFile;
  steps: Step[];
}

/** How an index was written, beyond its columns: only plain b-tree indexes can stand in for each other. */
export interface IndexShape {
  partial: boolean;
  method?: string;
  covering: boolean;
}

export interface MigrationHistory {
  dialect: SqlDialect;
  migrations: Migration[];
  /** The database as the migrations leave it. */
  catalog: Catalog;
  /** Where a table, column, primary key, index or foreign key of the final catalog was declared. */
  siteOf(state: object): Site | undefined;
  shapeOf(index: object): IndexShape | undefined;
}

/** The project's migrations replayed, or undefined when it has none. */
export function migrationHistory(context: CheckContext): MigrationHistory | undefined {
  return context.memo('database/history', () => {
    const byPath = new Map(context.files.map((f) => [f.path, f]));
    const paths = findMigrationFiles([...byPath.keys()], { dir: context.config.migrations?.dir });
    if (paths.length === 0) return undefined;
    return replay(paths.map((p) => byPath.get(p) as SourceFile), dialectOf(context));
  });
}

/** The configured dialect, else the Prisma datasource's provider, else PostgreSQL (as the scan decides). */
export function dialectOf(context: CheckContext): SqlDialect {
  const configured = context.config.migrations?.dialect;
  if (configured) return configured;
  for (const file of context.files) {
    if (!file.path.endsWith('.prisma')) continue;
    const provider = /datasource\s+\w+\s*\{[^}]*?\bprovider\s*=\s*"(\w+)"/.exec(file.text)?.[1];
    if (provider === 'mysql' || provider === 'sqlite') return provider;
    if (provider) return 'postgresql';
  }
  return 'postgresql';
}

function replay(files: readonly SourceFile[], dialect: SqlDialect): MigrationHistory {
  const catalog = new Catalog(dialect);
  const sites = new WeakMap<object, Site>();
  const shapes = new WeakMap<object, IndexShape>();
  const migrations: Migration[] = [];
  for (const file of files) {
    const lines = new LineIndex(file.text);
    const steps: Step[] = [];
    for (const statement of splitStatements(upSection(file.text), dialect)) {
      const reading = readStatement(statement.text, dialect);
      const step: Step = { line: statement.line, text: statement.text, ops: [] };
      steps.push(step);
      if (!('ops' in reading)) continue;
      let items: TableItem[] | undefined;
      const at = (offset: number): Site => ({ file: file.path, line: lines.line(statement.offset + offset) });
      for (const op of reading.ops) {
        step.ops.push(withBefore(op, catalog));
        catalog.apply(op, { file: file.path, line: statement.line });
        const table = touchedTable(op, catalog);
        if (!table) continue;
        if (op.op === 'createTable') items ??= tableItems(statement.text);
        const locate = (item: TableItem | undefined): Site => (item ? at(item.offset) : { file: file.path, line: statement.line });
        const mark = (state: object, item: () => TableItem | undefined) => {
          if (!sites.has(state)) sites.set(state, op.op === 'createTable' ? locate(item()) : { file: file.path, line: statement.line });
        };
        const found = (kind: ConstraintKind, name: string | undefined, columns: string[]) => () => (items ? constraintItem(items, kind, name, columns) : undefined);
        mark(table, () => undefined);
        for (const column of table.columns) mark(column, () => (items ? columnItem(items, column.name) : undefined));
        if (table.primaryKey) mark(table.primaryKey, found('primaryKey', table.primaryKey.name, table.primaryKey.columns));
        for (const fk of table.foreignKeys) mark(fk, found('foreignKey', fk.name, fk.columns));
        for (const index of table.indexes) {
          mark(index, found(index.unique ? 'unique' : 'index', index.name, index.columns));
          if (!shapes.has(index)) shapes.set(index, indexShape(op, statement.text));
        }
      }
    }
    migrations.push({ file, steps });
  }
  return { dialect, migrations, catalog, siteOf: (state) => sites.get(state), shapeOf: (index) => shapes.get(index) };
}

function withBefore(op: CatalogOp, catalog: Catalog): StepOp {
  if (op.op !== 'alterColumn' && op.op !== 'dropColumn' && op.op !== 'replaceColumn') return { op };
  const name = op.op === 'replaceColumn' ? op.from : op.column;
  const column = catalog.table(op.table)?.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  return column ? { op, before: { type: column.type, notNull: column.notNull } } : { op };
}

function touchedTable(op: CatalogOp, catalog: Catalog): TableState | undefined {
  if (op.op === 'renameTable') return catalog.table(op.to);
  return 'table' in op && typeof op.table === 'string' ? catalog.table(op.table) : undefined;
}

/** Literals and comments blanked, so that `WHERE` or `USING` inside them does not count. */
const masked = (text: string) =>
  text.replace(/'(?:[^']|'')*'?/g, (s) => ' '.repeat(s.length)).replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, (s) => ' '.repeat(s.length));

function indexShape(op: CatalogOp, statement: string): IndexShape {
  if (op.op !== 'createIndex') return { partial: false, covering: false };
  const text = masked(statement);
  const method = /\bUSING\s+(\w+)/i.exec(text)?.[1]?.toLowerCase();
  const shape: IndexShape = { partial: /\bWHERE\b/i.test(text), covering: /\bINCLUDE\s*\(/i.test(text) };
  if (method) shape.method = method;
  return shape;
}

/** An index that only another plain index of the same columns can replace. */
export const isPlainIndex = (shape: IndexShape | undefined): boolean => !shape || (!shape.partial && !shape.covering && (shape.method === undefined || shape.method === 'btree'));

/** The statement flattened, literals and comments blanked: for keyword tests (`CONCURRENTLY`, `NOT VALID`). */
export const statementWords = (text: string): string => masked(text).replace(/\s+/g, ' ').trim().toUpperCase();
