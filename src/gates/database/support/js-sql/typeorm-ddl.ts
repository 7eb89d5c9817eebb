/**
 * TypeORM's schema objects (`new Table({…})`, `TableColumn`, `TableIndex`, `TableForeignKey`,
 * `TableUnique`) as the SQL its PostgresQueryRunner writes for them, with the names its
 * DefaultNamingStrategy gives constraints that have none (`PK_` + 27 hex digits of a sha1…).
 */
import { createHash } from 'node:crypto';
import { isRecord, type Static } from './static-values.js';

type Options = { [key: string]: Static };

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex');

/** DefaultNamingStrategy: prefix + sha1 of `${table}_${sorted columns}` (`_${where}` for indexes). */
export function constraintName(prefix: 'PK' | 'UQ' | 'FK' | 'IDX', table: string, columns: readonly string[], where?: string): string {
  const key = `${(table.split('.').pop() as string).replace('.', '_')}_${[...columns].sort().join('_')}${where ? `_${where}` : ''}`;
  return `${prefix}_${sha1(key).slice(0, prefix === 'IDX' ? 26 : 27)}`;
}

/** `"schema"."table"`, the schema left out when it is `public` (TypeORM's search schema by default). */
export function tablePath(name: string, schema?: Static): string {
  const parts = name.split('.');
  if (parts.length === 1 && typeof schema === 'string' && schema !== 'public') parts.unshift(schema);
  if (parts.length > 1 && parts[0] === 'public') parts.shift();
  return parts.map((p) => `"${p}"`).join('.');
}

const strings = (value: Static): string[] | undefined => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined);
const list = (value: Static): Options[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const has = (value: Static): boolean => value !== undefined && value !== null;

/** PostgresDriver.createFullType: the type with its length or precision, `array` when it is one. */
function fullType(column: Options): string {
  let type = String(column.type ?? '');
  const precision = has(column.precision) ? `(${String(column.precision)})` : '';
  if (column.length) type += `(${String(column.length)})`;
  else if (has(column.precision) && has(column.scale)) type += `(${String(column.precision)},${String(column.scale)})`;
  else type += precision;
  if (column.type === 'time without time zone') type = `TIME${precision}`;
  else if (column.type === 'time with time zone') type = `TIME${precision} WITH TIME ZONE`;
  else if (column.type === 'timestamp without time zone') type = `TIMESTAMP${precision}`;
  else if (column.type === 'timestamp with time zone') type = `TIMESTAMP${precision} WITH TIME ZONE`;
  return column.isArray ? `${type} array` : type;
}

export const isEnumColumn = (column: Options): boolean => column.type === 'enum' || column.type === 'simple-enum';

/** `"public"."users_status_enum"`: buildEnumName always names the schema (the search schema, `public`, by default). */
export function enumName(table: string, column: Options, schema?: Static): string {
  const parts = table.split('.');
  const tableName = parts.pop() as string;
  const tableSchema = parts.pop() ?? (typeof schema === 'string' ? schema : 'public');
  const name = typeof column.enumName === 'string' ? column.enumName : `${tableName}_${String(column.name).toLowerCase()}_enum`;
  return `"${tableSchema}"."${name}"`;
}

export function createEnumSql(table: string, column: Options, schema?: Static): string | undefined {
  const values = strings(column.enum);
  if (!values) return undefined;
  return `CREATE TYPE ${enumName(table, column, schema)} AS ENUM(${values.map((v) => `'${v.replace("'", "''")}'`).join(', ')})`;
}

/** PostgresQueryRunner.buildCreateColumnSql. */
export function columnSql(table: string, column: Options, schema?: Static): string {
  let sql = `"${String(column.name)}"`;
  const generated = column.isGenerated === true;
  if (generated && column.generationStrategy !== 'uuid') {
    if (column.generationStrategy === 'identity') sql += ` ${String(column.type)} GENERATED ${typeof column.generatedIdentity === 'string' ? column.generatedIdentity : 'BY DEFAULT'} AS IDENTITY`;
    else if (['integer', 'int', 'int4'].includes(String(column.type))) sql += ' SERIAL';
    else if (['smallint', 'int2'].includes(String(column.type))) sql += ' SMALLSERIAL';
    else if (['bigint', 'int8'].includes(String(column.type))) sql += ' BIGSERIAL';
  }
  if (isEnumColumn(column)) sql += ` ${enumName(table, column, schema)}${column.isArray ? ' array' : ''}`;
  else if (!generated || column.type === 'uuid') sql += ` ${fullType(column)}`;
  if (column.generatedType === 'STORED' && typeof column.asExpression === 'string') sql += ` GENERATED ALWAYS AS (${column.asExpression}) STORED`;
  if (typeof column.charset === 'string') sql += ` CHARACTER SET "${column.charset}"`;
  if (typeof column.collation === 'string') sql += ` COLLATE "${column.collation}"`;
  if (column.isNullable !== true) sql += ' NOT NULL';
  if (has(column.default)) sql += ` DEFAULT ${String(column.default)}`;
  if (generated && column.generationStrategy === 'uuid' && !column.default) sql += ' DEFAULT uuid_generate_v4()';
  return sql;
}

const escapeComment = (comment: Static): string => (typeof comment === 'string' && comment ? `'${comment.replace(/'/g, "''").replace(/\u0000/g, '')}'` : 'NULL');

/** `CONSTRAINT "FK_…" FOREIGN KEY ("a") REFERENCES "t" ("id") ON DELETE …`, or a reason it cannot be written. */
export function foreignKeyParts(table: string, fk: Options): { name: string; columns: string; target: string; referenced: string[]; rules: string } | { error: string } {
  const columns = strings(fk.columnNames);
  const referenced = strings(fk.referencedColumnNames);
  if (!columns || !referenced || typeof fk.referencedTableName !== 'string') return { error: 'a foreign key without literal `columnNames`, `referencedTableName` and `referencedColumnNames`' };
  const rules = [fk.onDelete ? ` ON DELETE ${String(fk.onDelete)}` : '', fk.onUpdate ? ` ON UPDATE ${String(fk.onUpdate)}` : '', fk.deferrable ? ` DEFERRABLE ${String(fk.deferrable)}` : ''].join('');
  return {
    name: typeof fk.name === 'string' ? fk.name : constraintName('FK', table, columns),
    columns: columns.map((c) => `"${c}"`).join(', '),
    target: tablePath(fk.referencedTableName, fk.referencedSchema),
    referenced: referenced.map((c) => `"${c}"`),
    rules,
  };
}

export function indexSql(table: string, index: Options, schema?: Static): string | { error: string } {
  const columns = strings(index.columnNames);
  if (!columns) return { error: 'an index without literal `columnNames`' };
  const where = typeof index.where === 'string' ? index.where : undefined;
  const name = typeof index.name === 'string' ? index.name : constraintName('IDX', table, columns, where);
  return `CREATE ${index.isUnique ? 'UNIQUE ' : ''}INDEX "${name}" ON ${tablePath(table, schema)} ${index.isSpatial ? 'USING GiST ' : ''}(${columns.map((c) => `"${c}"`).join(', ')}) ${where ? `WHERE ${where}` : ''}`;
}

/** PostgresQueryRunner.createTable: enum types, the table with its constraints, then its indexes. */
export function createTableSql(table: Options, createForeignKeys: boolean, createIndices: boolean): string[] | { error: string } {
  if (typeof table.name !== 'string') return { error: 'the table has no literal `name`' };
  const name = table.name;
  const columns = list(table.columns);
  if (!Array.isArray(table.columns) || columns.length !== table.columns.length || !columns.every((c) => typeof c.name === 'string' && typeof c.type === 'string')) {
    return { error: 'its columns are not literals with a `name` and a `type`' };
  }
  const before: string[] = [];
  for (const column of columns.filter(isEnumColumn)) {
    const sql = createEnumSql(name, column, table.schema);
    if (!sql) return { error: `enum column "${String(column.name)}" has no literal \`enum\` values` };
    if (!before.includes(sql)) before.push(sql);
  }
  const parts = columns.map((c) => columnSql(name, c, table.schema));
  const uniques = list(table.uniques);
  for (const column of columns.filter((c) => c.isUnique)) {
    if (!uniques.some((u) => strings(u.columnNames)?.length === 1 && strings(u.columnNames)?.[0] === column.name)) uniques.push({ columnNames: [column.name as string] });
  }
  for (const unique of uniques) {
    const names = strings(unique.columnNames);
    if (!names) return { error: 'a unique constraint without literal `columnNames`' };
    parts.push(`CONSTRAINT "${typeof unique.name === 'string' ? unique.name : constraintName('UQ', name, names)}" UNIQUE (${names.map((c) => `"${c}"`).join(', ')})${unique.deferrable ? ` DEFERRABLE ${String(unique.deferrable)}` : ''}`);
  }
  for (const check of list(table.checks)) {
    if (typeof check.name !== 'string' || typeof check.expression !== 'string') return { error: 'a check without a literal `name` and `expression`' };
    parts.push(`CONSTRAINT "${check.name}" CHECK (${check.expression})`);
  }
  if (createForeignKeys) {
    for (const fk of list(table.foreignKeys)) {
      const fkParts = foreignKeyParts(name, { ...fk, referencedSchema: fk.referencedSchema ?? table.schema });
      if ('error' in fkParts) return fkParts;
      parts.push(`CONSTRAINT "${fkParts.name}" FOREIGN KEY (${fkParts.columns}) REFERENCES ${fkParts.target} (${fkParts.referenced.join(', ')})${fkParts.rules}`);
    }
  }
  const primary = columns.filter((c) => c.isPrimary);
  if (primary.length > 0) {
    const pkName = typeof primary[0]?.primaryKeyConstraintName === 'string' ? primary[0].primaryKeyConstraintName : constraintName('PK', name, primary.map((c) => c.name as string));
    parts.push(`CONSTRAINT "${pkName}" PRIMARY KEY (${primary.map((c) => `"${String(c.name)}"`).join(', ')})`);
  }
  let create = `CREATE TABLE ${tablePath(name, table.schema)} (${parts.join(', ')})`;
  for (const column of columns.filter((c) => c.comment)) create += `; COMMENT ON COLUMN ${tablePath(name, table.schema)}."${String(column.name)}" IS ${escapeComment(column.comment)}`;
  const indexes: string[] = [];
  if (createIndices) {
    for (const index of list(table.indices)) {
      const sql = indexSql(name, index, table.schema);
      if (typeof sql !== 'string') return sql;
      indexes.push(sql);
    }
  }
  return [...before, create, ...indexes];
}
