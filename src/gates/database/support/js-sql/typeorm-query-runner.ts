/**
 * Calls on a TypeORM QueryRunner parameter (also any `db.query(sql)` client): `query(sql)` and
 * `query(sql, params)` with the parameters written in, and the common schema methods
 * (`createTable(new Table({…}))`, `dropTable`, `createIndex`, `addColumn`, `createForeignKey`…)
 * as PostgresQueryRunner writes them. Methods that need the live database (renames, column
 * changes, `hasTable`) are problems.
 */
import type { Argument } from 'oxc-parser';
import { type Chain, describeChain } from './chains.js';
import type { ReadContext } from './context.js';
import { fillPgParameters } from './pg-text.js';
import { isRecord, readStatic, type Static } from './static-values.js';
import { columnSql, constraintName, createEnumSql, createTableSql, foreignKeyParts, indexSql, isEnumColumn, tablePath } from './typeorm-ddl.js';

const SCHEMA_CLASSES = new Set(['Table', 'TableColumn', 'TableIndex', 'TableForeignKey', 'TableUnique', 'TableCheck']);
/**
 * Transaction control (the migration runner keeps its own transaction) and questions about the
 * schema (what is done with the answer is reported where it is used): no SQL that changes it.
 */
const NO_SQL = new Set(['startTransaction', 'commitTransaction', 'rollbackTransaction', 'connect', 'release', 'hasTable', 'hasColumn', 'hasSchema']);

type Options = { [key: string]: Static };
type Result = string[] | { error: string };

export function readQueryRunnerCall(chain: Chain, ctx: ReadContext): void {
  const names = chain.links.map((l) => l.name);
  const last = chain.links[chain.links.length - 1];
  const line = ctx.line(last?.at ?? chain.root);
  const fail = (why: string) => ctx.problem(line, `\`${describeChain(chain)}\` is not read statically${why ? `: ${why}` : ''}`);
  if (!last?.args || (names.length > 1 && !(names.length === 2 && names[0] === 'manager' && names[1] === 'query'))) return fail('');
  if (NO_SQL.has(last.name)) return;
  const args = last.args;
  if (last.name === 'query') {
    const sql = readQuery(args, ctx);
    return typeof sql === 'string' ? ctx.emit(sql, line) : fail(sql.error);
  }
  const method = METHODS[last.name];
  if (!method) return fail('');
  const values: Static[] = [];
  for (const arg of args) {
    const known = arg.type === 'SpreadElement' ? undefined : readStatic(arg, ctx.scope, { constructors: SCHEMA_CLASSES });
    if (!known) return fail('its arguments are not literals (or `new Table({…})` and the like made of literals)');
    values.push(known.value);
  }
  const result = method(values);
  if ('error' in result) return fail(result.error);
  for (const sql of result) ctx.emit(sql, line);
}

/** `query(sql, params?)`: the SQL text, with literal parameters written in for `$1`, `$2`… */
function readQuery(args: readonly Argument[], ctx: ReadContext): string | { error: string } {
  const sql = readStatic(args[0], ctx.scope)?.value;
  if (typeof sql !== 'string') return { error: 'its SQL is not a string literal or a template literal without expressions (SQL built from variables)' };
  if (args.length < 2) return sql;
  const params = readStatic(args[1], ctx.scope)?.value;
  if (!Array.isArray(params)) return { error: 'its parameters are not a literal list' };
  const filled = fillPgParameters(sql, params);
  return 'sql' in filled ? filled.sql : { error: `its parameters do not fit: ${filled.error}` };
}

/** `Table | string`: the table's name (with its schema option, when it has one). */
const tableOf = (value: Static): { name: string; schema?: Static } | undefined =>
  typeof value === 'string' ? { name: value } : isRecord(value) && typeof value.name === 'string' ? { name: value.name, schema: value.schema } : undefined;

const nameOf = (value: Static, fallback: (options: Options) => string | undefined): string | undefined =>
  typeof value === 'string' ? value : isRecord(value) ? (typeof value.name === 'string' ? value.name : fallback(value)) : undefined;

const withTable = (values: Static[], build: (table: { name: string; schema?: Static }, path: string) => Result): Result => {
  const table = tableOf(values[0]);
  return table ? build(table, tablePath(table.name, table.schema)) : { error: 'its table is not a literal name or `new Table({ name: … })`' };
};

const each = (items: Static, one: (item: Static) => Result): Result => {
  if (!Array.isArray(items)) return { error: 'its list is not a literal array' };
  const out: string[] = [];
  for (const item of items) {
    const sql = one(item);
    if ('error' in sql) return sql;
    out.push(...sql);
  }
  return out;
};

const strings = (value: Static): string[] | undefined => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined);

const addColumn = (table: { name: string; schema?: Static }, path: string, column: Static): Result => {
  if (!isRecord(column) || typeof column.name !== 'string' || typeof column.type !== 'string') return { error: 'the column is not a literal with a `name` and a `type`' };
  if (column.isPrimary) return { error: 'adding a primary key column rebuilds the primary key from the live table' };
  const enumSql = isEnumColumn(column) ? createEnumSql(table.name, column, table.schema) : undefined;
  if (isEnumColumn(column) && !enumSql) return { error: 'the enum column has no literal `enum` values' };
  const out = [...(enumSql ? [enumSql] : []), `ALTER TABLE ${path} ADD ${columnSql(table.name, column, table.schema)}`];
  if (column.isUnique) out.push(`ALTER TABLE ${path} ADD CONSTRAINT "${constraintName('UQ', table.name, [column.name])}" UNIQUE ("${column.name}")`);
  if (typeof column.comment === 'string' && column.comment) out.push(`COMMENT ON COLUMN ${path}."${column.name}" IS '${column.comment.replace(/'/g, "''")}'`);
  return out;
};

const createForeignKey = (table: { name: string; schema?: Static }, path: string, fk: Static): Result => {
  if (!isRecord(fk)) return { error: 'the foreign key is not a literal' };
  const parts = foreignKeyParts(table.name, fk);
  if ('error' in parts) return parts;
  return [`ALTER TABLE ${path} ADD CONSTRAINT "${parts.name}" FOREIGN KEY (${parts.columns}) REFERENCES ${parts.target}(${parts.referenced.join(',')})${parts.rules}`];
};

const dropColumn = (path: string, column: Static): Result => {
  const name = nameOf(column, () => undefined);
  return name ? [`ALTER TABLE ${path} DROP COLUMN "${name}"`] : { error: 'the column has no literal name' };
};

const dropConstraint = (path: string, name: string | undefined, what: string): Result =>
  name ? [`ALTER TABLE ${path} DROP CONSTRAINT "${name}"`] : { error: `the ${what} has no literal name` };

const METHODS: Record<string, (values: Static[]) => Result> = {
  createTable: ([table, , createForeignKeys, createIndices]) =>
    isRecord(table) ? createTableSql(table, createForeignKeys !== false, createIndices !== false) : { error: 'its table is not `new Table({…})` made of literals' },
  dropTable: (values) => withTable(values, (_, path) => [values[1] === true ? `DROP TABLE IF EXISTS ${path}` : `DROP TABLE ${path}`]),
  createIndex: (values) =>
    withTable(values, (table) => {
      const sql = isRecord(values[1]) ? indexSql(table.name, values[1], table.schema) : { error: 'the index is not a literal' };
      return typeof sql === 'string' ? [sql] : sql;
    }),
  dropIndex: (values) =>
    withTable(values, (table) => {
      const name = nameOf(values[1], (index) => (strings(index.columnNames) ? constraintName('IDX', table.name, strings(index.columnNames) as string[], typeof index.where === 'string' ? index.where : undefined) : undefined));
      const schema = table.name.includes('.') ? table.name.split('.')[0] : typeof table.schema === 'string' && table.schema !== 'public' ? table.schema : undefined;
      return name ? [`DROP INDEX ${schema ? `"${schema}".` : ''}"${name}"`] : { error: 'the index has no literal name' };
    }),
  addColumn: (values) => withTable(values, (table, path) => addColumn(table, path, values[1])),
  addColumns: (values) => withTable(values, (table, path) => each(values[1], (column) => addColumn(table, path, column))),
  dropColumn: (values) => withTable(values, (_, path) => dropColumn(path, values[1])),
  dropColumns: (values) => withTable(values, (_, path) => each(values[1], (column) => dropColumn(path, column))),
  createForeignKey: (values) => withTable(values, (table, path) => createForeignKey(table, path, values[1])),
  createForeignKeys: (values) => withTable(values, (table, path) => each(values[1], (fk) => createForeignKey(table, path, fk))),
  dropForeignKey: (values) =>
    withTable(values, (table, path) => dropConstraint(path, nameOf(values[1], (fk) => (strings(fk.columnNames) ? constraintName('FK', table.name, strings(fk.columnNames) as string[]) : undefined)), 'foreign key')),
  createUniqueConstraint: (values) =>
    withTable(values, (table, path) => {
      const unique = values[1];
      const columns = isRecord(unique) ? strings(unique.columnNames) : undefined;
      if (!isRecord(unique) || !columns) return { error: 'the unique constraint has no literal `columnNames`' };
      const name = typeof unique.name === 'string' ? unique.name : constraintName('UQ', table.name, columns);
      return [`ALTER TABLE ${path} ADD CONSTRAINT "${name}" UNIQUE (${columns.map((c) => `"${c}"`).join(', ')})${unique.deferrable ? ` DEFERRABLE ${String(unique.deferrable)}` : ''}`];
    }),
  dropUniqueConstraint: (values) =>
    withTable(values, (table, path) => dropConstraint(path, nameOf(values[1], (u) => (strings(u.columnNames) ? constraintName('UQ', table.name, strings(u.columnNames) as string[]) : undefined)), 'unique constraint')),
  createPrimaryKey: (values) =>
    withTable(values, (table, path) => {
      const columns = strings(values[1]);
      if (!columns) return { error: 'its columns are not literals' };
      const name = typeof values[2] === 'string' ? values[2] : constraintName('PK', table.name, columns);
      return [`ALTER TABLE ${path} ADD CONSTRAINT "${name}" PRIMARY KEY (${columns.map((c) => `"${c}"`).join(', ')})`];
    }),
  createSchema: ([path, ifNotExist]) =>
    typeof path === 'string' ? [`CREATE SCHEMA ${ifNotExist === true ? 'IF NOT EXISTS ' : ''}"${path.split('.').pop() as string}"`] : { error: 'its schema is not a literal' },
  dropSchema: ([path, ifExist, cascade]) =>
    typeof path === 'string' ? [`DROP SCHEMA ${ifExist === true ? 'IF EXISTS ' : ''}"${path.split('.').pop() as string}" ${cascade === true ? 'CASCADE' : ''}`] : { error: 'its schema is not a literal' },
};
