/**
 * The Prisma models as the translation of Prisma Client calls into SQL needs them, by delegate
 * name (`orderItem` for `OrderItem`, the name the client code uses): the table as the query
 * engine names it (`"public"."Order"`, from `@@map` and `@@schema`), the column of each scalar
 * field, the primary key, the compound unique inputs a `where` may use (`userId_productId`), and
 * for each relation field the columns that join the two tables. Columns and keys come from the
 * located sites the other database rules use; what those do not keep (the table, the relation's
 * target and references, the names of the relation and of compound keys) is read from the schema.
 */
import { type BlockAttribute, type Field, type Model, getSchema } from '@mrleebo/prisma-ast';
import { attribute, fieldList, keyArg, stringArg } from '../../../scan/models/prisma-attributes.js';
import type { SourceFile } from '../../../scan/types.js';
import type { CheckContext } from '../../types.js';
import { type PrismaModelSite, prismaSites } from '../support/prisma-sites.js';
import { quoteIdent } from './connection.js';

/** A pair of fields equal across a relation: `own` on this model, `other` on the related one. */
export interface JoinPair {
  own: string;
  other: string;
}

export interface PrismaRelation {
  /** The related model's name. */
  model: string;
  list: boolean;
  /** How the two tables join; undefined when no side names the key (an implicit many-to-many). */
  join?: JoinPair[];
  /** This model holds the foreign key (`@relation(fields: …)` is on this side). */
  holdsKey: boolean;
}

export interface PrismaModel {
  name: string;
  /** The table as the query engine writes it: `"public"."User"`. */
  table: string;
  /** Scalar field → column (`@map`), in schema order. */
  columns: Map<string, string>;
  /** The primary key's fields. */
  key: string[];
  /** Compound unique inputs of `where` (`userId_productId`, or the `name:` given) → fields. */
  compounds: Map<string, string[]>;
  relations: Map<string, PrismaRelation>;
}

/** The client's delegate name of a model: its name with the first letter in lower case. */
export const delegateName = (model: string): string => model.charAt(0).toLowerCase() + model.slice(1);

/** The project's Prisma models by delegate name (empty when it has no Prisma schema). */
export function prismaModels(context: CheckContext): Map<string, PrismaModel> {
  return context.memo('database/live/prisma-models', () => buildPrismaModels(prismaSites(context), context.files));
}

/** A relation field as the schema writes it. */
interface SchemaRelation {
  model: string;
  list: boolean;
  /** `@relation(fields: [...], references: [...])`, empty on the side without the key. */
  fields: string[];
  references: string[];
  /** `@relation("name")`: pairs the two sides when a model relates to another more than once. */
  name?: string;
}

interface SchemaFacts {
  table: string;
  schema: string;
  relations: Map<string, SchemaRelation>;
  /** `name:` of `@@id` / `@@unique` → fields. */
  namedCompounds: Map<string, string[]>;
}

export function buildPrismaModels(sites: Map<string, PrismaModelSite>, files: readonly SourceFile[]): Map<string, PrismaModel> {
  const facts = schemaFacts(files, new Set(sites.keys()));
  const models = new Map<string, PrismaModel>();
  for (const [name, site] of sites) {
    const fact = facts.get(name);
    if (!fact) continue;
    const compounds = new Map<string, string[]>();
    for (const index of site.indexes) {
      if (index.kind !== 'index' && index.fields.length > 1) compounds.set(index.fields.join('_'), index.fields);
    }
    for (const [compound, fields] of fact.namedCompounds) compounds.set(compound, fields);
    const relations = new Map<string, PrismaRelation>();
    for (const [field, relation] of fact.relations) {
      relations.set(field, { model: relation.model, list: relation.list, holdsKey: relation.fields.length > 0, ...joinOf(name, field, relation, facts) });
    }
    models.set(delegateName(name), {
      name,
      table: `${quoteIdent(fact.schema)}.${quoteIdent(fact.table)}`,
      columns: new Map([...site.fields].map(([field, { column }]) => [field, column])),
      key: site.indexes.find((index) => index.kind === 'id')?.fields ?? [],
      compounds,
      relations,
    });
  }
  return models;
}

/**
 * The join of a relation: its own `fields` / `references` when it holds the key, else those of
 * the one field on the other side with the same relation name that does (never itself: a
 * self-relation has both sides on one model).
 */
function joinOf(model: string, field: string, relation: SchemaRelation, facts: Map<string, SchemaFacts>): { join?: JoinPair[] } {
  if (relation.fields.length > 0) {
    if (relation.fields.length !== relation.references.length) return {};
    return { join: relation.fields.map((own, i) => ({ own, other: relation.references[i] as string })) };
  }
  const opposite = [...(facts.get(relation.model)?.relations ?? [])].filter(
    ([name, other]) => other.model === model && other.name === relation.name && other.fields.length > 0 && !(relation.model === model && name === field),
  );
  if (opposite.length !== 1) return {};
  const [, other] = opposite[0] as [string, SchemaRelation];
  if (other.fields.length !== other.references.length) return {};
  return { join: other.references.map((own, i) => ({ own, other: other.fields[i] as string })) };
}

/** What each model's block says of its table, relations and compound key names; a file that does not parse adds nothing. */
function schemaFacts(files: readonly SourceFile[], modelNames: Set<string>): Map<string, SchemaFacts> {
  const facts = new Map<string, SchemaFacts>();
  for (const file of files) {
    if (!file.path.endsWith('.prisma') || !file.text.includes('model')) continue;
    let blocks: Model[];
    try {
      blocks = getSchema(file.text).list.filter((block): block is Model => block.type === 'model');
    } catch {
      continue; // the scan reports the syntax error
    }
    for (const block of blocks) facts.set(block.name, modelFacts(block, modelNames));
  }
  return facts;
}

function modelFacts(block: Model, modelNames: Set<string>): SchemaFacts {
  const attributes = block.properties.filter((p): p is BlockAttribute => p.type === 'attribute');
  const blockString = (name: string) => stringArg(attributes.find((a) => a.name === name && a.group === undefined)?.args?.[0]);
  const namedCompounds = new Map<string, string[]>();
  for (const compound of attributes) {
    if (compound.name !== 'id' && compound.name !== 'unique') continue;
    const name = keyArg(compound.args, 'name');
    if (name) namedCompounds.set(name, fieldList(compound.args));
  }
  const relations = new Map<string, SchemaRelation>();
  for (const field of block.properties.filter((p): p is Field => p.type === 'field')) {
    if (typeof field.fieldType !== 'string' || !modelNames.has(field.fieldType)) continue;
    const args = attribute(field, 'relation')?.args;
    const name = keyArg(args, 'name') ?? stringArg(args?.[0]);
    relations.set(field.name, {
      model: field.fieldType,
      list: field.array === true,
      fields: fieldList(args, 'fields'),
      references: fieldList(args, 'references'),
      ...(name === undefined ? {} : { name }),
    });
  }
  return { table: blockString('map') ?? block.name, schema: blockString('schema') ?? 'public', relations, namedCompounds };
}
