/**
 * Foreign keys as the rules read them from the registry: the referencing fields grouped into one
 * key (a composite key references several columns of one target), the target model, and where the
 * constraint and the ORM relation are written.
 */
import type { Model, ModelField } from '../../../registry/schema.js';
import type { CheckContext, RelatedLocation } from '../../types.js';
import { migrationHistory } from './history.js';
import { columnName, tableOf } from './places.js';
import { prismaSites } from './prisma-sites.js';

export interface ForeignKey {
  fields: ModelField[];
  /** The target model as the registry names it, and its referenced fields in order. */
  target: string;
  targetFields: string[];
}

/**
 * Fields referencing the same model's different fields form one composite key (`(order_id,
 * line_no) → order_lines(order_id, line_no)`); two fields referencing the same field of one model
 * (`sender_id`, `receiver_id` → `users.id`) are two keys.
 */
export function foreignKeys(context: CheckContext, model: Model): ForeignKey[] {
  const keys: ForeignKey[] = [];
  for (const field of model.fields) {
    const reference = field.references;
    if (!reference) continue;
    const composite = keys.find((k) => k.target === reference.model && !k.targetFields.includes(reference.field) && isCompositeKey(context, k.target, [...k.targetFields, reference.field]));
    if (composite) {
      composite.fields.push(field);
      composite.targetFields.push(reference.field);
    } else keys.push({ fields: [field], target: reference.model, targetFields: [reference.field] });
  }
  return keys;
}

/** Whether the target has a key (primary or unique) made of exactly these fields. */
function isCompositeKey(context: CheckContext, target: string, fields: string[]): boolean {
  const model = modelNamed(context, target);
  if (!model) return false;
  const keys = [model.fields.filter((f) => f.primaryKey).map((f) => f.name), ...model.indexes.filter((i) => i.unique).map((i) => i.fields)];
  return keys.some((key) => key.length === fields.length && fields.every((f) => key.includes(f)));
}

/** A model by the name a reference gives: the model's own name, else its table's (case-blind). */
export function modelNamed(context: CheckContext, name: string): Model | undefined {
  const byName = context.memo('database/models-by-name', () => {
    const map = new Map<string, Model>();
    for (const model of context.registry.models) {
      if (!map.has(model.name)) map.set(model.name, model);
      const table = (model.table ?? model.name).toLowerCase().replace(/^public\./, '');
      if (!map.has(table)) map.set(table, model);
    }
    return map;
  });
  return byName.get(name) ?? byName.get(name.toLowerCase().replace(/^public\./, ''));
}

/** `products.id` (database names when the migrations create the table), else `Product.id`. */
export function targetLabel(context: CheckContext, key: ForeignKey): string {
  const target = modelNamed(context, key.target);
  if (!target) return `${key.target}.${key.targetFields.join(', ')}`;
  const table = tableOf(context, target);
  const columns = key.targetFields.map((f) => columnName(context, target, f, table));
  return table ? `${table.name}.${columns.join(', ')}` : `${target.name}.${key.targetFields.join(', ')}`;
}

/** The constraint in the migrations and the relation in the Prisma schema, where there are. */
export function referenceSites(context: CheckContext, model: Model, key: ForeignKey): RelatedLocation[] {
  const related: RelatedLocation[] = [];
  const table = tableOf(context, model);
  const first = key.fields[0] as ModelField;
  const column = columnName(context, model, first.name, table).toLowerCase();
  const constraint = table?.foreignKeys.find((fk) => fk.columns[0]?.toLowerCase() === column);
  const site = constraint ? migrationHistory(context)?.siteOf(constraint) : undefined;
  if (constraint && site) related.push({ ...site, message: `the foreign key constraint ${constraint.name}` });
  const prisma = model.kind === 'prisma' ? prismaSites(context).get(model.name) : undefined;
  const field = prisma?.fields.get(first.name);
  if (prisma && field) related.push({ file: prisma.file, line: field.line, message: `${model.name}.${first.name} in the Prisma schema` });
  const relation = prisma?.relations.find((r) => r.fields.includes(first.name));
  if (prisma && relation) related.push({ file: prisma.file, line: relation.line, message: `the relation ${model.name}.${relation.name}` });
  return related;
}
