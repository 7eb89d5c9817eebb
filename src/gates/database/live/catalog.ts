/**
 * What a database's schema is, read from PostgreSQL's own catalog, as a map from each object
 * (`index public.users_email_idx`) to its definition: tables and other relations, columns (type,
 * nullability, default), constraints (with their definitions), indexes (`pg_indexes.indexdef`),
 * enums (labels in order), domains, functions, triggers, extensions and schemas. Two dumps are
 * compared key by key, which is what the rollback round trip and the backup check need.
 */
import type { Database } from './connection.js';
import { USER_SCHEMA } from './connection.js';

export type CatalogDump = Map<string, string>;

const RELKINDS: Record<string, string> = { r: 'table', p: 'table', v: 'view', m: 'materialized view', f: 'foreign table', S: 'sequence' };

const NOT_EXTENSION_MEMBER = (oid: string) => `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = ${oid} AND d.deptype = 'e')`;

const QUERIES: { sql: string; entry: (row: Record<string, string>) => [string, string] }[] = [
  {
    sql: `SELECT n.nspname AS schema FROM pg_namespace n WHERE ${USER_SCHEMA} AND n.nspname <> 'public'`,
    entry: (r) => [`schema ${r.schema}`, 'schema'],
  },
  {
    sql: `SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE ${USER_SCHEMA} AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND ${NOT_EXTENSION_MEMBER('c.oid')}`,
    entry: (r) => [`${RELKINDS[r.kind as string] ?? 'relation'} ${r.schema}.${r.name}`, RELKINDS[r.kind as string] ?? 'relation'],
  },
  {
    sql: `SELECT n.nspname AS schema, c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
                 a.attnotnull::text AS not_null, COALESCE(pg_get_expr(d.adbin, d.adrelid), '') AS "default", a.attidentity::text AS identity, a.attgenerated::text AS generated
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
           WHERE ${USER_SCHEMA} AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped AND ${NOT_EXTENSION_MEMBER('c.oid')}`,
    entry: (r) => [
      `column ${r.schema}.${r.table}.${r.name}`,
      [
        r.type,
        r.not_null === 'true' ? 'not null' : 'null',
        r.default ? `default ${r.default}` : '',
        r.identity ? `identity ${r.identity}` : '',
        r.generated ? `generated ${r.generated}` : '',
      ]
        .filter(Boolean)
        .join(' '),
    ],
  },
  {
    // NOT NULL constraints (PostgreSQL 18's contype 'n') are the columns' nullability, compared there.
    sql: `SELECT n.nspname AS schema, c.relname AS table, con.conname AS name, pg_get_constraintdef(con.oid) AS definition
            FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE ${USER_SCHEMA} AND con.contype <> 'n'`,
    entry: (r) => [`constraint ${r.schema}.${r.table}.${r.name}`, r.definition as string],
  },
  {
    sql: `SELECT i.schemaname AS schema, i.indexname AS name, i.indexdef AS definition FROM pg_indexes i JOIN pg_namespace n ON n.nspname = i.schemaname WHERE ${USER_SCHEMA}`,
    entry: (r) => [`index ${r.schema}.${r.name}`, r.definition as string],
  },
  {
    sql: `SELECT n.nspname AS schema, t.typname AS name, string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) AS labels
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
           WHERE ${USER_SCHEMA} GROUP BY n.nspname, t.typname`,
    entry: (r) => [`enum ${r.schema}.${r.name}`, `(${r.labels})`],
  },
  {
    sql: `SELECT n.nspname AS schema, t.typname AS name, format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull::text AS not_null
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ${USER_SCHEMA} AND t.typtype = 'd' AND ${NOT_EXTENSION_MEMBER('t.oid')}`,
    entry: (r) => [`domain ${r.schema}.${r.name}`, `${r.base}${r.not_null === 'true' ? ' not null' : ''}`],
  },
  {
    sql: `SELECT n.nspname AS schema, p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args, md5(p.prosrc) AS body
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${USER_SCHEMA} AND ${NOT_EXTENSION_MEMBER('p.oid')}`,
    entry: (r) => [`function ${r.schema}.${r.name}(${r.args})`, `body md5 ${r.body}`],
  },
  {
    sql: `SELECT n.nspname AS schema, c.relname AS table, t.tgname AS name, pg_get_triggerdef(t.oid) AS definition
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMA} AND NOT t.tgisinternal`,
    entry: (r) => [`trigger ${r.schema}.${r.table}.${r.name}`, r.definition as string],
  },
  {
    sql: "SELECT extname AS name, extversion AS version FROM pg_extension WHERE extname <> 'plpgsql'",
    entry: (r) => [`extension ${r.name}`, `extension ${r.name}`],
  },
];

export async function dumpCatalog(db: Database): Promise<CatalogDump> {
  const dump: CatalogDump = new Map();
  for (const { sql, entry } of QUERIES) {
    for (const row of await db.query<Record<string, string>>(sql)) {
      const [key, value] = entry(row);
      dump.set(key, value);
    }
  }
  return dump;
}

export interface CatalogDifference {
  /** In `after` only. */
  added: [string, string][];
  /** In `before` only. */
  removed: [string, string][];
  changed: { key: string; before: string; after: string }[];
}

export function diffCatalog(before: CatalogDump, after: CatalogDump): CatalogDifference {
  const difference: CatalogDifference = { added: [], removed: [], changed: [] };
  for (const [key, value] of after) {
    const old = before.get(key);
    if (old === undefined) difference.added.push([key, value]);
    else if (old !== value) difference.changed.push({ key, before: old, after: value });
  }
  for (const [key, value] of before) if (!after.has(key)) difference.removed.push([key, value]);
  for (const list of [difference.added, difference.removed]) list.sort((a, b) => a[0].localeCompare(b[0]));
  difference.changed.sort((a, b) => a.key.localeCompare(b.key));
  return difference;
}

export const isSame = (difference: CatalogDifference): boolean => difference.added.length + difference.removed.length + difference.changed.length === 0;

/**
 * The difference in words, most telling objects first; a table's own columns, constraints and
 * indexes are left out when the table itself is listed (they come and go with it).
 */
export function describeDifference(difference: CatalogDifference, words: { added: string; removed: string }, max = 6): string {
  const owners = (list: [string, string][]) => new Set(list.filter(([key]) => key.startsWith('table ')).map(([key]) => key.slice('table '.length)));
  const prune = (list: [string, string][]) => {
    const tables = owners(list);
    return list.filter(([key, value]) => {
      const match = /^(?:column|constraint|trigger) ([^.]+\.[^.]+)\./.exec(key);
      if (match) return !tables.has(match[1] as string);
      const indexed = key.startsWith('index ') ? / ON (?:ONLY )?(\S+) USING /.exec(value)?.[1] : undefined;
      return !indexed || !tables.has(indexed);
    });
  };
  const render = ([key, value]: [string, string]) => (value === key.split(' ')[0] || value.startsWith('extension ') ? key : `${key} (${value})`);
  const parts: string[] = [];
  const added = prune(difference.added);
  const removed = prune(difference.removed);
  if (added.length) parts.push(`${words.added}: ${cap(added.map(render), max)}`);
  if (removed.length) parts.push(`${words.removed}: ${cap(removed.map(render), max)}`);
  if (difference.changed.length) parts.push(`changed: ${cap(difference.changed.map((c) => `${c.key} (${c.before} → ${c.after})`), max)}`);
  return parts.join('; ');
}

const cap = (items: string[], max: number) => (items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', '));

/** The objects' bare names (`users_email_idx`), for finding where a script creates them. */
export const objectNames = (difference: CatalogDifference): string[] =>
  [...difference.added, ...difference.removed].map(([key]) => key.split(' ').pop()?.split('.').pop()?.replace(/\(.*$/, '') ?? '').filter(Boolean);
