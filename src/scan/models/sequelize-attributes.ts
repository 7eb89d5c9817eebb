/**
 * Sequelize attribute definitions → fields: `email: { type: DataTypes.STRING(320), allowNull:
 * false, unique: true, field: 'email_address', defaultValue: … }` or the short `DataTypes.TEXT`;
 * and `indexes` entries. Types as Sequelize creates them on PostgreSQL (`STRING` → varchar(255),
 * `DATE` → timestamptz, `ENUM` → the `enum_<table>_<column>` type it creates).
 */
import type { Argument, Expression } from 'oxc-parser';
import type { Model, ModelField, ModelIndex } from '../../registry/schema.js';
import type { ParsedModule } from '../parse.js';
import { asObject, booleanValue, dottedName, lastName, literalValue, numberValue, properties, sourceText, stringValue, unwrap } from './js-ast.js';
import { AUTOINCREMENT, normalizeSqlType } from './sql-types.js';

export interface Defined {
  model: Model;
  /** The variable or class the code refers to the model by. */
  binding: string;
  columns: Map<string, string>;
  underscored: boolean;
  references: { field: ModelField; model: string; key: string }[];
}

export const snakeCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

export function readAttribute(key: string, value: Expression, entry: Defined, module: ParsedModule): ModelField {
  const options = asObject(value) ? properties(value) : new Map<string, Expression>([['type', value]]);
  const primaryKey = booleanValue(options.get('primaryKey')) === true;
  const column = stringValue(options.get('field')) ?? (entry.underscored ? snakeCase(key) : key);
  const type = dataType(options.get('type'), module);
  const field: ModelField = {
    name: key,
    // On PostgreSQL an ENUM attribute is a type Sequelize creates as `enum_<table>_<column>`.
    type: type === 'enum' ? `enum_${entry.model.table}_${column}` : type,
    nullable: !primaryKey && booleanValue(options.get('allowNull')) !== false,
    primaryKey,
    unique: booleanValue(options.get('unique')) === true,
  };
  const text = options.has('defaultValue') ? defaultValue(options.get('defaultValue') as Expression, module) : booleanValue(options.get('autoIncrement')) ? AUTOINCREMENT : null;
  if (text !== null) field.default = text;
  entry.columns.set(key, column);
  const references = properties(options.get('references'));
  const target = stringValue(references.get('model')) ?? dottedName(references.get('model'));
  if (target) entry.references.push({ field, model: target, key: stringValue(references.get('key')) ?? 'id' });
  return field;
}

const DATA_TYPES: Readonly<Record<string, string>> = {
  STRING: 'varchar(255)', CHAR: 'char(255)', TEXT: 'text', CITEXT: 'citext', INTEGER: 'integer', BIGINT: 'bigint', SMALLINT: 'smallint',
  TINYINT: 'tinyint', MEDIUMINT: 'mediumint', FLOAT: 'float', REAL: 'real', DOUBLE: 'double precision', DECIMAL: 'numeric',
  BOOLEAN: 'boolean', DATE: 'timestamptz', DATEONLY: 'date', TIME: 'time', NOW: 'timestamptz', UUID: 'uuid', UUIDV1: 'uuid', UUIDV4: 'uuid',
  JSON: 'json', JSONB: 'jsonb', BLOB: 'bytea', ENUM: 'enum', INET: 'inet', CIDR: 'cidr', MACADDR: 'macaddr', GEOMETRY: 'geometry',
};

/** `DataTypes.STRING(100)` → `varchar(100)`, `DataTypes.DECIMAL(10, 2)` → `numeric(10,2)`, `ARRAY(…)` → `…[]`. */
function dataType(node: Argument | undefined, module: ParsedModule): string {
  const value = unwrap(node);
  const call = value?.type === 'CallExpression' ? value : undefined;
  const name = lastName(call ? call.callee : value) ?? (stringValue(value)?.toUpperCase() as string | undefined);
  if (!name) return value ? sourceText(module, value) : 'unknown';
  if (name === 'ARRAY') return `${dataType(call?.arguments[0], module)}[]`;
  const base = DATA_TYPES[name] ?? name.toLowerCase();
  const numbers = (call?.arguments ?? []).map(numberValue).filter((n): n is number => n !== undefined);
  if (numbers.length === 0) return base;
  return normalizeSqlType(`${base.replace(/\(.*\)$/, '')}(${numbers.join(',')})`);
}

function defaultValue(node: Expression, module: ParsedModule): string | null {
  const value = literalValue(node);
  if (value === null) return null;
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (value !== undefined) return String(value);
  const name = lastName(node);
  if (name === 'NOW') return 'now()';
  if (name === 'UUIDV4' || name === 'UUIDV1') return 'uuid()';
  const call = unwrap(node);
  if (call?.type === 'CallExpression' && lastName(call.callee) === 'literal') return stringValue(call.arguments[0]) ?? sourceText(module, call);
  return sourceText(module, node);
}

export function readIndex(node: Argument | null, entry: Defined): ModelIndex | undefined {
  const options = properties(node);
  const list = unwrap(options.get('fields'));
  if (list?.type !== 'ArrayExpression') return undefined;
  // Index fields may name attributes or columns; both are matched to the attribute.
  const fields = list.elements
    .map((e) => stringValue(e) ?? stringValue(properties(e).get('attribute')) ?? stringValue(properties(e).get('name')))
    .filter((f): f is string => f !== undefined)
    .map((f) => (entry.columns.has(f) ? f : ([...entry.columns].find(([, column]) => column === f)?.[0] ?? f)));
  const unique = booleanValue(options.get('unique')) === true;
  const name = stringValue(options.get('name')) ?? snakeCase(`${entry.model.table}_${list.elements.map((e) => stringValue(e) ?? '').join('_')}`);
  return { name, fields, unique };
}
