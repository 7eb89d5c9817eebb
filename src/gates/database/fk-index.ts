import type { Model } from '../../registry/schema.js';
import { defineRule } from '../define.js';
import type { CheckContext } from '../types.js';
import type { Site } from './support/history.js';
import { eachModel, primaryKeyOf } from './support/models.js';
import { fieldPlace, tableOf } from './support/places.js';
import { prismaSites } from './support/prisma-sites.js';
import { type ForeignKey, foreignKeys, referenceSites, targetLabel } from './support/references.js';

export default defineRule({
  id: 'db/fk-index',
  area: 'database',
  checklist: 'Indexes optimized',
  severity: 'error',
  docs: {
    description:
      'Every foreign key needs an index whose first columns are the key\'s columns (its own index, a composite index it leads, or the primary key it leads). PostgreSQL and SQLite do not create one: without it, deleting or updating a referenced row and every join or lookup by the key scan the whole referencing table.',
    failing: `CREATE TABLE order_items (
  id UUID PRIMARY KEY,
  product_id UUID NOT NULL REFERENCES products (id)
);`,
    passing: `CREATE TABLE order_items (
  id UUID PRIMARY KEY,
  product_id UUID NOT NULL REFERENCES products (id)
);
CREATE INDEX order_items_product_id_idx ON order_items (product_id);`,
    whenNotToUse: 'A tiny lookup table that is never deleted from and never joined by the key may go without; say so with a bo-ignore and the reason.',
  },
  check(context, reporter) {
    return eachModel(context, reporter, (model, report) => {
      if (model.kind !== 'prisma' && indexedByInnodb(context, model)) return;
      for (const key of foreignKeys(context, model)) {
        const { covered, declared } = coverage(context, model, key);
        if (covered) continue;
        const first = key.fields[0]?.name as string;
        const place = fieldPlace(context, model, first);
        const columns = key.fields.map((f) => fieldPlace(context, model, f.name).column);
        const name = `${place.table?.name ?? model.table ?? model.name}_${columns.join('_')}_idx`;
        const sites = referenceSites(context, model, key).filter((s) => s.file !== place.at.file || s.line !== place.at.line);
        const related = [
          ...sites,
          ...place.related.filter((r) => !sites.some((s) => s.file === r.file && s.line === r.line)),
          ...(declared ? [{ ...declared, message: 'the index the model declares' }] : []),
        ];
        const table = place.table?.name ?? model.table ?? model.name;
        const what = `foreign key ${columns.length > 1 ? `(${place.label}, ${columns.slice(1).join(', ')})` : place.label} → ${targetLabel(context, key)}`;
        const sql = `CREATE INDEX "${name}" ON "${table}"(${columns.map((c) => `"${c}"`).join(', ')});`;
        report({
          ...place.at,
          subject: model.name,
          message: declared
            ? `${what} has no index in the database: model ${model.name} declares one (${declared.file}:${declared.line}) but no migration creates it`
            : `${what} has no index that starts with ${columns.join(', ')}: deleting or updating a referenced row, and every lookup or join by it, scans ${table}`,
          hint: declared ? `Create the migration for it (\`prisma migrate dev\`), which writes ${sql}` : indexHint(model, key, name, table, columns, sql),
          ...(related.length ? { related } : {}),
        });
      }
    });
  },
});

const MYSQL_DRIVERS = ['mysql', 'mysql2', 'mariadb'];
const OTHER_DRIVERS = ['pg', 'postgres', 'pg-promise', '@neondatabase/serverless', '@vercel/postgres', '@electric-sql/pglite', 'better-sqlite3', 'sqlite3', 'sqlite', '@libsql/client', 'tedious', 'mssql', 'oracledb'];

/**
 * MySQL's InnoDB gives every foreign key an index of its own. The scan knows it for Prisma and for
 * migrations read as MySQL; for code models it shows in a Drizzle \`mysqlTable\` file, or in a project
 * whose only database driver is MySQL's.
 */
function indexedByInnodb(context: CheckContext, model: Model): boolean {
  if (model.kind === 'drizzle' && model.source && context.fileText(model.source.file)?.includes('drizzle-orm/mysql-core')) return true;
  return context.memo('database/mysql-only', () => {
    let manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } = {};
    try {
      manifest = JSON.parse(context.packageJson?.text ?? '{}') as typeof manifest;
    } catch {
      return false;
    }
    const names = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
    return MYSQL_DRIVERS.some((d) => names.has(d)) && !OTHER_DRIVERS.some((d) => names.has(d));
  });
}

const leads = (lists: readonly string[][], wanted: readonly string[]) =>
  lists.some((list) => list.length >= wanted.length && wanted.every((w) => list.slice(0, wanted.length).some((c) => c.toLowerCase() === w.toLowerCase())));

/**
 * Whether an index, unique constraint or the primary key starts with the key's columns (in any
 * order). A table the migrations create is judged by what they create: an index the Prisma schema
 * declares but no migration has is not in the database (and is named in the finding). Otherwise
 * the model's indexes (code and migrations merged) decide.
 */
function coverage(context: CheckContext, model: Model, key: ForeignKey): { covered: boolean; declared?: Site } {
  const fields = key.fields.map((f) => f.name);
  const places = fields.map((f) => fieldPlace(context, model, f));
  const table = tableOf(context, model);
  if (table && places.every((p) => p.state)) {
    if (leads([table.primaryKey?.columns ?? [], ...table.indexes.map((i) => i.columns)], places.map((p) => p.column))) return { covered: true };
    const prisma = model.kind === 'prisma' ? prismaSites(context).get(model.name) : undefined;
    const declared = prisma?.indexes.find((i) => leads([i.fields], fields));
    return prisma && declared ? { covered: false, declared: { file: prisma.file, line: declared.line } } : { covered: false };
  }
  return { covered: leads([primaryKeyOf(model), ...model.indexes.map((i) => i.fields)], fields) || (fields.length === 1 && key.fields[0]?.unique === true) };
}

function indexHint(model: Model, key: ForeignKey, name: string, table: string, columns: string[], sql: string): string {
  const fields = key.fields.map((f) => f.name);
  switch (model.kind) {
    case 'prisma':
      return `Add \`@@index([${fields.join(', ')}])\` to model ${model.name} and create the migration (\`prisma migrate dev\`), which writes ${sql}`;
    case 'typeorm':
      return `Add \`@Index()\` above the relation property of ${fields.join(', ')} in the ${model.name} entity (or \`@Index([...])\` on the class) and generate the migration, which creates ${sql}`;
    case 'drizzle':
      return `Add \`index('${name}').on(${fields.map((f) => `t.${f}`).join(', ')})\` to the table's third argument and generate the migration, which creates ${sql}`;
    case 'sequelize':
      return `Add \`{ fields: [${columns.map((c) => `'${c}'`).join(', ')}] }\` to the model's \`indexes\` and a migration with \`queryInterface.addIndex('${table}', [${columns.map((c) => `'${c}'`).join(', ')}])\``;
    default:
      return `Add a migration with ${sql} (on PostgreSQL, \`CREATE INDEX CONCURRENTLY\` avoids locking writes to a large table).`;
  }
}
