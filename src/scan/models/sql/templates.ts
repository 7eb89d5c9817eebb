/**
 * Statements by shape. Migration generators write the same statements over and over with other
 * names (Prisma: `CREATE INDEX "x" ON "t"("a")`, `ALTER TABLE "t" ADD CONSTRAINT "f" FOREIGN KEY
 * …`, and the same column definitions in table after table), and node-sql-parser costs about a
 * tenth of a millisecond per column. So quoted names are swapped for numbered placeholders, the
 * operations of each shape are kept, and a statement of a shape already read gets them back with
 * its own names. A CREATE TABLE is read item by item (`CREATE TABLE "t" ("a" TEXT NOT NULL)`…):
 * tables differ, their column definitions much less. Unquoted names stay in the shape (they cannot
 * be told from keywords), and so do string literals and schema qualifiers (`"public".` matters).
 */
import type { SqlDialect } from '../types.js';
import { maskLiterals } from './fallbacks.js';
import type { CatalogOp } from './ops.js';

export interface Shape {
  template: string;
  names: string[];
}

const QUOTED = /"(?:[^"]|"")*"|`[^`]*`/g;
const PLACEHOLDER = /__bo(\d+)__/g;

/** The statement's shape, or undefined when it has no quoted name to take out. */
export function shapeOf(sql: string): Shape | undefined {
  const masked = maskLiterals(sql);
  const names: string[] = [];
  let template = '';
  let from = 0;
  for (const match of masked.matchAll(QUOTED)) {
    const end = match.index + match[0].length;
    if (masked[end] === '.' || match[0].includes('__bo')) continue; // a schema qualifier, or our own token
    const quote = match[0][0] as string;
    template += `${sql.slice(from, match.index)}${quote}__bo${names.length}__${quote}`;
    names.push(sql.slice(match.index + 1, end - 1));
    from = end;
  }
  return names.length === 0 ? undefined : { template: template + sql.slice(from), names };
}

const CREATE_TABLE = /^CREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:TEMP\s+|TEMPORARY\s+|UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?[^\s(]+\s*$/i;

/**
 * A CREATE TABLE shape as one shape per item (`CREATE TABLE t (a) tail`, `CREATE TABLE t (b)
 * tail`…), placeholders numbered afresh in each. Undefined when the statement is not a plain list
 * of at least two items (`AS SELECT`, an empty item the parser must report).
 */
export function tableItems(shape: Shape): Shape[] | undefined {
  const { template } = shape;
  const masked = maskLiterals(template);
  const open = masked.indexOf('(');
  if (open < 0 || !CREATE_TABLE.test(masked.slice(0, open))) return undefined;
  const items: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open; i < masked.length; i++) {
    const c = masked[i];
    if (c === '(') depth++;
    else if (c === ',' && depth === 1) {
      items.push(template.slice(start, i).trim());
      start = i + 1;
    } else if (c === ')' && --depth === 0) {
      items.push(template.slice(start, i).trim());
      if (items.length < 2 || items.includes('')) return undefined;
      const [head, tail] = [template.slice(0, open + 1), template.slice(i)];
      return items.map((item) => renumber(`${head}${item}${tail}`, shape.names));
    }
  }
  return undefined;
}

function renumber(template: string, names: readonly string[]): Shape {
  const local = new Map<string, number>();
  const own: string[] = [];
  const renumbered = template.replace(PLACEHOLDER, (_token, n: string) => {
    let index = local.get(n);
    if (index === undefined) {
      index = own.length;
      local.set(n, index);
      own.push(names[Number(n)] as string);
    }
    return `__bo${index}__`;
  });
  return { template: renumbered, names: own };
}

/** Operations read from a shape, with the statement's own names put back: a fresh copy. */
export function withNames<T>(value: T, names: readonly string[]): T {
  if (typeof value === 'string') {
    return (value.includes('__bo') ? value.replace(PLACEHOLDER, (token, n: string) => names[Number(n)] ?? token) : value) as T;
  }
  if (Array.isArray(value)) return value.map((item) => withNames(item, names)) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const key in value) copy[key] = withNames((value as Record<string, unknown>)[key], names);
    return copy as T;
  }
  return value;
}

/** Bounded, so that a long watch session does not grow without end. */
const MAX_SHAPES = 10_000;

/** Parses a shape's template into operations, or undefined when the parser rejects it. */
export type ShapeParser = (template: string) => CatalogOp[] | undefined;

export class ShapeMemo {
  private readonly known = new Map<string, CatalogOp[]>();

  /**
   * The statement's operations by shape: a shape seen before; else a table item by item; else
   * the whole shape parsed now. Undefined when it has no shape or the parser rejects it (the
   * caller then reads the statement itself, for the error's true position).
   */
  read(sql: string, dialect: SqlDialect, parse: ShapeParser): CatalogOp[] | undefined {
    const shape = shapeOf(sql);
    if (!shape) return undefined;
    const seen = this.known.get(`${dialect}\u0000${shape.template}`);
    if (seen) return withNames(seen, shape.names);
    const items = tableItems(shape);
    const table = items && this.table(items, dialect, parse);
    if (table) return [table];
    const ops = this.lookup(shape, dialect, parse);
    return ops && withNames(ops, shape.names);
  }

  private table(items: Shape[], dialect: SqlDialect, parse: ShapeParser): CatalogOp | undefined {
    let table: Extract<CatalogOp, { op: 'createTable' }> | undefined;
    for (const item of items) {
      const ops = this.lookup(item, dialect, parse);
      const op = ops?.length === 1 ? withNames(ops[0], item.names) : undefined;
      if (op?.op !== 'createTable') return undefined;
      if (!table) table = op;
      else {
        table.columns.push(...op.columns);
        table.constraints.push(...op.constraints);
      }
    }
    return table;
  }

  private lookup(shape: Shape, dialect: SqlDialect, parse: ShapeParser): CatalogOp[] | undefined {
    const key = `${dialect}\u0000${shape.template}`;
    let ops = this.known.get(key);
    if (!ops) {
      ops = parse(shape.template);
      if (!ops) return undefined;
      if (this.known.size >= MAX_SHAPES) this.known.clear();
      this.known.set(key, ops);
    }
    return ops;
  }
}
