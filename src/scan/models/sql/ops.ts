/**
 * Catalog operations: what a DDL statement does to the tables, whichever way it was read (the
 * parser's AST or one of the narrow fallbacks). Names are as written, without quotes.
 */

/**
 * A referenced key whose columns were not written (`REFERENCES users`): the target's primary key,
 * looked up when the models are built. Spelled as an identifier, so a rewritten statement can carry
 * it through the parser.
 */
export const PRIMARY_KEY_OF_TARGET = '__bo_primary_key__';

export interface ColumnDef {
  name: string;
  /** Normalised (`normalizeSqlType`). */
  type: string;
  /** Undefined when the statement does not say (a column is then nullable unless in the key). */
  notNull?: boolean;
  default?: string | null;
  primaryKey?: boolean;
  unique?: boolean;
  /** Name given with `CONSTRAINT name` before an inline key or reference. */
  constraintName?: string;
  references?: { table: string; columns: string[] };
}

export type ConstraintDef =
  | { kind: 'primaryKey'; name?: string; columns: string[] }
  | { kind: 'unique'; name?: string; columns: string[] }
  | { kind: 'index'; name?: string; columns: string[] }
  | { kind: 'foreignKey'; name?: string; columns: string[]; table: string; refColumns: string[] };

export type CatalogOp =
  | { op: 'createTable'; table: string; ifNotExists: boolean; columns: ColumnDef[]; constraints: ConstraintDef[]; fromQuery?: boolean }
  | { op: 'dropTable'; table: string; ifExists: boolean }
  | { op: 'renameTable'; table: string; to: string }
  | { op: 'addColumn'; table: string; column: ColumnDef; ifNotExists: boolean }
  | { op: 'dropColumn'; table: string; column: string; ifExists: boolean }
  | { op: 'renameColumn'; table: string; from: string; to: string }
  /** `undefined` leaves a property as it is; `default: null` drops the default. */
  | { op: 'alterColumn'; table: string; column: string; type?: string; notNull?: boolean; default?: string | null }
  /** MySQL MODIFY / CHANGE: the column is redefined (and renamed, for CHANGE). */
  | { op: 'replaceColumn'; table: string; from: string; column: ColumnDef }
  | { op: 'addConstraint'; table: string; constraint: ConstraintDef }
  | { op: 'dropConstraint'; table: string; name: string; ifExists: boolean }
  | { op: 'dropPrimaryKey'; table: string }
  | { op: 'renameConstraint'; table: string; from: string; to: string }
  | { op: 'createIndex'; table: string; name?: string; columns: string[]; unique: boolean; ifNotExists: boolean }
  | { op: 'dropIndex'; name: string; table?: string; ifExists: boolean }
  | { op: 'renameIndex'; from: string; to: string; table?: string }
  | { op: 'createEnum'; name: string; values: string[] }
  | { op: 'dropType'; name: string; ifExists: boolean }
  | { op: 'addEnumValue'; name: string; value: string }
  | { op: 'none' };
