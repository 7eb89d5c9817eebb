/**
 * A table's indexes as the database has them, with where each is declared: the migrations' final
 * catalog when they create the table (primary key, unique constraints, indexes), else the code
 * model's (Prisma `@id`/`@unique`/`@@index`, ORM decorators and options). Only plain b-tree
 * indexes are listed: a partial, covering, GIN/GiST/hash index does not stand in for another.
 */
import type { Model } from '../../../registry/schema.js';
import type { CheckContext, RelatedLocation } from '../../types.js';
import { type Site, isPlainIndex, migrationHistory } from './history.js';
import { primaryKeyOf } from './models.js';
import { quotedNameLine } from './code-sites.js';
import { codeFieldSite, codeModelSite, tableOf } from './places.js';
import { type PrismaModelSite, prismaSites } from './prisma-sites.js';

export interface IndexEntry {
  /** `users_pkey`, `users_email_key`, or `(email)` for an unnamed one. */
  name: string;
  /** Column names when read from the migrations, field names when read from the code model. */
  columns: string[];
  unique: boolean;
  primary: boolean;
  at: Site;
  related: RelatedLocation[];
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x.toLowerCase() === b[i]?.toLowerCase());

export function tableIndexes(context: CheckContext, model: Model): IndexEntry[] {
  const table = tableOf(context, model);
  const history = migrationHistory(context);
  const prisma = model.kind === 'prisma' ? prismaSites(context).get(model.name) : undefined;
  const fallback: Site = codeModelSite(context, model) ?? { file: model.source?.file ?? '', line: model.source?.line ?? 1 };
  if (table && history) {
    const entries: IndexEntry[] = [];
    const fieldOf = (column: string) => (prisma ? ([...prisma.fields.values()].find((f) => f.column.toLowerCase() === column.toLowerCase())?.name ?? column) : column);
    const codeSite = (columns: string[], unique: boolean): RelatedLocation[] => {
      const line = prisma ? prismaIndexLine(prisma, columns.map(fieldOf), unique) : undefined;
      return prisma && line !== undefined ? [{ file: prisma.file, line, message: 'declared in the Prisma schema' }] : [];
    };
    if (table.primaryKey) {
      const { name, columns } = table.primaryKey;
      entries.push({ name, columns, unique: true, primary: true, at: history.siteOf(table.primaryKey) ?? fallback, related: codeSite(columns, true) });
    }
    const foreignKeyNames = new Set(table.foreignKeys.map((fk) => fk.name.toLowerCase()));
    for (const index of table.indexes) {
      if (!isPlainIndex(history.shapeOf(index))) continue;
      // MySQL's implicit index for a foreign key goes away by itself once another index can serve the key.
      if (history.dialect === 'mysql' && foreignKeyNames.has(index.name.toLowerCase())) continue;
      entries.push({ name: index.name, columns: index.columns, unique: index.unique, primary: false, at: history.siteOf(index) ?? fallback, related: codeSite(index.columns, index.unique) });
    }
    return entries;
  }
  const entries: IndexEntry[] = [];
  const key = primaryKeyOf(model);
  const keyIndexed = model.indexes.some((i) => i.unique && sameList(i.fields, key));
  const at = (fields: string[], unique: boolean, name?: string): Site => {
    const line = prisma ? prismaIndexLine(prisma, fields, unique) : undefined;
    if (prisma && line !== undefined) return { file: prisma.file, line };
    // An index the ORM code names (`index('x')`, `@Index('x')`, `{ name: 'x' }`) is where the name is written.
    const named = name && !prisma ? quotedNameLine(context, fallback.file, fallback.line, name) : undefined;
    if (named !== undefined) return { file: fallback.file, line: named };
    return fields.length === 1 ? (codeFieldSite(context, model, fields[0] as string) ?? fallback) : fallback;
  };
  if (key.length > 0 && !keyIndexed) entries.push({ name: `${model.table ?? model.name}_pkey`, columns: key, unique: true, primary: true, at: at(key, true), related: [] });
  for (const index of model.indexes) {
    if (prisma && prismaIndexType(prisma, index.fields, index.unique) !== undefined) continue;
    const primary = index.unique && key.length > 1 && sameList(index.fields, key);
    entries.push({ name: index.name ?? `(${index.fields.join(', ')})`, columns: index.fields, unique: index.unique, primary, at: at(index.fields, index.unique, index.name), related: [] });
  }
  return entries;
}

const prismaIndexOf = (prisma: PrismaModelSite, fields: string[], unique: boolean) =>
  prisma.indexes.find((i) => (unique ? i.kind !== 'index' : i.kind === 'index') && sameList(i.fields, fields));

const prismaIndexLine = (prisma: PrismaModelSite, fields: string[], unique: boolean) => prismaIndexOf(prisma, fields, unique)?.line;
const prismaIndexType = (prisma: PrismaModelSite, fields: string[], unique: boolean) => prismaIndexOf(prisma, fields, unique)?.type;
