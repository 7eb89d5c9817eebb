import type { Model } from '../../registry/schema.js';
import { defineRule } from '../define.js';
import { type IndexEntry, tableIndexes } from './support/indexes.js';
import { eachModel } from './support/models.js';
import { tableOf } from './support/places.js';

export default defineRule({
  id: 'db/redundant-index',
  area: 'database',
  checklist: 'Indexes optimized',
  severity: 'warning',
  docs: {
    description:
      'An index with the same columns in the same order as another (the primary key and unique constraints included), or whose columns are the leading columns of another, serves no lookup the other does not: it only slows every write and takes space. A unique index is never redundant to a longer one, since it enforces something the longer one does not. Partial, covering and non-b-tree indexes are not compared.',
    failing: `CREATE TABLE orders (id UUID PRIMARY KEY, user_id UUID NOT NULL, created_at TIMESTAMPTZ NOT NULL);
CREATE INDEX orders_user_id_idx ON orders (user_id);
CREATE INDEX orders_user_id_created_at_idx ON orders (user_id, created_at);`,
    passing: `CREATE TABLE orders (id UUID PRIMARY KEY, user_id UUID NOT NULL, created_at TIMESTAMPTZ NOT NULL);
CREATE INDEX orders_user_id_created_at_idx ON orders (user_id, created_at);`,
  },
  check(context, reporter) {
    return eachModel(context, reporter, (model, report) => {
      const entries = tableIndexes(context, model);
      const table = tableOf(context, model)?.name ?? model.table ?? model.name;
      for (const entry of entries) {
        const cover = coveringIndex(entry, entries);
        if (!cover) continue;
        const duplicate = cover.columns.length === entry.columns.length;
        const what = duplicate ? `duplicates ${describe(cover)}` : `is a prefix of ${describe(cover)}, which serves the same lookups`;
        report({
          ...entry.at,
          subject: model.name,
          message: `index ${describe(entry)} on ${table} ${what}`,
          hint: dropHint(model, entry, table),
          related: [{ ...cover.at, message: `the index it repeats: ${describe(cover)}` }, ...entry.related],
        });
      }
    });
  },
});

/**
 * The index that makes `entry` unnecessary: a later one with the same columns and uniqueness, any
 * with the same columns that is unique while this one is not (the primary key first), or a longer
 * one this one is the leading part of, when this one is not unique.
 */
function coveringIndex(entry: IndexEntry, entries: readonly IndexEntry[]): IndexEntry | undefined {
  if (entry.primary) return undefined;
  const position = entries.indexOf(entry);
  const startsWith = (other: IndexEntry) => entry.columns.every((c, i) => other.columns[i]?.toLowerCase() === c.toLowerCase());
  return entries.find((other, i) => {
    if (other === entry || !startsWith(other)) return false;
    if (other.columns.length > entry.columns.length) return !entry.unique;
    if (other.unique !== entry.unique) return other.unique;
    return other.primary || i < position;
  });
}

const describe = (entry: IndexEntry) => `${entry.primary ? 'primary key ' : ''}${entry.name.startsWith('(') ? '' : `${entry.name} `}(${entry.columns.join(', ')})`;

function dropHint(model: Model, entry: IndexEntry, table: string): string {
  const prisma = entry.related.find((r) => r.file.endsWith('.prisma')) ?? (model.kind === 'prisma' && entry.at.file.endsWith('.prisma') ? entry.at : undefined);
  if (prisma) return `Remove the ${entry.unique ? 'unique constraint' : 'index'} on (${entry.columns.join(', ')}) from model ${model.name} (line ${prisma.line} of ${prisma.file}) and create the migration.`;
  if (model.kind === 'sql' || entry.at.file.endsWith('.sql')) {
    return entry.unique && !entry.name.startsWith('(')
      ? `Drop it in a new migration: \`ALTER TABLE ${table} DROP CONSTRAINT ${entry.name};\` (or \`DROP INDEX ${entry.name};\` if it is an index).`
      : `Drop it in a new migration: \`DROP INDEX ${entry.name.startsWith('(') ? '<its name>' : entry.name};\`.`;
  }
  return `Remove the ${entry.unique ? 'unique constraint' : 'index'} on (${entry.columns.join(', ')}) from the model and generate the migration.`;
}
