import type { Model } from '../../registry/schema.js';
import { defineRule } from '../define.js';
import { eachModel } from './support/models.js';
import { modelPlace } from './support/places.js';

export default defineRule({
  id: 'db/primary-key',
  area: 'database',
  checklist: 'Normalized schema',
  severity: 'error',
  docs: {
    description:
      'Every table needs a primary key: without one, rows cannot be told apart, updates and deletes by identity are unsafe, replication and most ORMs need one. A join table whose rows are identified by a unique constraint over its foreign keys is only warned: declare that constraint as the primary key.',
    failing: `CREATE TABLE audit_events (
  actor_id UUID,
  action TEXT NOT NULL
);`,
    passing: `CREATE TABLE audit_events (
  id BIGSERIAL PRIMARY KEY,
  actor_id UUID,
  action TEXT NOT NULL
);`,
    whenNotToUse: 'Append-only staging or log tables loaded in bulk and never updated by row may go without; say so with a bo-ignore and the reason.',
  },
  check(context, reporter) {
    return eachModel(context, reporter, (model, report) => {
      if (model.fields.length === 0 || model.fields.some((f) => f.primaryKey)) return;
      const place = modelPlace(context, model);
      if (place.table?.primaryKey) return; // the migrations give it one the code model does not say
      const name = place.table?.name ?? model.table ?? model.name;
      const identifying = identifyingUnique(model);
      if (identifying) {
        report({
          ...place.at,
          severity: 'warning',
          subject: model.name,
          message: `table ${name} has no primary key; its rows are identified by the unique (${identifying.join(', ')}) only`,
          hint: keyHint(model, identifying),
          ...(place.related.length ? { related: place.related } : {}),
        });
        return;
      }
      report({
        ...place.at,
        subject: model.name,
        message: `table ${name} has no primary key`,
        hint: keyHint(model, undefined),
        ...(place.related.length ? { related: place.related } : {}),
      });
    });
  },
});

/** A unique index over required columns: it identifies rows as a key would (a join table's pair). */
function identifyingUnique(model: Model): string[] | undefined {
  const required = (name: string) => model.fields.find((f) => f.name === name)?.nullable === false;
  return model.indexes.find((i) => i.unique && i.fields.length > 0 && i.fields.every(required))?.fields;
}

function keyHint(model: Model, unique: string[] | undefined): string {
  if (unique) {
    if (model.kind === 'prisma') return `Replace \`@@unique([${unique.join(', ')}])\` with \`@@id([${unique.join(', ')}])\` in model ${model.name}.`;
    return `Make (${unique.join(', ')}) the primary key: \`ALTER TABLE ${model.table ?? model.name} ADD PRIMARY KEY (${unique.join(', ')});\` and drop the now redundant unique constraint.`;
  }
  switch (model.kind) {
    case 'prisma':
      return `Add an id field to model ${model.name}: \`id String @id @default(uuid())\` (or \`Int @id @default(autoincrement())\`), or \`@@id([...])\` over the columns that identify a row.`;
    case 'typeorm':
      return 'Add `@PrimaryGeneratedColumn() id: number;` (or `@PrimaryColumn()` on the identifying column) to the entity.';
    case 'drizzle':
      return "Add `id: serial('id').primaryKey()` (or `primaryKey({ columns: [...] })` in the table's third argument).";
    default:
      return `Add a migration: \`ALTER TABLE ${model.table ?? model.name} ADD COLUMN id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY;\` or \`ADD PRIMARY KEY (...)\` over the identifying columns.`;
  }
}
