/**
 * A knex table builder's content (what `createTable` / `alterTable` callbacks declared) as the
 * statements knex's pg table compiler sends, in its order: native enum types first, then the
 * create (with the primary key inline) or the `add column`s, column comments, then indexes,
 * uniques and foreign keys as they were called, and default names (`users_email_unique`).
 */
import { commentSql } from './knex-columns.js';
import { quoteName, quoteNames } from './pg-text.js';

export interface Sql {
  sql: string;
  line: number;
}

export interface KnexColumn {
  name: string;
  type: string;
  increments: boolean;
  primaryKey: boolean;
  /** false: `notNullable()`; true: `nullable()`; undefined: neither was called. */
  nullable?: boolean;
  defaultTo?: string;
  comment?: string;
  /** `.alter()`: change an existing column instead of adding it. */
  alter: boolean;
  before: string[];
  line: number;
}

export interface Foreign {
  kind: 'foreign';
  columns: string[];
  keyName?: string;
  references?: string[];
  inTable?: string;
  onDelete?: string;
  onUpdate?: string;
  deferrable?: string;
  line: number;
}

export type TableAction =
  | { kind: 'primary' | 'unique'; columns: string[]; name?: string; deferrable?: string; useConstraint?: boolean; line: number }
  | { kind: 'index'; columns: string[]; name?: string; using?: string; unique?: boolean; line: number }
  | Foreign
  | { kind: 'drop'; what: 'index' | 'unique' | 'foreign' | 'primary'; columns: string[]; name?: string; ifExists: boolean; line: number }
  | { kind: 'dropColumns'; columns: string[]; line: number }
  | { kind: 'renameColumn'; from: string; to: string; line: number }
  | { kind: 'nullable'; column: string; nullable: boolean; line: number };

export interface TableModel {
  method: 'create' | 'createIfNot' | 'alter';
  table: string;
  schema?: string;
  /** `createTableLike(name, like)`. */
  like?: string;
  inherits?: string;
  comment?: { text: string; line: number };
  columns: KnexColumn[];
  actions: TableAction[];
  line: number;
}

/** knex's `_indexCommand`: `${table}_${columns}_${type}`, dots and dashes in the table name made underscores, lower-cased. */
export const defaultIndexName = (table: string, columns: readonly string[], type: string): string =>
  `${table.replace(/\.|-/g, '_')}_${columns.join('_')}_${type}`.toLowerCase();

export function compileTable(model: TableModel): Sql[] {
  const tableName = quoteName(model.schema ? `${model.schema}.${model.table}` : model.table);
  const creating = model.method !== 'alter';
  const primaries = model.actions.filter((a) => a.kind === 'primary');
  const added = model.columns.filter((c) => !c.alter);
  const altered = model.columns.filter((c) => c.alter);
  const out: Sql[] = [];
  // Each column's enum type is unshifted in front of everything, so the last column's comes first.
  for (const column of [...added, ...altered]) for (const sql of column.before) out.unshift({ sql, line: column.line });
  const definition = (c: KnexColumn) => {
    if (c.increments) return `${quoteName(c.name)} ${c.type}${c.primaryKey && primaries.length === 0 ? ' primary key' : ''}`;
    const modifiers = [c.nullable === undefined ? '' : c.nullable ? ' null' : ' not null', c.defaultTo === undefined ? '' : ` default ${c.defaultTo}`].join('');
    return `${quoteName(c.name)} ${c.type}${c.primaryKey && primaries.length === 0 ? ' primary key' : ''}${modifiers}`;
  };
  if (creating) {
    out.push({ sql: createStatement(model, tableName, added.map(definition)), line: model.line });
    if (model.comment) out.push({ sql: `comment on table ${tableName} is '${model.comment.text.replace(/'/g, "''")}'`, line: model.comment.line });
  } else {
    if (added.length > 0) out.push({ sql: `alter table ${tableName} ${added.map((c) => `add column ${definition(c)}`).join(', ')}`, line: added[0]?.line ?? model.line });
    for (const column of altered) out.push(...alterColumn(tableName, column));
  }
  for (const column of [...added, ...altered]) {
    if (column.comment !== undefined) out.push({ sql: `comment on column ${tableName}.${quoteName(column.name)} is ${commentSql(column.comment)}`, line: column.line });
  }
  for (const action of model.actions) {
    if (action.kind === 'primary' && creating) continue;
    const sql = actionSql(action, model, tableName);
    if (sql) out.push({ sql, line: action.line });
  }
  if (!creating && model.comment) out.push({ sql: `comment on table ${tableName} is '${model.comment.text.replace(/'/g, "''")}'`, line: model.comment.line });
  return out;
}

function createStatement(model: TableModel, tableName: string, columns: string[]): string {
  const start = `create table ${model.method === 'createIfNot' ? 'if not exists ' : ''}${tableName}`;
  if (model.like) return `${start} (like ${quoteName(model.like)} including all${columns.length ? `, ${columns.join(', ')}` : ''})`;
  const primary = model.actions.find((a): a is Extract<TableAction, { kind: 'primary' | 'unique' }> => a.kind === 'primary');
  const key = primary ? `, constraint ${quoteName(primary.name ?? `${model.table}_pkey`)} primary key (${quoteNames(primary.columns)})${deferrable(primary.deferrable)}` : '';
  return `${start} (${columns.join(', ')}${key})${model.inherits ? ` inherits (${quoteName(model.inherits)})` : ''}`;
}

/** `.alter()` on pg: drop the default and not-null, change the type, then set what the builder says. */
function alterColumn(tableName: string, column: KnexColumn): Sql[] {
  const name = quoteName(column.name);
  const prefix = `alter table ${tableName} alter column ${name}`;
  const cast = column.type.startsWith('"') ? `::text::${column.type}` : `::${column.type}`;
  const sql = [`${prefix} drop default`, `${prefix} drop not null`, `${prefix} type ${column.type} using (${name}${cast})`];
  if (column.defaultTo !== undefined) sql.push(`${prefix} set default ${column.defaultTo}`);
  if (column.nullable === false) sql.push(`${prefix} set not null`);
  return sql.map((s) => ({ sql: s, line: column.line }));
}

const deferrable = (value: string | undefined): string => (value ? ` deferrable initially ${value}` : '');

function actionSql(action: TableAction, model: TableModel, tableName: string): string | undefined {
  const name = (given: string | undefined, type: string, columns: string[]) => quoteName(given ?? defaultIndexName(model.table, columns, type));
  switch (action.kind) {
    case 'primary':
      return `alter table ${tableName} add constraint ${quoteName(action.name ?? `${model.table}_pkey`)} primary key (${quoteNames(action.columns)})${deferrable(action.deferrable)}`;
    case 'unique':
      return action.useConstraint === false
        ? `create unique index ${name(action.name, 'unique', action.columns)} on ${tableName} (${quoteNames(action.columns)})`
        : `alter table ${tableName} add constraint ${name(action.name, 'unique', action.columns)} unique (${quoteNames(action.columns)})${deferrable(action.deferrable)}`;
    case 'index':
      return `create${action.unique ? ' unique' : ''} index ${name(action.name, 'index', action.columns)} on ${tableName}${action.using ? ` using ${action.using}` : ''} (${quoteNames(action.columns)})`;
    case 'foreign': {
      if (!action.inTable || !action.references) return undefined;
      const rules = `${action.onUpdate ? ` on update ${action.onUpdate}` : ''}${action.onDelete ? ` on delete ${action.onDelete}` : ''}`;
      const later = action.deferrable ? ` deferrable initially ${action.deferrable} ` : '';
      return `alter table ${tableName} add constraint ${name(action.keyName, 'foreign', action.columns)} foreign key (${quoteNames(action.columns)}) references ${quoteName(action.inTable)} (${quoteNames(action.references)})${rules}${later}`;
    }
    case 'drop': {
      const ifExists = action.ifExists ? 'if exists ' : '';
      if (action.what === 'index') return `drop index ${ifExists}${model.schema ? `${quoteName(model.schema)}.` : ''}${name(action.name, 'index', action.columns)}`;
      const constraint = action.what === 'primary' ? quoteName(action.name ?? `${model.table}_pkey`) : name(action.name, action.what, action.columns);
      return `alter table ${tableName} drop constraint ${ifExists}${constraint}`;
    }
    case 'dropColumns':
      return `alter table ${tableName} ${action.columns.map((c) => `drop column ${quoteName(c)}`).join(', ')}`;
    case 'renameColumn':
      return `alter table ${tableName} rename ${quoteName(action.from)} to ${quoteName(action.to)}`;
    case 'nullable':
      return `alter table ${tableName} alter column ${quoteName(action.column)} ${action.nullable ? 'drop not null' : 'set not null'}`;
  }
}
