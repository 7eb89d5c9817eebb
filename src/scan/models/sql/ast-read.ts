/**
 * Readers for node-sql-parser AST parts: names, types, defaults, column definitions, constraints.
 * The three grammars shape the same thing differently (a column name is `"id"` in MySQL,
 * `{ expr: { value: 'id' } }` in PostgreSQL; an index name a string or `{ schema, name }`), so
 * every read is tolerant, and anything not understood reads as undefined rather than throwing.
 */
import { AUTOINCREMENT, isSerialType, normalizeSqlType } from '../sql-types.js';
import type { SqlDialect } from '../types.js';
import type { ColumnDef, ConstraintDef } from './ops.js';
import { PRIMARY_KEY_OF_TARGET } from './ops.js';
import { exprToSql } from './parser.js';

export type Node = Record<string, unknown>;
export const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
export const word = (value: unknown): string => (typeof value === 'string' ? value.toLowerCase() : '');

/** A name in any of the shapes the grammars produce. */
export function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!isNode(value)) return undefined;
  if (value.type === 'column_ref') return nameOf(value.column);
  if ('expr' in value) return nameOf(value.expr);
  if (typeof value.value === 'string') return value.value;
  if (typeof value.name === 'string') return value.name;
  return undefined;
}

/** `public.users` is `users`; other schemas stay in the name (`auth.users`). */
const qualify = (schema: unknown, name: string) => (typeof schema === 'string' && schema !== '' && schema.toLowerCase() !== 'public' ? `${schema}.${name}` : name);

export function tableOf(value: unknown): string | undefined {
  if (!isNode(value)) return nameOf(value);
  const name = nameOf(value.table) ?? nameOf(value.name);
  return name === undefined ? undefined : qualify(value.db ?? value.schema, name);
}

export function typeOf(definition: unknown): string {
  if (!isNode(definition)) return 'unknown';
  let text = String(definition.dataType ?? 'unknown');
  const { length, scale } = definition;
  // `int8`, `float4`: the grammar reads the size suffix as a length given without parentheses.
  if (typeof length === 'number' && definition.parentheses !== true && /^(INT|FLOAT)$/i.test(text)) text += String(length);
  else if (typeof length === 'number') text += `(${length}${typeof scale === 'number' ? `,${scale}` : ''})`;
  if (isNode(definition.expr) && Array.isArray(definition.expr.value)) {
    text += `(${definition.expr.value.map((v) => `'${nameOf(v) ?? ''}'`).join(',')})`; // MySQL ENUM('a', 'b')
  }
  const suffix = list(definition.suffix).filter((s): s is string => typeof s === 'string');
  if (suffix.length > 0) text += ` ${suffix.join(' ')}`;
  if (isNode(definition.array)) text += '[]'.repeat(Number(definition.array.dimension ?? 1));
  return normalizeSqlType(text);
}

/** Defaults spelled as written where the AST allows (`'EUR'`, `now()`, `'{}'::jsonb`). */
export function renderDefault(expr: unknown, dialect: SqlDialect): string | null {
  if (!isNode(expr)) return null;
  switch (expr.type) {
    case 'null':
      return null;
    case 'single_quote_string':
      return `'${String(expr.value).replace(/'/g, "''")}'`;
    case 'number':
    case 'bool':
      return String(expr.value).toLowerCase();
    case 'function': {
      const name = isNode(expr.name) ? list(expr.name.name).map(nameOf).join('.') : nameOf(expr.name);
      if (!isNode(expr.args)) return name ?? null;
      return `${name}(${list(expr.args.value).map((arg) => renderDefault(arg, dialect) ?? 'NULL').join(', ')})`;
    }
    case 'cast': {
      const target = list(expr.target)[0];
      if (expr.symbol === '::' && isNode(target)) return `${renderDefault(expr.expr, dialect)}::${typeOf(target)}`;
      return exprToSql(expr, dialect) || null;
    }
    default:
      return exprToSql(expr, dialect) || null;
  }
}

/** An index or key column: a name, or an expression's text (`lower(email)`), which no field matches. */
export function keyColumn(value: unknown, dialect: SqlDialect): string {
  if (isNode(value) && (value.type === 'column_ref' || value.type === 'double_quote_string' || value.type === 'default' || value.type === 'backticks_quote_string')) {
    return nameOf(value) ?? '?';
  }
  if (typeof value === 'string') return value;
  return exprToSql(value, dialect) || '?';
}

export function columnDef(item: Node, dialect: SqlDialect): ColumnDef | undefined {
  const name = nameOf(item.column);
  if (name === undefined) return undefined;
  const dataType = isNode(item.definition) ? String(item.definition.dataType ?? '') : '';
  const def: ColumnDef = { name, type: typeOf(item.definition) };
  const nullable = isNode(item.nullable) ? word(item.nullable.type) : '';
  if (nullable) def.notNull = nullable === 'not null';
  if (isNode(item.default_val) && item.default_val.value !== undefined) def.default = renderDefault(item.default_val.value, dialect);
  else if (item.auto_increment || item.generated_by_default || isSerialType(dataType)) def.default = AUTOINCREMENT;
  if (/primary/.test(word(item.primary_key))) def.primaryKey = true;
  if (/unique/.test(word(item.unique))) def.unique = true;
  const constraint = isNode(item.constraint) ? nameOf(item.constraint.constraint) : undefined;
  if (constraint) def.constraintName = constraint;
  const reference = referenceOf(item.reference_definition, dialect);
  if (reference) def.references = { table: reference.table, columns: reference.columns };
  return def;
}

function referenceOf(value: unknown, dialect: SqlDialect): { table: string; columns: string[] } | undefined {
  if (!isNode(value)) return undefined;
  const table = tableOf(list(value.table)[0]);
  if (!table) return undefined;
  const columns = list(value.definition).map((c) => keyColumn(c, dialect));
  return { table, columns: columns.length > 0 ? columns : [PRIMARY_KEY_OF_TARGET] };
}

export function constraintDef(item: unknown, dialect: SqlDialect): ConstraintDef | undefined {
  if (!isNode(item)) return undefined;
  const kind = word(item.constraint_type);
  const name = nameOf(item.constraint) ?? nameOf(item.index);
  const columns = list(item.definition).map((c) => keyColumn(c, dialect));
  if (item.resource === 'index') return { kind: 'index', name, columns };
  if (kind === 'primary key') return { kind: 'primaryKey', name, columns };
  if (kind.startsWith('unique')) return { kind: 'unique', name, columns };
  if (kind === 'foreign key') {
    const reference = referenceOf(item.reference_definition, dialect);
    return reference && { kind: 'foreignKey', name, columns, table: reference.table, refColumns: reference.columns };
  }
  return undefined; // CHECK, EXCLUDE…: nothing the models record
}
