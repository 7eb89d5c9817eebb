import type { Model, ModelField } from '../../registry/schema.js';
import { defineRule } from '../define.js';
import { isTextType, sqlType } from './support/column-types.js';
import { eachModel } from './support/models.js';
import { fieldPlace } from './support/places.js';

export default defineRule({
  id: 'db/list-in-column',
  area: 'database',
  checklist: 'Normalized schema',
  severity: 'warning',
  docs: {
    description:
      'A comma-separated list in a text column (`tags TEXT` holding "a,b,c", `product_ids VARCHAR`) breaks first normal form: the values cannot be indexed, joined, referenced by a foreign key or changed one at a time. Flagged: text columns named like lists (`tags`, `labels`, `keywords`, `*_ids`, `*_list`, `*_csv`), text columns whose default is a comma list, and TypeORM `simple-array` columns. Arrays (`String[]`, `TEXT[]`) and JSON pass.',
    failing: `model Post {
  id   Int    @id
  tags String
}`,
    passing: `model Post {
  id   Int      @id
  tags String[]
}`,
    whenNotToUse: 'A column that stores an opaque string the database never looks into (a raw header value kept for audit) may keep it; say so with a bo-ignore and the reason.',
  },
  check(context, reporter) {
    return eachModel(context, reporter, (model, report) => {
      for (const field of model.fields) {
        const why = listReason(model, field);
        if (!why) continue;
        const place = fieldPlace(context, model, field.name);
        report({
          ...place.at,
          subject: model.name,
          message: `${place.label} ${why}: a comma-separated list in one column cannot be indexed, joined, referenced or updated one value at a time`,
          hint: `Store one value per row in a child table (${place.table?.name ?? model.table ?? model.name}_${singular(place.column)}: a foreign key to this table and the value), or use a list type: ${listTypeHint(model)}.`,
          ...(place.related.length ? { related: place.related } : {}),
        });
      }
    });
  },
});

/** Names that say "many values": `tags`, `labels`, `keywords`, `ids`, `*_ids`/`*Ids`, `*_list`/`*List`, `*_csv`/`*Csv`. */
const LIST_NAME = /^(?:tags|labels|keywords|ids)$|(?:_ids|[a-z0-9]Ids|_list|[a-z0-9]List|_csv|[a-z0-9]Csv)$/;

/** A quoted default of two or more comma-separated words without spaces: `'red,green'` (not prose: `'Hello, world'`). */
const LIST_DEFAULT = /^(['"])[^'",\s]+(?:,[^'",\s]+)+\1$/;

function listReason(model: Model, field: ModelField): string | undefined {
  if (/^simple-array$/i.test(field.type)) return 'is a TypeORM simple-array (a comma-separated text column)';
  const type = sqlType(model, field.type);
  if (!type || !isTextType(type)) return undefined;
  if (field.default && LIST_DEFAULT.test(field.default)) return `is a ${type} column whose default ${field.default} is a comma list`;
  if (LIST_NAME.test(field.name)) return `is a ${type} column named like a list`;
  return undefined;
}

const singular = (name: string) => name.replace(/_?(?:list|csv)$/i, '').replace(/ies$/, 'y').replace(/s$/, '') || name;

function listTypeHint(model: Model): string {
  switch (model.kind) {
    case 'prisma':
      return '`String[]` (PostgreSQL) or `Json`';
    case 'typeorm':
      return "`@Column('text', { array: true })` or `@Column('jsonb')`";
    case 'drizzle':
      return '`text().array()` or `jsonb()`';
    case 'sequelize':
      return '`DataTypes.ARRAY(DataTypes.STRING)` or `DataTypes.JSONB`';
    default:
      return '`TEXT[]` or `JSONB` (PostgreSQL)';
  }
}
