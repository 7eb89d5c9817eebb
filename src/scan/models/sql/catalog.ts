/**
 * The database as the migrations leave it: tables with their columns, keys and indexes, and enum
 * types, changed one operation at a time in migration order. Names compare case-insensitively
 * (what PostgreSQL does for unquoted names, and MySQL and SQLite always); default names for
 * unnamed constraints follow PostgreSQL (`users_pkey`, `users_email_key`, `posts_author_id_fkey`,
 * `posts_author_id_idx`), which is what DROP CONSTRAINT / DROP INDEX statements name.
 * `apply` returns a message when an operation cannot be applied (unknown table, duplicate...): the
 * migration would fail there, and the caller reports it where the statement is.
 */
import type { SourceRef } from '../../../registry/schema.js';
import type { SqlDialect } from '../types.js';
import type { CatalogOp, ColumnDef, ConstraintDef } from './ops.js';

export interface ColumnState { name: string; type: string; notNull: boolean; default: string | null }
export interface IndexState { name: string; columns: string[]; unique: boolean; /** Backs a UNIQUE constraint. */ constraint: boolean }
export interface ForeignKeyState { name: string; columns: string[]; table: string; refColumns: string[] }
export interface TableState {
  name: string;
  order: number;
  columns: ColumnState[];
  primaryKey?: { name: string; columns: string[] };
  indexes: IndexState[];
  foreignKeys: ForeignKeyState[];
  source: SourceRef;
}

const key = (name: string) => name.toLowerCase();
const same = (a: string, b: string) => key(a) === key(b);
const renameIn = (names: string[], from: string, to: string) => names.map((n) => (same(n, from) ? to : n));
const defaultName = (table: string, columns: string[], suffix: string) => `${table.split('.').pop()}_${columns.join('_')}_${suffix}`;

export class Catalog {
  readonly tables = new Map<string, TableState>();
  readonly enums = new Map<string, { name: string; values: string[] }>();
  /** Tables dropped and not created again: references to them are gone with them. */
  readonly dropped = new Set<string>();
  /** Index name → its table: PostgreSQL and SQLite names are schema-wide, and lookups must not scan. */
  private readonly indexOwners = new Map<string, TableState>();
  private created = 0;

  constructor(private readonly dialect: SqlDialect) {}

  table(name: string): TableState | undefined {
    return this.tables.get(key(name));
  }

  apply(op: CatalogOp, at: SourceRef): string | undefined {
    switch (op.op) {
      case 'createTable': {
        if (this.table(op.table)) return op.ifNotExists ? undefined : `table "${op.table}" already exists`;
        const table: TableState = { name: op.table, order: this.created++, columns: [], indexes: [], foreignKeys: [], source: at };
        this.tables.set(key(op.table), table);
        this.dropped.delete(key(op.table));
        for (const column of op.columns) this.addColumn(table, column);
        // Keys and indexes first: MySQL only adds an index for a foreign key when none can serve it.
        const ordered = [...op.constraints].sort((a, b) => Number(a.kind === 'foreignKey') - Number(b.kind === 'foreignKey'));
        for (const constraint of ordered) this.addConstraint(table, constraint);
        return undefined;
      }
      case 'dropTable': {
        const table = this.table(op.table);
        if (!table) return op.ifExists ? undefined : `DROP TABLE of unknown table "${op.table}"`;
        this.removeIndexes(table, () => true);
        this.tables.delete(key(op.table));
        // Foreign keys to it stay: SQLite's table rebuild (create new_t, copy, drop t, rename new_t
        // to t) relies on them, and they only show in the models while the table exists.
        this.dropped.add(key(op.table));
        return undefined;
      }
      case 'createEnum':
        this.enums.set(key(op.name), { name: op.name, values: [...op.values] });
        return undefined;
      case 'dropType':
        if (!this.enums.delete(key(op.name)) && !op.ifExists) return `DROP TYPE of unknown type "${op.name}"`;
        return undefined;
      case 'addEnumValue': {
        const values = this.enums.get(key(op.name))?.values;
        if (!values) return `ALTER TYPE of unknown type "${op.name}"`;
        if (!values.includes(op.value)) values.push(op.value);
        return undefined;
      }
      case 'dropIndex':
      case 'renameIndex':
        return this.indexOp(op);
      case 'none':
        return undefined;
      default:
        return this.tableOp(op);
    }
  }

  /** Operations on one existing table. */
  private tableOp(op: Extract<CatalogOp, { table: string }>): string | undefined {
    const table = this.table(op.table);
    if (!table) return `${describe(op)} on unknown table "${op.table}"`;
    const column = (name: string) => table.columns.find((c) => same(c.name, name));
    switch (op.op) {
      case 'renameTable': {
        if (this.table(op.to)) return `cannot rename table "${op.table}": "${op.to}" already exists`;
        this.tables.delete(key(table.name));
        for (const other of this.tables.values()) for (const fk of other.foreignKeys) if (same(fk.table, table.name)) fk.table = op.to;
        for (const fk of table.foreignKeys) if (same(fk.table, table.name)) fk.table = op.to;
        table.name = op.to;
        this.tables.set(key(op.to), table);
        this.dropped.delete(key(op.to));
        return undefined;
      }
      case 'addColumn':
        if (column(op.column.name)) return op.ifNotExists ? undefined : `column "${op.column.name}" already exists in "${table.name}"`;
        this.addColumn(table, op.column);
        return undefined;
      case 'dropColumn': {
        if (!column(op.column)) return op.ifExists ? undefined : `DROP COLUMN of unknown column "${op.column}" in "${table.name}"`;
        this.dropColumn(table, op.column);
        return undefined;
      }
      case 'renameColumn':
        if (!column(op.from)) return `RENAME COLUMN of unknown column "${op.from}" in "${table.name}"`;
        this.renameColumn(table, op.from, op.to);
        return undefined;
      case 'alterColumn': {
        const target = column(op.column);
        if (!target) return `ALTER COLUMN of unknown column "${op.column}" in "${table.name}"`;
        if (op.type !== undefined) target.type = op.type;
        if (op.notNull !== undefined) target.notNull = op.notNull;
        if (op.default !== undefined) target.default = op.default;
        return undefined;
      }
      case 'replaceColumn': {
        const target = column(op.from);
        if (!target) return `MODIFY/CHANGE of unknown column "${op.from}" in "${table.name}"`;
        if (!same(op.from, op.column.name)) this.renameColumn(table, op.from, op.column.name);
        Object.assign(target, toColumnState(op.column));
        this.addInlineKeys(table, op.column);
        return undefined;
      }
      case 'addConstraint':
        if (op.constraint.kind === 'primaryKey' && table.primaryKey) return `table "${table.name}" already has a primary key`;
        this.addConstraint(table, op.constraint);
        return undefined;
      case 'dropConstraint':
        // Unknown names are not reported: CHECK constraints are not tracked, and dropping one is fine.
        if (table.primaryKey && same(table.primaryKey.name, op.name)) table.primaryKey = undefined;
        this.removeIndexes(table, (index) => index.constraint && same(index.name, op.name));
        table.foreignKeys = table.foreignKeys.filter((fk) => !same(fk.name, op.name));
        return undefined;
      case 'dropPrimaryKey':
        table.primaryKey = undefined;
        return undefined;
      case 'renameConstraint':
        if (table.primaryKey && same(table.primaryKey.name, op.from)) table.primaryKey.name = op.to;
        for (const index of table.indexes) if (same(index.name, op.from)) this.renameIndexState(table, index, op.to);
        for (const fk of table.foreignKeys) if (same(fk.name, op.from)) fk.name = op.to;
        return undefined;
      case 'createIndex': {
        const name = op.name ?? defaultName(table.name, op.columns, 'idx');
        if (this.findIndex(name, this.dialect === 'postgresql' ? undefined : table.name)) {
          return op.ifNotExists ? undefined : `index "${name}" already exists`;
        }
        this.addIndex(table, { name, columns: op.columns, unique: op.unique, constraint: false });
        return undefined;
      }
    }
  }

  private indexOp(op: Extract<CatalogOp, { op: 'dropIndex' | 'renameIndex' }>): string | undefined {
    const name = op.op === 'dropIndex' ? op.name : op.from;
    const found = this.findIndex(name, op.table);
    if (!found) return op.op === 'dropIndex' && op.ifExists ? undefined : `${op.op === 'dropIndex' ? 'DROP' : 'RENAME'} INDEX of unknown index "${name}"`;
    if (op.op === 'dropIndex') this.removeIndexes(found.table, (index) => index === found.index);
    else this.renameIndexState(found.table, found.index, op.to);
    return undefined;
  }

  /** By table when one is named (MySQL scopes index names to a table), else schema-wide. */
  private findIndex(name: string, tableName?: string): { table: TableState; index: IndexState } | undefined {
    const wanted = key(name);
    const table = tableName ? this.table(tableName) : this.indexOwners.get(wanted);
    const index = table?.indexes.find((i) => key(i.name) === wanted);
    return table && index ? { table, index } : undefined;
  }

  private addIndex(table: TableState, index: IndexState): void {
    table.indexes.push(index);
    this.indexOwners.set(key(index.name), table);
  }

  private removeIndexes(table: TableState, drop: (index: IndexState) => boolean): void {
    table.indexes = table.indexes.filter((index) => {
      if (!drop(index)) return true;
      if (this.indexOwners.get(key(index.name)) === table) this.indexOwners.delete(key(index.name));
      return false;
    });
  }

  private renameIndexState(table: TableState, index: IndexState, to: string): void {
    if (this.indexOwners.get(key(index.name)) === table) this.indexOwners.delete(key(index.name));
    index.name = to;
    this.indexOwners.set(key(to), table);
  }

  private addColumn(table: TableState, def: ColumnDef): void {
    table.columns.push(toColumnState(def));
    this.addInlineKeys(table, def);
  }

  private addInlineKeys(table: TableState, def: ColumnDef): void {
    const columns = [def.name];
    if (def.primaryKey) this.addConstraint(table, { kind: 'primaryKey', name: def.constraintName, columns });
    if (def.unique) this.addConstraint(table, { kind: 'unique', name: def.primaryKey ? undefined : def.constraintName, columns });
    if (def.references) {
      const { table: target, columns: refColumns } = def.references;
      this.addConstraint(table, { kind: 'foreignKey', name: def.constraintName, columns, table: target, refColumns });
    }
  }

  private addConstraint(table: TableState, constraint: ConstraintDef): void {
    const { columns } = constraint;
    switch (constraint.kind) {
      case 'primaryKey':
        table.primaryKey = { name: constraint.name ?? `${table.name.split('.').pop()}_pkey`, columns };
        for (const column of table.columns) if (columns.some((c) => same(c, column.name))) column.notNull = true;
        return;
      case 'unique':
      case 'index': {
        const unique = constraint.kind === 'unique';
        const name = constraint.name ?? defaultName(table.name, columns, unique ? 'key' : 'idx');
        this.addIndex(table, { name, columns, unique, constraint: unique });
        return;
      }
      case 'foreignKey': {
        const name = constraint.name ?? defaultName(table.name, columns, 'fkey');
        table.foreignKeys.push({ name, columns, table: constraint.table, refColumns: constraint.refColumns });
        // InnoDB creates an index for a foreign key that no existing index starts with.
        const covered = [table.primaryKey?.columns ?? [], ...table.indexes.map((i) => i.columns)].some((lead) =>
          columns.every((c, i) => lead[i] !== undefined && same(lead[i] as string, c)),
        );
        if (this.dialect === 'mysql' && !covered) this.addIndex(table, { name, columns, unique: false, constraint: false });
        return;
      }
    }
  }

  private dropColumn(table: TableState, name: string): void {
    const uses = (columns: string[]) => columns.some((c) => same(c, name));
    table.columns = table.columns.filter((c) => !same(c.name, name));
    if (table.primaryKey && uses(table.primaryKey.columns)) table.primaryKey = undefined;
    this.removeIndexes(table, (index) => uses(index.columns));
    table.foreignKeys = table.foreignKeys.filter((fk) => !uses(fk.columns));
    for (const other of this.tables.values()) other.foreignKeys = other.foreignKeys.filter((fk) => !(same(fk.table, table.name) && uses(fk.refColumns)));
  }

  private renameColumn(table: TableState, from: string, to: string): void {
    for (const column of table.columns) if (same(column.name, from)) column.name = to;
    if (table.primaryKey) table.primaryKey.columns = renameIn(table.primaryKey.columns, from, to);
    for (const index of table.indexes) index.columns = renameIn(index.columns, from, to);
    for (const fk of table.foreignKeys) fk.columns = renameIn(fk.columns, from, to);
    for (const other of this.tables.values()) {
      for (const fk of other.foreignKeys) if (same(fk.table, table.name)) fk.refColumns = renameIn(fk.refColumns, from, to);
    }
  }
}

const toColumnState = (def: ColumnDef): ColumnState => ({
  name: def.name,
  type: def.type,
  notNull: def.notNull === true || def.primaryKey === true,
  default: def.default ?? null,
});

const describe = (op: CatalogOp): string =>
  op.op === 'createIndex' ? 'CREATE INDEX' : op.op === 'renameTable' ? 'ALTER TABLE … RENAME' : 'ALTER TABLE';
