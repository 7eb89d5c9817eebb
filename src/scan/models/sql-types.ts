/**
 * One spelling per SQL type, so that rules can compare a foreign key's type with the key it
 * references (`db/fk-type-match`) whichever way the migration or the ORM wrote it: `int4`,
 * `INTEGER` and `serial` are all `integer`; `character varying(20)` is `varchar(20)`;
 * `timestamp(3) with time zone` is `timestamptz(3)`. Lower case, parameters without spaces, array
 * suffixes kept; names we do not know (enums, domains, extension types) are kept as written.
 */

const ALIASES: Readonly<Record<string, string>> = {
  int: 'integer', int4: 'integer', integer: 'integer', serial: 'integer', serial4: 'integer',
  int8: 'bigint', bigint: 'bigint', bigserial: 'bigint', serial8: 'bigint',
  int2: 'smallint', smallint: 'smallint', smallserial: 'smallint', serial2: 'smallint',
  bool: 'boolean', boolean: 'boolean',
  varchar: 'varchar', 'character varying': 'varchar', 'char varying': 'varchar',
  char: 'char', character: 'char', bpchar: 'char',
  decimal: 'numeric', numeric: 'numeric',
  float8: 'double precision', double: 'double precision', 'double precision': 'double precision',
  float4: 'real', real: 'real',
  timestamptz: 'timestamptz', timetz: 'timetz',
};

/** Integer types whose parameter is MySQL's display width, which says nothing about the values. */
const INTEGERS = new Set(['integer', 'bigint', 'smallint', 'tinyint', 'mediumint']);

const SERIALS = new Set(['serial', 'serial2', 'serial4', 'serial8', 'bigserial', 'smallserial']);

const TYPE = /^([a-z_][a-z0-9_]*(?: (?:varying|precision))?)(?:\(([^)]*)\))?(?: (.*))?$/;

export function normalizeSqlType(raw: string): string {
  let text = raw.trim();
  // A quoted name is a user type (an enum) whose case matters; built-in names are case-blind.
  const quoted = /^["`]/.test(text);
  text = text.replace(/["`]/g, '');
  if (!quoted) text = text.toLowerCase();
  text = text.replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1').replace(/\)(?=[a-z])/g, ') ');
  const array = /(\[\d*\])+$/.exec(text)?.[0] ?? '';
  if (array) text = text.slice(0, -array.length).trim();
  const match = quoted ? null : TYPE.exec(text);
  if (!match) return text + array;
  const [, base = '', params, rest] = match;
  let name = ALIASES[base] ?? base;
  let suffix = rest ?? '';
  if ((name === 'timestamp' || name === 'time') && /^with time zone$/.test(suffix)) {
    name = name === 'timestamp' ? 'timestamptz' : 'timetz';
    suffix = '';
  } else if (/^without time zone$/.test(suffix)) suffix = '';
  const keepParams = params !== undefined && params !== '' && !INTEGERS.has(name);
  return `${name}${keepParams ? `(${params})` : ''}${suffix ? ` ${suffix}` : ''}${array}`;
}

/** `serial`, `bigserial`…: an integer whose default comes from a sequence. */
export const isSerialType = (raw: string): boolean => SERIALS.has(raw.trim().toLowerCase());

/** The default we record for every auto-generated key (sequence, identity, AUTO_INCREMENT). */
export const AUTOINCREMENT = 'autoincrement()';
