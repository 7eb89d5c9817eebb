/**
 * Column types as the database sees them, whichever source wrote them: a Prisma type (`String
 * @db.Uuid`, `BigInt`) becomes the SQL type Prisma creates; SQL and ORM types are already in the
 * scanner's one spelling (`normalizeSqlType`). `typeKey` then keeps what decides whether a foreign
 * key can reference a key: the type, not its length or precision, string types counting as one.
 */
import type { Model } from '../../../registry/schema.js';
import { normalizeSqlType } from '../../../scan/models/sql-types.js';

/** Prisma's scalar types on PostgreSQL when no native type is given. */
const PRISMA_SCALARS: Readonly<Record<string, string>> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Decimal: 'numeric',
  Boolean: 'boolean',
  DateTime: 'timestamp',
  Json: 'jsonb',
  Bytes: 'bytea',
};

/** The SQL type of a field, or undefined when it is not known (`unknown`, an enum Prisma names). */
export function sqlType(model: Pick<Model, 'kind'>, type: string): string | undefined {
  if (type === '' || type === 'unknown') return undefined;
  if (model.kind !== 'prisma') return normalizeSqlType(type);
  const match = /^(\w+)(\[\])?(?:\s+@db\.(\w+)(?:\((.*)\))?)?$/.exec(type.trim());
  if (!match) return undefined;
  const [, scalar = '', list = '', native, params] = match;
  const base = native ? normalizeSqlType(`${native}${params ? `(${params})` : ''}`) : PRISMA_SCALARS[scalar];
  return base === undefined ? undefined : `${base}${list}`;
}

const STRING_TYPES = new Set(['text', 'varchar', 'char', 'nvarchar', 'nchar', 'tinytext', 'mediumtext', 'longtext', 'string', 'citext']);

/** `varchar(36)` and `text` → `string`; `numeric(10,2)` → `numeric`; `integer unsigned` stays itself. */
export function typeKey(type: string): string {
  const withoutParams = type.replace(/\([^)]*\)/g, '').replace(/\s+/g, ' ').trim();
  const [base = '', ...rest] = withoutParams.split(' ');
  const head = STRING_TYPES.has(base) ? 'string' : base;
  return [head, ...rest].join(' ');
}

/** Text types a comma list could be stored in (not arrays, JSON or enums). */
export const isTextType = (type: string): boolean => !type.endsWith(']') && typeKey(type) === 'string';
