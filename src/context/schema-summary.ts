/**
 * Models as the context package shows them: one short line per field and one per index, enough
 * for an agent to write a query or a migration without opening the schema file.
 */
import type { Model, ModelField } from '../registry/schema.js';
import type { SchemaEntry } from './types.js';

/** `Int [pk]`, `String [unique, nullable]`, `Int [-> User.id]`, `String [default 'active']`. */
export function describeField(field: ModelField): string {
  const flags = [
    field.primaryKey ? 'pk' : undefined,
    field.unique ? 'unique' : undefined,
    field.nullable ? 'nullable' : undefined,
    field.default !== undefined && field.default !== null ? `default ${field.default}` : undefined,
    field.references ? `-> ${field.references.model}.${field.references.field}` : undefined,
  ].filter((flag) => flag !== undefined);
  return flags.length > 0 ? `${field.type} [${flags.join(', ')}]` : field.type;
}

export function describeModel(model: Model): SchemaEntry {
  const fields: Record<string, string> = {};
  for (const field of model.fields) fields[field.name] = describeField(field);
  return { name: model.name, ...(model.table && model.table !== model.name ? { table: model.table } : {}), fields };
}

/**
 * `order_items(product_id)`, `users(email) unique`: declared indexes, and the unique indexes a
 * `unique` field implies when no declared index already covers it. Primary keys are left out:
 * every table has one.
 */
export function describeIndexes(model: Model): string[] {
  const table = model.table ?? model.name;
  const found = model.indexes.map((index) => ({ fields: index.fields, unique: index.unique }));
  for (const field of model.fields) {
    if (field.unique && !field.primaryKey && !found.some((i) => i.unique && i.fields.length === 1 && i.fields[0] === field.name)) {
      found.push({ fields: [field.name], unique: true });
    }
  }
  return found.map((index) => `${table}(${index.fields.join(', ')})${index.unique ? ' unique' : ''}`);
}
