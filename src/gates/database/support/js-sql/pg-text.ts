/**
 * PostgreSQL text the way the libraries write it: identifiers quoted as knex's pg dialect quotes
 * them (`"a"."b"`), literal values escaped, and a statement's parameters written into it (knex's
 * `?` / `??` bindings, node-postgres' `$1`) so the statement runs on its own.
 */
import type { Static } from './static-values.js';

/** knex's `formatter.wrap` on pg: each dot-separated part trimmed and double-quoted, `*` left bare. */
export function quoteName(name: string): string {
  return name
    .split('.')
    .map((part) => part.trim())
    .map((part) => (part === '*' ? part : `"${part.replace(/"/g, '""')}"`))
    .join('.');
}

export const quoteNames = (names: readonly string[]): string => names.map(quoteName).join(', ');

/** A string literal, `E'…'` when it holds a backslash (as knex's pg client writes it). */
export function quoteString(text: string): string {
  const body = text.replace(/\\/g, '\\\\').replace(/'/g, "''");
  return text.includes('\\') ? `E'${body}'` : `'${body}'`;
}

/** A scalar as SQL; undefined for arrays and objects, which have no single spelling. */
export function literal(value: Static): string | undefined {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return quoteString(value);
  return undefined;
}

export type Filled = { sql: string } | { error: string };

/** `knex.raw(sql, [values])`: `?` is a value, `??` an identifier, `\?` a literal question mark. */
export function fillKnexBindings(sql: string, values: readonly Static[]): Filled {
  let index = 0;
  let error: string | undefined;
  const filled = sql.replace(/\\\?|\?\??/g, (match) => {
    if (match === '\\?') return '?';
    if (index >= values.length) {
      error ??= values.length === 0
        ? 'it has a `?` placeholder and no bindings (knex reads `?` as one; write `\\?` for a question mark)'
        : `it has more placeholders than the ${values.length} binding${values.length === 1 ? '' : 's'} given`;
      return match;
    }
    const value = values[index++] as Static;
    if (match === '??') {
      if (typeof value === 'string') return quoteName(value);
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return quoteNames(value as string[]);
      error ??= 'a `??` binding is not a column name';
      return match;
    }
    const text = literal(value);
    if (text === undefined) error ??= 'a binding is an array or object';
    return text ?? match;
  });
  if (!error && index < values.length) error = `it has ${index} placeholder${index === 1 ? '' : 's'} for ${values.length} bindings`;
  return error ? { error } : { sql: filled };
}

/** `query(sql, [values])` on node-postgres: `$n` outside strings, quoted names, comments and dollar quotes. */
export function fillPgParameters(sql: string, values: readonly Static[]): Filled {
  let out = '';
  let i = 0;
  let error: string | undefined;
  while (i < sql.length) {
    const skipped = skipQuoted(sql, i);
    if (skipped > i) {
      out += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    const placeholder = /^\$(\d+)/.exec(sql.slice(i));
    if (placeholder && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const position = Number(placeholder[1]);
      const text = position >= 1 && position <= values.length ? literal(values[position - 1] as Static) : undefined;
      if (text === undefined) error ??= position > values.length ? `$${position} has no parameter` : `parameter $${position} is an array or object`;
      out += text ?? placeholder[0];
      i += placeholder[0].length;
      continue;
    }
    out += sql[i];
    i++;
  }
  return error ? { error } : { sql: out };
}

/** The end of a quoted string, quoted name, comment or dollar-quoted body starting at `i`; `i` when none starts there. */
function skipQuoted(sql: string, i: number): number {
  const rest = sql.slice(i);
  if (rest.startsWith('--')) {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end;
  }
  if (rest.startsWith('/*')) {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  const quote = sql[i];
  if (quote === "'" || quote === '"') {
    const escapes = quote === "'" && /[eE]/.test(sql[i - 1] ?? '') && !/\w/.test(sql[i - 2] ?? '');
    let j = i + 1;
    while (j < sql.length) {
      if (escapes && sql[j] === '\\') j += 2;
      else if (sql[j] === quote && sql[j + 1] === quote) j += 2;
      else if (sql[j] === quote) return j + 1;
      else j++;
    }
    return sql.length;
  }
  const tag = /^\$(?:[A-Za-z_][\w]*)?\$/.exec(rest);
  if (tag && !/[\w$]/.test(sql[i - 1] ?? '')) {
    const end = sql.indexOf(tag[0], i + tag[0].length);
    return end < 0 ? sql.length : end + tag[0].length;
  }
  return i;
}
