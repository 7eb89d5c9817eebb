/**
 * A migration file as a list of statements, each with the line it starts on, so that a statement
 * the parser rejects can be reported where it is and the others still applied. Only quoting and
 * comments are understood here (strings, quoted identifiers, PostgreSQL dollar quotes, nested
 * block comments): enough to find the semicolons that end statements, nothing more.
 */
import { LineIndex } from '../../position.js';
import type { SqlDialect } from '../types.js';

export interface SqlStatement {
  text: string;
  /** 0-based offset of the statement's first character in the file. */
  offset: number;
  line: number;
}

/**
 * `-- migrate:up` / `-- migrate:down` (dbmate), `-- +goose Up` / `-- +goose Down` and
 * `-- +migrate Up` / `-- +migrate Down` (sql-migrate): one file holds both directions, and only
 * the up part is applied. Everything else is blanked out, newlines kept, so lines stay right.
 */
const UP = /^\s*--\s*(?:migrate:up|\+goose\s+up|\+migrate\s+up)\b/i;
const DOWN = /^\s*--\s*(?:migrate:down|\+goose\s+down|\+migrate\s+down)\b/i;

export function upSection(text: string): string {
  const lines = text.split('\n');
  if (!lines.some((line) => UP.test(line) || DOWN.test(line))) return text;
  let keep = false;
  return lines
    .map((line) => {
      if (UP.test(line)) keep = true;
      else if (DOWN.test(line)) keep = false;
      else if (keep) return line;
      return ' '.repeat(line.length);
    })
    .join('\n');
}

export function splitStatements(text: string, dialect: SqlDialect): SqlStatement[] {
  const statements: SqlStatement[] = [];
  const lines = new LineIndex(text);
  let start = -1;
  const end = (at: number) => {
    if (start >= 0) statements.push({ text: text.slice(start, at).trimEnd(), offset: start, line: lines.line(start) });
    start = -1;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if ((c === '-' && next === '-') || (c === '#' && dialect === 'mysql')) {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? text.length : newline + 1;
    } else if (c === '/' && next === '*') {
      i = skipBlockComment(text, i, dialect === 'postgresql');
    } else if (c === ';') {
      end(i);
      i++;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else {
      if (start < 0) start = i;
      i = skipToken(text, i, dialect);
    }
  }
  end(text.length);
  return statements;
}

/** Past a string, quoted identifier or dollar-quoted body starting at `i`, or one character on. */
function skipToken(text: string, i: number, dialect: SqlDialect): number {
  const c = text[i];
  if (c === "'") {
    // MySQL strings and PostgreSQL E'…' strings take backslash escapes; standard strings do not.
    const backslash = dialect === 'mysql' || (dialect === 'postgresql' && /[eE]/.test(text[i - 1] ?? '') && !/\w/.test(text[i - 2] ?? ''));
    return skipQuoted(text, i, "'", backslash);
  }
  if (c === '"' || c === '`') return skipQuoted(text, i, c, false);
  if (c === '$' && dialect === 'postgresql') {
    const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64))?.[0];
    if (tag) {
      const close = text.indexOf(tag, i + tag.length);
      return close < 0 ? text.length : close + tag.length;
    }
  }
  return i + 1;
}

function skipQuoted(text: string, i: number, quote: string, backslash: boolean): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (backslash && c === '\\') j += 2;
    else if (c === quote) {
      if (text[j + 1] !== quote) return j + 1;
      j += 2; // a doubled quote is the quote character itself
    } else j++;
  }
  return text.length;
}

function skipBlockComment(text: string, i: number, nested: boolean): number {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    if (text[j] === '/' && text[j + 1] === '*') {
      depth = nested || depth === 0 ? depth + 1 : depth;
      j += 2;
    } else if (text[j] === '*' && text[j + 1] === '/') {
      depth--;
      j += 2;
      if (depth <= 0) return j;
    } else j++;
  }
  return text.length;
}
