/**
 * Whether a schema's type changed in a way that breaks its readers: a request may widen what it
 * accepts (integer → number) but not narrow it; a response may narrow what it returns but not widen.
 * `format` counts as part of the type (int32 → int64 in a response overflows 32-bit clients).
 */
export type Direction = 'request' | 'response';

/** The JSON types a schema allows (3.0 `nullable` adds null), or undefined when it does not say. */
export function typesOf(schema: Record<string, unknown>): string[] | undefined {
  const { type } = schema;
  const types = typeof type === 'string' ? [type] : Array.isArray(type) ? type.filter((t): t is string => typeof t === 'string') : undefined;
  if (!types) return undefined;
  return schema.nullable === true && !types.includes('null') ? [...types, 'null'] : types;
}

const accepts = (types: readonly string[], type: string) => types.includes(type) || (type === 'integer' && types.includes('number'));

/** Formats where one holds every value of another. */
const WIDER: Record<string, string[]> = { int64: ['int32'], double: ['float'], number: ['int32', 'int64', 'float', 'double'] };
const formatHolds = (outer: string, inner: string) => outer === inner || (WIDER[outer] ?? []).includes(inner);

/** A sentence saying how the type changed, when the change breaks readers in this direction. */
export function typeChange(base: Record<string, unknown>, next: Record<string, unknown>, direction: Direction): string | undefined {
  const [before, after] = [typesOf(base), typesOf(next)];
  if (!before || !after) return undefined;
  // What the writer may now produce must be what the reader already takes.
  const [written, read] = direction === 'request' ? [before, after] : [after, before];
  if (!written.every((type) => accepts(read, type))) return `type changed from ${describe(before, base)} to ${describe(after, next)}`;
  const [fb, fa] = [base.format, next.format];
  if (typeof fb !== 'string' || typeof fa !== 'string' || fb === fa) return undefined;
  const [writtenFormat, readFormat] = direction === 'request' ? [fb, fa] : [fa, fb];
  return formatHolds(readFormat, writtenFormat) ? undefined : `type changed from ${describe(before, base)} to ${describe(after, next)}`;
}

function describe(types: readonly string[], schema: Record<string, unknown>): string {
  const format = typeof schema.format === 'string' ? ` (${schema.format})` : '';
  return `${types.join(' | ')}${format}`;
}
