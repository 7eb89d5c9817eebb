/**
 * Plausible values for a query's `$n` parameters, so that the planner makes the plan it would
 * make in production (a custom plan for a real value, not a generic one): the value of a seeded
 * row for a column compared with `$n` (`email = $1`, `$2 = id`, `id = ANY($1)`, `col IN ($1, $2)`,
 * `INSERT … (a, b) VALUES ($1, $2)`), 20 and 0 for LIMIT and OFFSET, NULL for anything else.
 */
import { type Database, quoteIdent, USER_SCHEMA } from './connection.js';

/** Column names of every user table, by table name (bare and schema-qualified, lower case). */
export type SchemaColumns = Map<string, { sql: string; columns: Set<string> }>;

export async function schemaColumns(db: Database): Promise<SchemaColumns> {
  const rows = await db.query<{ schema: string; table: string; column: string }>(
    `SELECT n.nspname AS schema, c.relname AS table, a.attname AS column FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE ${USER_SCHEMA} AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped`,
  );
  const tables: SchemaColumns = new Map();
  for (const row of rows) {
    const sql = `${quoteIdent(row.schema)}.${quoteIdent(row.table)}`;
    for (const key of [row.table.toLowerCase(), `${row.schema}.${row.table}`.toLowerCase()]) {
      const entry = tables.get(key) ?? { sql, columns: new Set<string>() };
      entry.columns.add(row.column);
      if (!tables.has(key)) tables.set(key, entry);
    }
  }
  return tables;
}

const IDENT = String.raw`(?:"[^"]+"|[A-Za-z_]\w*)`;
const bare = (name: string) => (name.startsWith('"') ? name.slice(1, -1) : name.toLowerCase());
const NOT_ALIAS = /^(?:WHERE|JOIN|ON|LEFT|RIGHT|INNER|OUTER|FULL|CROSS|SET|USING|GROUP|ORDER|LIMIT|OFFSET|VALUES|RETURNING|WINDOW|HAVING|UNION|NATURAL|LATERAL|FOR|DEFAULT|SELECT)$/i;

/** Tables the query names, by the alias (or name) it uses for them. */
export function tablesOf(sql: string): Map<string, string> {
  const aliases = new Map<string, string>();
  const pattern = new RegExp(String.raw`\b(?:FROM|JOIN|UPDATE|INTO)\s+(${IDENT}(?:\.${IDENT})?)(?:\s+(?:AS\s+)?(${IDENT}))?`, 'gi');
  for (const match of sql.matchAll(pattern)) {
    const table = (match[1] as string).split('.').map(bare).join('.');
    aliases.set(table.split('.').pop() as string, table);
    const alias = match[2];
    if (alias && !NOT_ALIAS.test(alias)) aliases.set(bare(alias), table);
  }
  return aliases;
}

interface Use {
  qualifier?: string;
  column: string;
  /** Compared with the parameter as an array (`= ANY($1)`). */
  array: boolean;
}

const OPERATOR = String.raw`(?:=|<>|!=|<=|>=|<|>|(?:NOT\s+)?I?LIKE|IS\s+(?:NOT\s+)?DISTINCT\s+FROM)`;

/** Which column each parameter is compared with, as the query text says. */
export function parameterUses(sql: string): Map<number, Use> {
  const uses = new Map<number, Use>();
  const add = (n: string, use: Use) => uses.has(Number(n)) || uses.set(Number(n), use);
  const ref = (qualifier: string | undefined, column: string) => ({ ...(qualifier ? { qualifier: bare(qualifier.slice(0, -1)) } : {}), column: bare(column) });
  const before = new RegExp(String.raw`(${IDENT}\.)?(${IDENT})\s*${OPERATOR}\s*(ANY\s*\(\s*|ALL\s*\(\s*)?\$(\d+)`, 'gi');
  for (const m of sql.matchAll(before)) add(m[4] as string, { ...ref(m[1], m[2] as string), array: m[3] !== undefined });
  const after = new RegExp(String.raw`\$(\d+)(?:::[\w\[\]]+)?\s*(?:=|<>|!=|<=|>=|<|>)\s*(${IDENT}\.)?(${IDENT})(?!\s*\()`, 'gi');
  for (const m of sql.matchAll(after)) add(m[1] as string, { ...ref(m[2], m[3] as string), array: false });
  const inList = new RegExp(String.raw`(${IDENT}\.)?(${IDENT})\s+IN\s*\(([^()]*)\)`, 'gi');
  for (const m of sql.matchAll(inList)) for (const p of (m[3] as string).matchAll(/\$(\d+)/g)) add(p[1] as string, { ...ref(m[1], m[2] as string), array: false });
  const insert = new RegExp(String.raw`\bINSERT\s+INTO\s+${IDENT}(?:\.${IDENT})?\s*\(([^)]*)\)\s*VALUES\s*\(([^)]*)\)`, 'i').exec(sql);
  if (insert) {
    const columns = (insert[1] as string).split(',').map((c) => c.trim());
    (insert[2] as string).split(',').forEach((value, i) => {
      const n = /^\s*\$(\d+)/.exec(value)?.[1];
      const column = columns[i];
      if (n && column) add(n, { column: bare(column), array: false });
    });
  }
  return uses;
}

const arrayLiteral = (value: string) => `{"${value.replace(/["\\]/g, '\\$&')}"}`;

/** Values for `$1…$n`, as text (PostgreSQL casts them to the types it infers), or null. */
export async function parameterValues(db: Database, sql: string, columns: SchemaColumns, counts: ReadonlyMap<string, number>): Promise<(string | null)[]> {
  const highest = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  if (highest === 0) return [];
  const values: (string | null)[] = Array.from({ length: highest }, () => null);
  const tables = tablesOf(sql);
  for (const m of sql.matchAll(/\bLIMIT\s+\$(\d+)/gi)) values[Number(m[1]) - 1] = '20';
  for (const m of sql.matchAll(/\bOFFSET\s+\$(\d+)/gi)) values[Number(m[1]) - 1] = '0';
  for (const [n, use] of parameterUses(sql)) {
    if (n > highest || values[n - 1] !== null) continue;
    const candidates = use.qualifier ? [tables.get(use.qualifier) ?? use.qualifier] : [...new Set(tables.values())];
    const table = candidates.map((t) => columns.get(t.toLowerCase())).find((t) => t?.columns.has(use.column));
    if (!table) continue;
    const rows = counts.get(table.sql.replace(/"/g, '')) ?? 0;
    const column = quoteIdent(use.column);
    const [row] = await db.query<{ v: string | null }>(`SELECT ${column}::text AS v FROM ${table.sql} WHERE ${column} IS NOT NULL LIMIT 1 OFFSET ${Math.floor(rows / 2)}`).catch(() => []);
    const value = row?.v ?? null;
    values[n - 1] = value === null ? null : use.array ? arrayLiteral(value) : value;
  }
  return values;
}
