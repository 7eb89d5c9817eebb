/**
 * One picture of the data model when code and migrations both describe it.
 *
 * The rule: models defined in code (Prisma, TypeORM, Drizzle, Sequelize) are the model list, with
 * the names and types the code uses. The migrations, applied in order, are what the database
 * really has, so for a code model whose table the migrations create (matched by table name,
 * case-insensitively, `public.` ignored):
 *  - every index and unique constraint of the table that the model does not already declare (same
 *    fields and uniqueness, or same name) is added, its columns translated to the model's field
 *    names (`product_id` → `productId`); a column no field maps to keeps its column name;
 *  - a foreign key the model does not declare is added to its field, pointing at the code model of
 *    the target table when there is one.
 * Tables the migrations create and no code model maps are added as `sql` models, their foreign keys
 * pointing at code models where those exist. Without code models, the migrations' tables are the
 * list. So an index created only in a migration shows on the Prisma model, and a foreign key column
 * that no index or primary key starts with is visible as such whichever source declared what.
 */
import type { Model, ModelField, ModelIndex } from '../../registry/schema.js';
import { columnOf, type ModelsResult, type OrmResult } from './types.js';

const tableKey = (table: string | undefined) => (table ?? '').toLowerCase().replace(/^public\./, '');

interface Mapped {
  model: Model;
  /** Column (lower case) → field name. */
  fieldOf: Map<string, string>;
}

export function mergeModels(code: readonly OrmResult[], sql: ModelsResult | undefined): Model[] {
  const mapped: Mapped[] = code.flatMap((result) =>
    result.models.map((model) => ({
      model,
      fieldOf: new Map(model.fields.map((field) => [columnOf(result.columns, model, field.name).toLowerCase(), field.name])),
    })),
  );
  const models = mapped.map((m) => m.model);
  if (!sql) return models;
  const byTable = new Map<string, Mapped>();
  const owning = new Map<string, Mapped[]>();
  for (const entry of mapped) {
    const key = tableKey(entry.model.table);
    if (!byTable.has(key)) byTable.set(key, entry);
    owning.set(key, [...(owning.get(key) ?? []), entry]);
  }

  // A reference to a table's column, as the code model of that table names it.
  const translate = (reference: NonNullable<ModelField['references']>): NonNullable<ModelField['references']> => {
    const target = byTable.get(tableKey(reference.model));
    if (!target) return reference;
    return { model: target.model.name, field: target.fieldOf.get(reference.field.toLowerCase()) ?? reference.field };
  };

  const unmodelled: Model[] = [];
  for (const table of sql.models) {
    const owners = owning.get(tableKey(table.table)) ?? [];
    if (owners.length === 0) {
      unmodelled.push({ ...table, fields: table.fields.map((f) => (f.references ? { ...f, references: translate(f.references) } : f)) });
      continue;
    }
    for (const owner of owners) enrich(owner, table, translate);
  }
  return [...models, ...unmodelled];
}

function enrich(owner: Mapped, table: Model, translate: (r: NonNullable<ModelField['references']>) => NonNullable<ModelField['references']>): void {
  const { model, fieldOf } = owner;
  const fieldName = (column: string) => fieldOf.get(column.toLowerCase()) ?? column;
  const same = (a: ModelIndex, fields: string[], unique: boolean) =>
    a.unique === unique && a.fields.length === fields.length && a.fields.every((f, i) => f === fields[i]);
  for (const index of table.indexes) {
    const fields = index.fields.map(fieldName);
    if (model.indexes.some((existing) => same(existing, fields, index.unique) || (existing.name !== undefined && existing.name === index.name))) continue;
    model.indexes.push(index.name === undefined ? { fields, unique: index.unique } : { name: index.name, fields, unique: index.unique });
    const only = index.unique && fields.length === 1 ? model.fields.find((f) => f.name === fields[0]) : undefined;
    if (only && !only.primaryKey) only.unique = true;
  }
  for (const column of table.fields) {
    if (!column.references) continue;
    const field = model.fields.find((f) => f.name === fieldName(column.name));
    if (field && !field.references) field.references = translate(column.references);
  }
}
