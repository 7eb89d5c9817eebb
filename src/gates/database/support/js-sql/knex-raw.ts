/**
 * knex's raw SQL pieces: `knex.raw(sql, bindings)` / `knex.schema.raw(…)` with its bindings
 * written in, and the SQL values a column default can be (`knex.fn.now()`, `knex.raw('…')`).
 */
import type { Argument, Expression } from 'oxc-parser';
import { unwrap } from '../../../../scan/models/js-ast.js';
import { flattenChain } from './chains.js';
import type { ReadContext } from './context.js';
import { fillKnexBindings } from './pg-text.js';
import { readStatic, type Static } from './static-values.js';

export type RawSql = { sql: string } | { error: string };

/** The arguments of `raw(sql, bindings?)`. */
export function readRawArguments(args: readonly Argument[], ctx: ReadContext): RawSql {
  const sql = readStatic(args[0], ctx.scope)?.value;
  if (typeof sql !== 'string') return { error: 'its SQL is not a string literal (or a constant made of literals)' };
  // Without bindings knex still turns `\?` into `?` and a bare `?` into a parameter nothing fills.
  if (args.length < 2) return fill(sql, []);
  const bindings = readStatic(args[1], ctx.scope);
  if (!bindings) return { error: 'its bindings are not literals' };
  if (!Array.isArray(bindings.value)) return { error: 'its bindings are not a list (named bindings are not read)' };
  return fill(sql, bindings.value as Static[]);
}

function fill(sql: string, values: Static[]): RawSql {
  const filled = fillKnexBindings(sql, values);
  return 'sql' in filled ? filled : { error: `its bindings do not fit: ${filled.error}` };
}

/** `knex.fn.now(precision?)` or `knex.raw(…)` on a database name: the SQL it stands for; undefined for anything else. */
export function readKnexSqlValue(node: Argument | undefined, ctx: ReadContext): RawSql | undefined {
  const value = unwrap(node);
  if (value?.type !== 'CallExpression') return undefined;
  const chain = flattenChain(value as Expression);
  const root = unwrap(chain.root);
  if (root?.type !== 'Identifier' || !ctx.db.has(root.name)) return undefined;
  const names = chain.links.map((l) => l.name).join('.');
  const last = chain.links[chain.links.length - 1];
  if (names === 'fn.now') {
    const precision = readStatic(last?.args?.[0], ctx.scope)?.value;
    return { sql: precision === undefined || precision === null ? 'CURRENT_TIMESTAMP' : `CURRENT_TIMESTAMP(${String(precision)})` };
  }
  if (names === 'raw' && last?.args) return readRawArguments(last.args, ctx);
  return undefined;
}
