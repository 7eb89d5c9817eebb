/**
 * Prisma schemas read again with the same parser (@mrleebo/prisma-ast) and its location tracking
 * on, which the scan leaves off for speed: the line of every model, field and block attribute,
 * the column behind each field (`@map`), the relation fields, and the index types (`type: Gin`).
 * Only the database rules need this, once per run, and only when the project has `.prisma` files.
 */
import { type BlockAttribute, type Model, PrismaParser, VisitorClassFactory, getSchema } from '@mrleebo/prisma-ast';
import { attribute, fieldList, keyArg, stringArg } from '../../../scan/models/prisma-attributes.js';
import type { CheckContext } from '../../types.js';

export interface PrismaFieldSite {
  name: string;
  line: number;
  /** The database column (`@map("x")`, else the field name). */
  column: string;
}

export interface PrismaRelationSite {
  name: string;
  line: number;
  /** `@relation(fields: [...])`: the scalar fields holding the key. */
  fields: string[];
}

export interface PrismaIndexSite {
  kind: 'id' | 'unique' | 'index';
  fields: string[];
  line: number;
  /** `type: Hash`, `type: Gin`…; undefined for the default b-tree. */
  type?: string;
}

export interface PrismaModelSite {
  name: string;
  file: string;
  line: number;
  fields: Map<string, PrismaFieldSite>;
  relations: PrismaRelationSite[];
  /** `@@id`, `@@unique`, `@@index`, and the field-level `@id` / `@unique`. */
  indexes: PrismaIndexSite[];
}

let located: { parser: PrismaParser; visitor: InstanceType<ReturnType<typeof VisitorClassFactory>> } | undefined;

function locatingParser() {
  if (!located) {
    const parser = new PrismaParser({ nodeLocationTracking: 'full' });
    const Visitor = VisitorClassFactory(parser);
    located = { parser, visitor: new Visitor() };
  }
  return located;
}

/** Every Prisma model of the project by name; a file that does not parse adds none (the scan reports it). */
export function prismaSites(context: CheckContext): Map<string, PrismaModelSite> {
  return context.memo('database/prisma-sites', () => {
    // A multi-file schema (`prisma/schema/*.prisma`) relates models across files: names first, then sites.
    const blocks: { block: Model; file: string }[] = [];
    for (const file of context.files) {
      if (!file.path.endsWith('.prisma') || !file.text.includes('model')) continue;
      try {
        for (const block of getSchema(file.text, locatingParser()).list) if (block.type === 'model') blocks.push({ block, file: file.path });
      } catch {
        // a syntax error: the scan reports it, and the file's models are not in the registry either
      }
    }
    const names = new Set(blocks.map(({ block }) => block.name));
    return new Map(blocks.map(({ block, file }) => [block.name, modelSite(block, file, names)]));
  });
}

function modelSite(block: Model, file: string, models: Set<string>): PrismaModelSite {
  const line = block.location?.startLine ?? 1;
  const site: PrismaModelSite = { name: block.name, file, line, fields: new Map(), relations: [], indexes: [] };
  for (const property of block.properties) {
    if (property.type === 'field') {
      const at = property.location?.startLine ?? line;
      if (typeof property.fieldType === 'string' && models.has(property.fieldType)) {
        site.relations.push({ name: property.name, line: at, fields: fieldList(attribute(property, 'relation')?.args, 'fields') });
        continue;
      }
      site.fields.set(property.name, { name: property.name, line: at, column: stringArg(attribute(property, 'map')?.args?.[0]) ?? property.name });
      for (const kind of ['id', 'unique'] as const) {
        if (attribute(property, kind)) site.indexes.push({ kind, fields: [property.name], line: at });
      }
    } else if (property.type === 'attribute' && (property.name === 'id' || property.name === 'unique' || property.name === 'index') && property.group === undefined) {
      const index: PrismaIndexSite = { kind: property.name, fields: fieldList(property.args), line: property.location?.startLine ?? line };
      const type = keyArg(property.args, 'type') ?? plainArg(property, 'type');
      if (type && type !== 'BTree') index.type = type;
      site.indexes.push(index);
    }
  }
  return site;
}

/** `type: Hash` is an identifier, not a string: `keyArg` reads strings only. */
function plainArg(block: BlockAttribute, key: string): string | undefined {
  for (const arg of block.args ?? []) {
    const value = arg.value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && value.type === 'keyValue' && value.key === key && typeof value.value === 'string') return value.value;
  }
  return undefined;
}
