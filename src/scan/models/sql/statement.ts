/**
 * One statement to catalog operations: the parser first; when it rejects the statement, the
 * rewrites and then the shapes of `fallbacks.ts`; otherwise the parser's error, to be reported.
 */
import { astOps } from './ast-ops.js';
import { classifyStatement } from './classify.js';
import { quoteTypeBefore, rewriteForParser, shapeOps } from './fallbacks.js';
import type { CatalogOp } from './ops.js';
import { type ParseOutcome, type SqlSyntaxError, parseSql } from './parser.js';
import { ShapeMemo } from './templates.js';
import type { SqlDialect } from '../types.js';

export type StatementReading =
  | { ops: CatalogOp[]; via: 'skipped' | 'parser' | 'rewrite' | 'shape' }
  | { unknown: true }
  | { error: SqlSyntaxError };

/** A table with more columns of unknown types than this is not worth more attempts. */
const MAX_TYPE_REPAIRS = 16;

const memo = new ShapeMemo();

export function readStatement(sql: string, dialect: SqlDialect): StatementReading {
  const kind = classifyStatement(sql);
  if (kind === 'other') return { ops: [], via: 'skipped' };
  if (kind === 'unknown') return { unknown: true };
  // The parser reads the statement's shape: the same grammar with other names.
  const memoised = memo.read(sql, dialect, (template) => {
    const parsed = parseSql(template, dialect);
    return 'ast' in parsed ? parsed.ast.flatMap((ast) => astOps(ast, dialect)) : undefined;
  });
  if (memoised) return { ops: memoised, via: 'parser' };
  const first = parseSql(sql, dialect);
  if ('ast' in first) return { ops: first.ast.flatMap((ast) => astOps(ast, dialect)), via: 'parser' };

  let text = rewriteForParser(sql) ?? sql;
  let outcome: ParseOutcome = text === sql ? first : parseSql(text, dialect);
  for (let tries = 0; 'error' in outcome && outcome.error.offset !== undefined && tries < MAX_TYPE_REPAIRS; tries++) {
    const quoted = quoteTypeBefore(text, outcome.error.offset);
    if (!quoted) break;
    text = quoted;
    outcome = parseSql(text, dialect);
  }
  if ('ast' in outcome) return { ops: outcome.ast.flatMap((ast) => astOps(ast, dialect)), via: 'rewrite' };

  const shaped = shapeOps(sql);
  if (shaped) return { ops: shaped, via: 'shape' };
  return { error: first.error };
}
