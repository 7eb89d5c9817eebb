/**
 * Where a finding about a model, a field or an index goes. A table the migrations create is
 * reported where the migration declares the column, key or index (that is the database's
 * definition), with the code's declaration (Prisma field, TypeORM property…) as the related
 * location; without migrations, the code's line. One place per finding, whichever source the
 * merged registry took the fact from.
 */
import type { Model } from '../../../registry/schema.js';
import type { ColumnState, TableState } from '../../../scan/models/sql/catalog.js';
import type { CheckContext, RelatedLocation } from '../../types.js';
import { codeFieldLine, fileLines } from './code-sites.js';
import { type Site, migrationHistory } from './history.js';
import { prismaSites } from './prisma-sites.js';

export interface Place {
  at: Site;
  related: RelatedLocation[];
}

export interface FieldPlace extends Place {
  /** The field as the database names it: `order_items.product_id`, or `OrderItem.productId` without migrations. */
  label: string;
  column: string;
  table?: TableState;
  state?: ColumnState;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const snakeCase = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** The table the migrations leave for a model, when they create it. */
export function tableOf(context: CheckContext, model: Model): TableState | undefined {
  return migrationHistory(context)?.catalog.table(model.table ?? model.name);
}

/** Where a model is declared in code (its Prisma block, entity class, table call), when it is code. */
export function codeModelSite(context: CheckContext, model: Model): Site | undefined {
  if (model.kind === 'sql' || !model.source) return undefined;
  const prisma = model.kind === 'prisma' ? prismaSites(context).get(model.name) : undefined;
  return prisma ? { file: prisma.file, line: prisma.line } : { file: model.source.file, line: model.source.line ?? 1 };
}

/** Where a field is declared in code, falling back to its model's line. */
export function codeFieldSite(context: CheckContext, model: Model, field: string): Site | undefined {
  const modelSite = codeModelSite(context, model);
  if (!modelSite) return undefined;
  if (model.kind === 'prisma') {
    const line = prismaSites(context).get(model.name)?.fields.get(field)?.line;
    return line === undefined ? modelSite : { file: modelSite.file, line };
  }
  // A join column the ORM adds (`authorId` for the `author` relation) is written as its relation.
  const line = codeFieldLine(context, modelSite.file, modelSite.line, field) ?? codeFieldLine(context, modelSite.file, modelSite.line, field.replace(/_?[iI]d$/, ''));
  return line === undefined ? modelSite : { file: modelSite.file, line };
}

/** The column behind a field of a code model: `@map`, the ORM's column name, or the field's own name. */
export function columnName(context: CheckContext, model: Model, field: string, table: TableState | undefined): string {
  if (model.kind === 'sql') return field;
  if (model.kind === 'prisma') return prismaSites(context).get(model.name)?.fields.get(field)?.column ?? field;
  if (!table) return field;
  const direct = table.columns.find((c) => same(c.name, field) || same(c.name, snakeCase(field)));
  if (direct) return direct.name;
  // `integer('author_id')`, `@Column({ name: 'author_id' })`: the name is on the field's line or its decorators just above.
  const site = codeFieldSite(context, model, field);
  const text = site ? fileLines(context, site.file).slice(Math.max(0, site.line - 4), site.line).join('\n') : '';
  return table.columns.find((c) => text.includes(`'${c.name}'`) || text.includes(`"${c.name}"`) || text.includes(`\`${c.name}\``))?.name ?? field;
}

export function modelPlace(context: CheckContext, model: Model): Place & { table?: TableState } {
  const table = tableOf(context, model);
  const sql = table ? migrationHistory(context)?.siteOf(table) : undefined;
  const code = codeModelSite(context, model);
  const fallback: Site = { file: model.source?.file ?? '', line: model.source?.line ?? 1 };
  const at = sql ?? code ?? fallback;
  const related = sql && code ? [{ ...code, message: `model ${model.name} in code` }] : [];
  return table ? { at, related, table } : { at, related };
}

export function fieldPlace(context: CheckContext, model: Model, field: string): FieldPlace {
  const table = tableOf(context, model);
  const column = columnName(context, model, field, table);
  const state = table?.columns.find((c) => same(c.name, column));
  const sql = state ? migrationHistory(context)?.siteOf(state) : undefined;
  const code = codeFieldSite(context, model, field);
  const at = sql ?? code ?? modelPlace(context, model).at;
  const related = sql && code ? [{ ...code, message: `${model.name}.${field} in code` }] : [];
  const label = table && state ? `${table.name}.${state.name}` : `${model.name}.${field}`;
  const place: FieldPlace = { at, related, label, column: state?.name ?? column };
  if (table) place.table = table;
  if (state) place.state = state;
  return place;
}
