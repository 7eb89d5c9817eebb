/**
 * knex column types and defaults as its PostgreSQL dialect writes them (knex's pg column
 * compiler): `t.string('email', 100)` is `varchar(100)`, `t.enu('s', ['a', 'b'])` is
 * `text check ("s" in ('a', 'b'))`, `defaultTo(false)` on a boolean is `default '0'`.
 */
import { quoteName, quoteString } from './pg-text.js';
import { isRecord, type Static } from './static-values.js';

export interface ColumnType {
  /** The type as written after the column name. */
  type: string;
  /** serial / bigserial: knex writes no null or default modifier for them. */
  increments?: boolean;
  /** Writes ` primary key` after the type unless the table declares a primary key of its own. */
  primaryKey?: boolean;
  /** How `defaultTo` writes its value. */
  defaults?: 'bool' | 'json';
  /** Statements the column needs before the table statement (a native enum's `create type`). */
  before?: string[];
}

/** Every method of knex's table builder that adds a column, by the name the migration calls. */
export const COLUMN_METHODS = new Set([
  'increments', 'bigIncrements', 'bigincrements', 'integer', 'mediumint', 'bigInteger', 'biginteger', 'bigint', 'tinyint', 'smallint',
  'string', 'varchar', 'text', 'boolean', 'bool', 'date', 'time', 'datetime', 'dateTime', 'timestamp', 'float', 'double', 'decimal',
  'uuid', 'json', 'jsonb', 'binary', 'enu', 'enum', 'specificType',
]);

const SIMPLE: Record<string, string> = {
  integer: 'integer', mediumint: 'integer', bigInteger: 'bigint', biginteger: 'bigint', bigint: 'bigint', tinyint: 'smallint', smallint: 'smallint',
  text: 'text', date: 'date', time: 'time', float: 'real', double: 'double precision', binary: 'bytea',
};

/** knex's `_num` / `toNumber`: an integer, or the fallback when absent or not a number. */
const toNumber = (value: Static, fallback: number): number => {
  if (value === undefined || value === null) return fallback;
  const number = Number.parseInt(String(value), 10);
  return Number.isNaN(number) ? fallback : number;
};

/** The column type for `t.<method>(name, ...rest)`; a message when the arguments cannot be written. */
export function columnType(method: string, rest: readonly Static[], schema: string | undefined, column: string): ColumnType | { error: string } {
  const [first, second] = rest;
  const simple = SIMPLE[method];
  if (simple) return { type: simple };
  switch (method) {
    case 'increments':
    case 'bigIncrements':
    case 'bigincrements':
      return { type: method === 'increments' ? 'serial' : 'bigserial', increments: true, primaryKey: !isRecord(first) || first.primaryKey !== false };
    case 'string':
    case 'varchar':
      return { type: `varchar(${toNumber(first, 255)})` };
    case 'boolean':
    case 'bool':
      return { type: 'boolean', defaults: 'bool' };
    case 'json':
    case 'jsonb':
      return { type: method, defaults: 'json' };
    case 'uuid':
      return { type: 'uuid', primaryKey: isRecord(first) && first.primaryKey === true };
    case 'datetime':
    case 'dateTime':
    case 'timestamp':
      return { type: dateTimeType(first, second) };
    case 'decimal':
      return { type: first === null ? 'decimal' : `decimal(${toNumber(first, 8)}, ${toNumber(second, 2)})` };
    case 'specificType':
      return typeof first === 'string' ? { type: first } : { error: 'its type is not a string literal' };
    case 'enu':
    case 'enum':
      return enumType(first, second, schema, column);
    default:
      return { error: 'it is not a column type' };
  }
}

/** `timestamp(name, withoutTz | { useTz, precision }, precision)`: timestamptz unless told otherwise. */
function dateTimeType(options: Static, precisionArg: Static): string {
  let useTz: Static;
  let precision = precisionArg;
  if (isRecord(options)) ({ useTz, precision } = options);
  else useTz = !options;
  const tz = typeof useTz === 'boolean' ? useTz : true;
  return `${tz ? 'timestamptz' : 'timestamp'}${precision !== undefined && precision !== null ? `(${String(precision)})` : ''}`;
}

/** Without `useNative` a text column with a check; with it a type of its own, created first unless `existingType`. */
function enumType(values: Static, options: Static, schema: string | undefined, column: string): ColumnType | { error: string } {
  const settings = isRecord(options) ? options : {};
  const list = Array.isArray(values) ? values : undefined;
  if (!settings.existingType && (!list || !list.every((v) => typeof v === 'string' || typeof v === 'number'))) {
    return { error: 'its values are not a literal list' };
  }
  const quoted = (list ?? []).map((v) => quoteString(String(v))).join(', ');
  if (!settings.useNative) return { type: `text check (${quoteName(column)} in (${quoted}))` };
  if (typeof settings.enumName !== 'string') return { error: 'a native enum needs `enumName`' };
  const typeSchema = typeof settings.schemaName === 'string' ? settings.schemaName : schema;
  const name = `${typeSchema ? `"${typeSchema}".` : ''}"${settings.enumName}"`;
  return { type: name, before: settings.existingType ? [] : [`create type ${name} as enum (${quoted})`] };
}

/** `defaultTo(value)` as knex writes a literal default (`formatDefault`); undefined when it has no SQL spelling. */
export function defaultSql(value: Static, defaults: ColumnType['defaults']): string | undefined {
  if (value === null) return 'null';
  if (defaults === 'bool' && (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string')) {
    return `'${value === 'false' || !value ? 0 : 1}'`;
  }
  if (defaults === 'json' && typeof value === 'object') return quoteString(JSON.stringify(value));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return quoteString(String(value));
  return undefined;
}

/** `comment('…')` on a column: single quotes doubled unless already doubled; empty is NULL. */
export const commentSql = (comment: string): string => (comment ? `'${comment.replace(/(?<!')'(?!')/g, "''")}'` : 'NULL');
