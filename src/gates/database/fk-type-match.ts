import type { Model } from '../../registry/schema.js';
import { defineRule } from '../define.js';
import type { CheckContext } from '../types.js';
import { sqlType, typeKey } from './support/column-types.js';
import { eachModel } from './support/models.js';
import { fieldPlace } from './support/places.js';
import { foreignKeys, modelNamed } from './support/references.js';

export default defineRule({
  id: 'db/fk-type-match',
  area: 'database',
  checklist: 'Normalized schema',
  severity: 'error',
  docs: {
    description:
      "A foreign key column must have the referenced key's type. PostgreSQL refuses `uuid` referencing `text`; MySQL refuses `int` referencing `bigint` or `int unsigned`; where the database accepts a mismatch (`integer` referencing `bigint`), inserts fail once the key outgrows the smaller type. Lengths of string types and precisions are not compared, and text types count as one.",
    failing: `CREATE TABLE users (id BIGSERIAL PRIMARY KEY);
CREATE TABLE posts (
  id BIGSERIAL PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES users (id)
);`,
    passing: `CREATE TABLE users (id BIGSERIAL PRIMARY KEY);
CREATE TABLE posts (
  id BIGSERIAL PRIMARY KEY,
  author_id BIGINT NOT NULL REFERENCES users (id)
);`,
  },
  check(context, reporter) {
    return eachModel(context, reporter, (model, report) => {
      for (const key of foreignKeys(context, model)) {
        const target = modelNamed(context, key.target);
        if (!target) continue;
        key.fields.forEach((field, i) => {
          const referenced = target.fields.find((f) => f.name === key.targetFields[i]);
          if (!referenced) return;
          const own = typeIn(context, model, field.name, field.type);
          const theirs = typeIn(context, target, referenced.name, referenced.type);
          if (!own || !theirs || typeKey(own) === typeKey(theirs)) return;
          const place = fieldPlace(context, model, field.name);
          const targetPlace = fieldPlace(context, target, referenced.name);
          report({
            ...place.at,
            // TypeORM infers `varchar` for a string property; the join column may still get the key's type.
            ...(model.kind === 'typeorm' && typeKey(own) === 'string' ? { severity: 'warning' as const } : {}),
            subject: model.name,
            message: `foreign key ${place.label} is ${own} but references ${targetPlace.label}, which is ${theirs}`,
            hint: `Declare ${place.label} as ${theirs}${typeChangeHint(model, field.name, theirs)}.`,
            related: [{ ...targetPlace.at, message: `the referenced key ${targetPlace.label}` }, ...place.related],
          });
        });
      }
    });
  },
});

/** The type in the database: the migrations' column when they create it (what is really there), else the code's. */
function typeIn(context: CheckContext, model: Model, field: string, declared: string): string | undefined {
  const state = fieldPlace(context, model, field).state;
  return state ? sqlType({ kind: 'sql' }, state.type) : sqlType(model, declared);
}

function typeChangeHint(model: Model, field: string, type: string): string {
  if (model.kind === 'prisma') return ` (in model ${model.name}: \`${field} ${prismaSpelling(type)}\`), and migrate`;
  if (model.kind === 'sql') return ` (\`ALTER TABLE … ALTER COLUMN … TYPE ${type}\` in a new migration)`;
  return ' in the model and generate the migration';
}

/** `uuid` → `String @db.Uuid`, `bigint` → `BigInt`: how Prisma spells the referenced type. */
function prismaSpelling(type: string): string {
  const key = typeKey(type);
  if (key === 'uuid') return 'String @db.Uuid';
  if (key === 'bigint') return 'BigInt';
  if (key === 'integer') return 'Int';
  if (key === 'string') return 'String';
  return `<the referenced field's type: ${type}>`;
}
