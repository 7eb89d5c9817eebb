/**
 * The final catalog as registry models (`kind: 'sql'`, name = table name, fields = columns).
 * Indexes list every unique constraint and index in creation order, and the primary key first when
 * it has several columns: its column order decides which foreign keys it serves, which the
 * fields' `primaryKey` flags cannot say. A single-column key is only its field's flag.
 */
import type { Model, ModelField, ModelIndex } from '../../../registry/schema.js';
import type { Catalog, TableState } from './catalog.js';
import { PRIMARY_KEY_OF_TARGET } from './ops.js';

export function catalogModels(catalog: Catalog): Model[] {
  return [...catalog.tables.values()].sort((a, b) => a.order - b.order).map((table) => tableModel(table, catalog));
}

function tableModel(table: TableState, catalog: Catalog): Model {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const keyColumns = table.primaryKey?.columns ?? [];
  const fields = table.columns.map((column): ModelField => {
    const primaryKey = keyColumns.some((c) => same(c, column.name));
    const unique = table.indexes.some((index) => index.unique && index.columns.length === 1 && same(index.columns[0] as string, column.name));
    const field: ModelField = { name: column.name, type: column.type, nullable: !column.notNull && !primaryKey, primaryKey, unique };
    if (column.default !== null) field.default = column.default;
    const references = referenceOf(table, column.name, catalog);
    if (references) field.references = references;
    return field;
  });
  const indexes: ModelIndex[] = [];
  if (table.primaryKey && keyColumns.length > 1) indexes.push({ name: table.primaryKey.name, fields: keyColumns, unique: true });
  for (const index of table.indexes) indexes.push({ name: index.name, fields: index.columns, unique: index.unique });
  return { name: table.name, kind: 'sql', table: table.name, fields, indexes, source: table.source };
}

function referenceOf(table: TableState, column: string, catalog: Catalog): ModelField['references'] {
  for (const fk of table.foreignKeys) {
    const position = fk.columns.findIndex((c) => c.toLowerCase() === column.toLowerCase());
    if (position < 0) continue;
    // A table that was dropped takes its incoming references with it (PostgreSQL's CASCADE).
    const target = catalog.table(fk.table);
    if (!target && catalog.dropped.has(fk.table.toLowerCase())) continue;
    let field = fk.refColumns[position] ?? PRIMARY_KEY_OF_TARGET;
    // `REFERENCES users` names no column: it is the target's primary key.
    if (field === PRIMARY_KEY_OF_TARGET) field = target?.primaryKey?.columns[position] ?? 'id';
    return { model: target?.name ?? fk.table, field };
  }
  return undefined;
}
