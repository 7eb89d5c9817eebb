/**
 * Fills every table of the migrated database with `rows` generated rows, so that the planner sees
 * tables of a realistic size: one `INSERT … SELECT … FROM generate_series` per table (never row by
 * row), parents before children, foreign keys taken from the parent's rows, values that satisfy
 * the column's type, NOT NULL and its CHECK constraints; then ANALYZE.
 */
import { asPostgresError, type Database, quoteIdent, USER_SCHEMA } from './connection.js';
import { candidates, type SeedColumn, stringLiterals } from './seed-values.js';

export interface SeedOutcome {
  rows: number;
  /** Rows per seeded table, by qualified name (`public.users`). */
  counts: Map<string, number>;
  /** Tables that could not be seeded, with why. */
  problems: { table: string; message: string }[];
}

interface Column extends SeedColumn {
  num: number;
  notNull: boolean;
  hasDefault: boolean;
  defaultExpression: string;
  identity: string;
  generated: string;
}

interface Table {
  oid: string;
  qualified: string;
  sql: string;
  columns: Column[];
  foreignKeys: { columns: number[]; parent: string; parentColumns: number[] }[];
  checks: { columns: number[]; expression: string }[];
}

const nums = (text: string): number[] => text.split(/\s+/).filter(Boolean).map(Number);

async function readTables(db: Database): Promise<Table[]> {
  const tables = await db.query<{ oid: string; schema: string; name: string }>(
    `SELECT c.oid::text AS oid, n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${USER_SCHEMA} AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
      ORDER BY n.nspname, c.relname`,
  );
  const byOid = new Map<string, Table>(
    tables.map((t) => [t.oid, { oid: t.oid, qualified: `${t.schema}.${t.name}`, sql: `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`, columns: [], foreignKeys: [], checks: [] }]),
  );
  if (byOid.size === 0) return [];
  const columns = await db.query<Record<string, string | number | boolean>>(
    `SELECT a.attrelid::text AS table, a.attnum::int AS num, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, a.atthasdef AS has_default, COALESCE(pg_get_expr(d.adbin, d.adrelid), '') AS default_expression,
            a.attidentity::text AS identity, a.attgenerated::text AS generated, t.typtype::text AS typtype,
            COALESCE(b.typname, t.typname)::text AS base_name, COALESCE(b.typcategory, t.typcategory)::text AS category,
            CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END AS typmod
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attrelid::text = ANY($1::text[])
      ORDER BY a.attrelid, a.attnum`,
    [[...byOid.keys()]],
  );
  for (const c of columns) {
    byOid.get(String(c.table))?.columns.push({
      num: Number(c.num),
      name: String(c.name),
      type: String(c.type),
      baseName: String(c.base_name),
      typtype: String(c.typtype),
      category: String(c.category),
      typmod: Number(c.typmod),
      notNull: c.not_null === true,
      hasDefault: c.has_default === true,
      defaultExpression: String(c.default_expression),
      identity: String(c.identity),
      generated: String(c.generated),
    });
  }
  const constraints = await db.query<{ table: string; type: string; columns: string; parent: string; parent_columns: string; definition: string }>(
    `SELECT con.conrelid::text AS table, con.contype::text AS type, array_to_string(con.conkey, ' ') AS columns, con.confrelid::text AS parent,
            COALESCE(array_to_string(con.confkey, ' '), '') AS parent_columns, pg_get_constraintdef(con.oid) AS definition
       FROM pg_constraint con WHERE con.contype IN ('f', 'c') AND con.conrelid::text = ANY($1::text[])`,
    [[...byOid.keys()]],
  );
  for (const c of constraints) {
    const table = byOid.get(c.table);
    if (!table) continue;
    if (c.type === 'f') table.foreignKeys.push({ columns: nums(c.columns), parent: c.parent, parentColumns: nums(c.parent_columns) });
    else table.checks.push({ columns: nums(c.columns), expression: c.definition.replace(/^CHECK\s*/i, '').replace(/\s+NOT VALID$/i, '') });
  }
  return [...byOid.values()];
}

/** Parents before children; a table in a cycle comes when its remaining parents are only in the cycle. */
function parentsFirst(tables: Table[]): Table[] {
  const ordered: Table[] = [];
  const done = new Set<string>();
  const pending = [...tables];
  while (pending.length > 0) {
    const ready = pending.findIndex((t) => t.foreignKeys.every((fk) => fk.parent === t.oid || done.has(fk.parent) || !pending.some((p) => p.oid === fk.parent)));
    const [next] = pending.splice(ready >= 0 ? ready : 0, 1);
    if (!next) break;
    ordered.push(next);
    done.add(next.oid);
  }
  return ordered;
}

/** The first candidate that passes the column's own CHECK constraints (and its domain's, through the cast). */
async function valueFor(db: Database, table: Table, column: Column, rows: number): Promise<string | undefined> {
  const checks = table.checks.filter((c) => c.columns.length === 1 && c.columns[0] === column.num);
  const literals = checks.flatMap((c) => stringLiterals(c.expression));
  const list = candidates(column, `${table.qualified}.${column.name}`, literals).map((e) => `(${e})::${column.type}`);
  if (checks.length === 0 && column.typtype !== 'd') return list[0];
  for (const expression of list) {
    const where = checks.length ? checks.map((c) => `NOT (${c.expression})`).join(' OR ') : 'false';
    try {
      const [row] = await db.query<{ bad: number }>(`SELECT count(*)::int AS bad FROM (SELECT ${expression} AS ${quoteIdent(column.name)} FROM generate_series(1, ${rows}) AS g(i)) t WHERE ${where}`);
      if (row && Number(row.bad) === 0) return expression;
    } catch {
      // this candidate cannot be cast to the column's type or domain: try the next
    }
  }
  return undefined;
}

const isSequenceDefault = (column: Column) => column.identity !== '' || column.generated !== '' || /\bnextval\(/i.test(column.defaultExpression);

async function insertStatement(db: Database, table: Table, rows: number, counts: Map<string, number>, byOid: Map<string, Table>): Promise<string> {
  const names: string[] = [];
  const values: string[] = [];
  const joins: string[] = [];
  const fromKey = new Map<number, string>();
  for (const [k, fk] of table.foreignKeys.entries()) {
    if (fk.parent === table.oid) continue;
    const parent = byOid.get(fk.parent);
    const count = parent ? (counts.get(parent.qualified) ?? 0) : 0;
    if (!parent || count === 0) continue;
    const parentColumns = fk.parentColumns.map((num, j) => `${quoteIdent(parent.columns.find((c) => c.num === num)?.name ?? '')} AS k${j}`);
    joins.push(`LEFT JOIN (SELECT ${parentColumns.join(', ')}, row_number() OVER () AS rn FROM ${parent.sql}) f${k} ON f${k}.rn = 1 + (i - 1) % ${count}`);
    fk.columns.forEach((num, j) => fromKey.has(num) || fromKey.set(num, `f${k}.k${j}`));
  }
  const generated = new Map<number, string>();
  // A key a NOT NULL self reference points at is generated here, even when a sequence could fill it.
  const selfTargets = new Set(
    table.foreignKeys
      .filter((fk) => fk.parent === table.oid)
      .flatMap((fk) => fk.parentColumns.filter((_, j) => table.columns.find((c) => c.num === fk.columns[j])?.notNull)),
  );
  for (const column of table.columns) {
    if (isSequenceDefault(column) && !(selfTargets.has(column.num) && column.identity === '' && column.generated === '')) continue;
    const inKey = table.foreignKeys.find((fk) => fk.columns.includes(column.num));
    let expression = fromKey.get(column.num);
    if (expression === undefined && inKey) {
      // A self reference points at the row itself when it must; a parent not seeded yet (a cycle) gives NULL.
      const target = inKey.parent === table.oid ? generated.get(inKey.parentColumns[inKey.columns.indexOf(column.num)] as number) : undefined;
      expression = column.notNull ? target : 'NULL';
      if (expression === undefined) throw new Error(`column ${column.name} must reference a row of another table that has none`);
    }
    if (expression === undefined) {
      expression = await valueFor(db, table, column, rows);
      if (expression === undefined) {
        if (column.hasDefault || !column.notNull) continue;
        throw new Error(`no value of type ${column.type} satisfies column ${column.name}`);
      }
      generated.set(column.num, expression);
    }
    names.push(quoteIdent(column.name));
    values.push(expression);
  }
  if (names.length === 0) return `INSERT INTO ${table.sql} SELECT FROM generate_series(1, ${rows}) AS g(i)`;
  return `INSERT INTO ${table.sql} (${names.join(', ')}) SELECT ${values.join(', ')} FROM generate_series(1, ${rows}) AS g(i) ${joins.join(' ')}`;
}

export async function seedDatabase(db: Database, rows: number, signal?: AbortSignal): Promise<SeedOutcome> {
  const tables = await readTables(db);
  const byOid = new Map(tables.map((t) => [t.oid, t]));
  const outcome: SeedOutcome = { rows, counts: new Map(), problems: [] };
  for (const table of parentsFirst(tables)) {
    if (signal?.aborted) break;
    try {
      await db.exec(await insertStatement(db, table, rows, outcome.counts, byOid));
      const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table.sql}`);
      outcome.counts.set(table.qualified, Number(row?.n ?? 0));
    } catch (error) {
      outcome.problems.push({ table: table.qualified, message: asPostgresError(error).message });
    }
  }
  await db.exec('ANALYZE');
  return outcome;
}
