/**
 * Where a column or constraint is written inside a CREATE TABLE statement, so that a finding can
 * point at its own line rather than the statement's first. The statement was already read by the
 * scanner's parser (what the table has is known); this only finds the text of one item of the
 * column list: literals and comments blanked, the list cut at its top-level commas.
 */
import { maskLiterals } from '../../../scan/models/sql/fallbacks.js';

export interface TableItem {
  /** The item as written, trimmed at the start. */
  text: string;
  /** Offset of its first character in the statement. */
  offset: number;
  /** The column it defines (unquoted), when it is a column definition. */
  column?: string;
}

const CONSTRAINT_WORDS = /^(?:CONSTRAINT|PRIMARY|UNIQUE|FOREIGN|CHECK|KEY|INDEX|EXCLUDE|FULLTEXT|SPATIAL|LIKE|PERIOD)\b/i;
const FIRST_NAME = /^(?:"((?:[^"]|"")+)"|`([^`]+)`|\[([^\]]+)\]|([A-Za-z_][\w$]*))/;

/** Comments blanked, newlines and lengths kept. */
const maskComments = (text: string) => text.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '));

export function tableItems(statement: string): TableItem[] {
  const masked = maskComments(maskLiterals(statement));
  const open = masked.indexOf('(');
  if (open < 0) return [];
  const items: TableItem[] = [];
  const push = (from: number, to: number) => {
    const raw = masked.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const text = statement.slice(from + lead, to).trimEnd();
    if (text === '') return;
    const item: TableItem = { text, offset: from + lead };
    const name = CONSTRAINT_WORDS.test(text) ? undefined : FIRST_NAME.exec(text);
    const column = name ? (name[1]?.replace(/""/g, '"') ?? name[2] ?? name[3] ?? name[4]) : undefined;
    if (column !== undefined) item.column = column;
    items.push(item);
  };
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < masked.length; i++) {
    const c = masked[i];
    if (c === '(') depth++;
    else if (c === ',' && depth === 1) {
      push(start, i);
      start = i + 1;
    } else if (c === ')' && --depth === 0) {
      push(start, i);
      break;
    }
  }
  return items;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const unquote = (name: string) => name.trim().replace(/^["`[]|["`\]]$/g, '');

/** The item defining `column`. */
export const columnItem = (items: readonly TableItem[], column: string): TableItem | undefined => items.find((i) => i.column !== undefined && same(i.column, column));

export type ConstraintKind = 'primaryKey' | 'unique' | 'index' | 'foreignKey';

const KIND_WORDS: Record<ConstraintKind, RegExp> = {
  primaryKey: /\bPRIMARY\s+KEY\b/i,
  unique: /\bUNIQUE\b/i,
  index: /^(?:UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?(?:INDEX|KEY)\b/i,
  foreignKey: /\bREFERENCES\b/i,
};

/**
 * The item declaring a key, unique constraint, index or foreign key: by its name (`CONSTRAINT
 * "x"`), else a table-level item of that kind whose column list starts with the same column, else
 * the column's own definition when the key is written inline (`id UUID PRIMARY KEY`).
 */
export function constraintItem(items: readonly TableItem[], kind: ConstraintKind, name: string | undefined, columns: readonly string[]): TableItem | undefined {
  const named = name === undefined ? undefined : items.find((i) => i.column === undefined && constraintName(i.text) !== undefined && same(constraintName(i.text) as string, name));
  if (named) return named;
  const first = columns[0];
  if (first === undefined) return undefined;
  const tableLevel = items.find((i) => {
    if (i.column !== undefined) return false;
    const body = i.text.replace(/^CONSTRAINT\s+\S+\s+/i, '');
    return KIND_WORDS[kind].test(body) && firstListed(body) !== undefined && same(firstListed(body) as string, first);
  });
  if (tableLevel) return tableLevel;
  const inline = columnItem(items, first);
  return columns.length === 1 && inline && KIND_WORDS[kind === 'index' ? 'unique' : kind].test(inline.text) ? inline : undefined;
}

const constraintName = (text: string) => {
  const match = /^CONSTRAINT\s+("(?:[^"]|"")+"|`[^`]+`|[\w$]+)/i.exec(text);
  return match ? unquote(match[1] as string) : undefined;
};

/** The first name in the item's first parenthesised list: `FOREIGN KEY ("a", "b")` → `a`. */
const firstListed = (text: string) => {
  const list = /\(([^)]*)\)/.exec(text)?.[1];
  const first = list?.split(',')[0]?.trim().split(/\s+/)[0];
  return first ? unquote(first) : undefined;
};
