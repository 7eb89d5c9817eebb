/**
 * Values for a seeded column, as SQL expressions of the row number `i` (from `generate_series`):
 * the first candidate gives distinct, realistic-enough values for the column's type; the others
 * are tried in order when the column has a CHECK constraint (or a domain) the first one breaks.
 */

export interface SeedColumn {
  name: string;
  /** As `format_type` writes it (`numeric(10,2)`, `character varying(40)`, `"user_role"`). */
  type: string;
  /** The type's name, or its base type's for a domain (`int4`, `varchar`, `uuid`). */
  baseName: string;
  /** `e` for an enum, `d` for a domain, `b` for a base type… (pg_type.typtype). */
  typtype: string;
  /** pg_type.typcategory of the (base) type: `A` for arrays. */
  category: string;
  typmod: number;
}

const INTEGER = new Set(['int2', 'int4', 'int8', 'oid']);
const NUMBER = new Set(['numeric', 'float4', 'float8', 'money']);
const TEXT = new Set(['text', 'varchar', 'bpchar', 'name', 'citext']);

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** `numeric(p, s)`: how many digits the integer part may have (undefined when unconstrained). */
function integerDigits(column: SeedColumn): number | undefined {
  if (column.baseName !== 'numeric' || column.typmod < 4) return undefined;
  const packed = column.typmod - 4;
  return ((packed >> 16) & 0xffff) - (packed & 0xffff);
}

/** `varchar(n)` / `char(n)`: the length limit. */
const lengthLimit = (column: SeedColumn): number | undefined => (column.baseName === 'varchar' || column.baseName === 'bpchar') && column.typmod >= 4 ? column.typmod - 4 : undefined;

/**
 * Candidate expressions for `column`, best first; `salt` keeps uuids of different columns apart,
 * `checkLiterals` are the string literals of its CHECK constraints (`status IN ('a', 'b')`).
 */
export function candidates(column: SeedColumn, salt: string, checkLiterals: readonly string[]): string[] {
  const name = column.baseName;
  if (column.typtype === 'e') return [`(enum_range(NULL::${column.type}))[1 + i % array_length(enum_range(NULL::${column.type}), 1)]`];
  if (column.category === 'A') return ["'{}'"];
  if (INTEGER.has(name)) return [name === 'int2' ? 'i % 32767' : 'i', '1 + i % 5', 'i % 2', '1', '0', '-i'];
  if (NUMBER.has(name)) {
    const digits = integerDigits(column);
    const modulo = digits === undefined ? undefined : 10 ** Math.min(digits, 9);
    const spread = modulo === undefined ? 'i' : modulo <= 1 ? '0' : `i % ${modulo}`;
    return [spread, '1 + i % 5', '1', '0'];
  }
  if (TEXT.has(name)) {
    const limit = lengthLimit(column);
    const fit = (expression: string) => (limit === undefined ? expression : `left(${expression}, ${limit})`);
    const list: string[] = [];
    if (checkLiterals.length > 0) list.push(`(ARRAY[${checkLiterals.map(literal).join(', ')}])[1 + i % ${checkLiterals.length}]`);
    if (/e-?mail/i.test(column.name)) list.push(fit("'user' || i || '@example.com'"));
    // Then letters only (a CHECK like `code ~ '^[A-Z]{3}$'`), digits only, and a constant.
    list.push(
      fit('md5(i::text)'),
      fit("'x' || i"),
      fit("translate(upper(md5(i::text)), '0123456789', 'GHIJKLMNOP')"),
      fit("translate(md5(i::text), '0123456789', 'ghijklmnop')"),
      fit("lpad(i::text, 10, '0')"),
      "'a'",
    );
    return list;
  }
  switch (name) {
    case 'uuid':
      return [`md5(i::text || ${literal(salt)})::uuid`];
    case 'bool':
      return ['i % 2 = 0', 'true', 'false'];
    case 'date':
      return ["date '2024-01-01' + i % 3650"];
    case 'timestamp':
    case 'timestamptz':
      return ["timestamp '2024-01-01' + i * interval '1 minute'"];
    case 'time':
    case 'timetz':
      return ["time '00:00' + (i % 86400) * interval '1 second'"];
    case 'interval':
      return ["i * interval '1 second'"];
    case 'json':
    case 'jsonb':
      return ["json_build_object('n', i)"];
    case 'bytea':
      return ["decode(md5(i::text), 'hex')"];
    case 'inet':
    case 'cidr':
      return ["'10.0.0.0'::inet + i"];
    case 'tsvector':
      return ["to_tsvector('simple', md5(i::text))"];
    default:
      return [];
  }
}

/** The string literals of a CHECK constraint's definition (`= ANY (ARRAY['a'::text, 'b'::text])`). */
export const stringLiterals = (definition: string): string[] => [...definition.matchAll(/'((?:[^']|'')*)'/g)].map((m) => (m[1] as string).replace(/''/g, "'"));
