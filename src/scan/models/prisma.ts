/**
 * Prisma schema → models (`kind: 'prisma'`): one file or a multi-file schema
 * (`prisma/schema/*.prisma`), read together so relations may cross files. Field names are Prisma's
 * (what the code uses), `table` is the database table (`@@map`), and the column behind a mapped
 * field is given in `columns` for the merge with migrations. Types are Prisma's with the native
 * type when one is set (`String @db.Uuid`), since that is what decides whether a foreign key's type
 * matches its target. Relation fields (`author User`) are not columns: their `fields` /
 * `references` become the scalar field's `references`. Enums, views and composite types are not
 * models. Index names are the `map:` given or Prisma's default (`users_email_key`,
 * `posts_author_id_idx`, `post_tags_pkey`), which are the names in the migrations it generates.
 */
import { type BlockAttribute, type Field, type Model as PrismaModel, type Schema, getSchema } from '@mrleebo/prisma-ast';
import type { Model, ModelField, ModelIndex } from '../../registry/schema.js';
import { LineIndex } from '../position.js';
import type { ScanProblem, SourceFile } from '../types.js';
import { attribute, fieldList, keyArg, stringArg, typeText, unquote, valueText } from './prisma-attributes.js';
import type { ColumnNames, OrmResult } from './types.js';

export interface PrismaResult extends OrmResult {
  /** The datasource's `provider` (`postgresql`, `mysql`, `sqlite`…), when a schema file sets one. */
  provider?: string;
}

interface Located {
  model: PrismaModel;
  file: SourceFile;
  /** Line of each `model X {` in the file. */
  lines: Map<string, number>;
}

/**
 * Lines come from the text, not the parser: prisma-ast's location tracking costs a third more
 * parse time, and a block keyword at the start of a line is all there is to find.
 */
function blockLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const index = new LineIndex(text);
  for (const match of text.matchAll(/^[ \t]*model[ \t]+(\w+)/gm)) lines.set(match[1] as string, index.line(match.index));
  return lines;
}

export function extractPrisma(files: readonly SourceFile[]): PrismaResult {
  const problems: ScanProblem[] = [];
  const blocks: Located[] = [];
  const enums = new Set<string>();
  const nonModels = new Set<string>();
  let provider: string | undefined;
  let relationMode: string | undefined;
  for (const file of files) {
    const schema = parse(file, problems);
    if (!schema) continue;
    const lines = blockLines(file.text);
    for (const block of schema.list) {
      if (block.type === 'model') blocks.push({ model: block, file, lines });
      else if (block.type === 'enum') enums.add(block.name);
      else if (block.type === 'view' || block.type === 'type') nonModels.add(block.name);
      else if (block.type === 'datasource') {
        for (const assignment of block.assignments) {
          if (assignment.type !== 'assignment' || typeof assignment.value !== 'string') continue;
          if (assignment.key === 'provider') provider = unquote(assignment.value);
          if (assignment.key === 'relationMode') relationMode = unquote(assignment.value);
        }
      }
    }
  }
  const modelNames = new Set(blocks.map((b) => b.model.name));
  const columns: ColumnNames = new Map();
  const models = blocks.map((block) => buildModel(block, { modelNames, nonModels }, columns, problems));
  if (provider === 'mysql' && relationMode !== 'prisma') for (const model of models) addInnodbForeignKeyIndexes(model, columns);
  return provider === undefined ? { models, problems, columns } : { models, problems, columns, provider };
}

function parse(file: SourceFile, problems: ScanProblem[]): Schema | undefined {
  try {
    return getSchema(file.text);
  } catch (error) {
    const position = errorPosition(error, file.text);
    problems.push({ file: file.path, ...position, message: `Prisma syntax error: ${describeError(error, file.text, position.line)}`, severity: 'error' });
    return undefined;
  }
}

interface TokenLike {
  image?: string;
  startLine?: number;
  startColumn?: number;
  endLine?: number;
}

/** Chevrotain errors carry the offending token; at end of input, only the token before it. */
function errorPosition(error: unknown, text: string): { line?: number; column?: number } {
  const { token, previousToken } = error as { token?: TokenLike; previousToken?: TokenLike };
  if (token && Number.isFinite(token.startLine)) return { line: token.startLine, column: token.startColumn };
  if (previousToken && Number.isFinite(previousToken.endLine)) return { line: previousToken.endLine };
  // The visitor's "Unexpected block type" names no token: find a block keyword Prisma does not have.
  const lines = text.split('\n');
  const index = lines.findIndex((line) => /^\s*[A-Za-z]\w*\s+\w+\s*\{/.test(line) && !/^\s*(model|enum|view|type|datasource|generator)\b/.test(line));
  return index >= 0 ? { line: index + 1 } : {};
}

/** Chevrotain's messages list every token sequence it expected; one short sentence is enough. */
function describeError(error: unknown, text: string, line: number | undefined): string {
  const { token, message } = error as { token?: TokenLike; message?: string };
  const first = String(message ?? error).split('\n')[0] as string;
  if (token?.image) return `unexpected "${token.image}"`;
  const expected = /Expecting --> '(.+?)' <--/.exec(first)?.[1];
  if (token && expected) return `unexpected end of file, expected "${expected}"`;
  const block = line === undefined ? undefined : /^\s*(\w+)/.exec(text.split('\n')[line - 1] ?? '')?.[1];
  if (/Unexpected block type/.test(first) && block) return `unknown block type "${block}"`;
  return first;
}

interface Known {
  modelNames: Set<string>;
  nonModels: Set<string>;
}

function buildModel({ model, file, lines }: Located, known: Known, columns: ColumnNames, problems: ScanProblem[]): Model {
  const blockAttributes = model.properties.filter((p): p is BlockAttribute => p.type === 'attribute');
  const table = stringArg(blockAttributes.find((a) => a.name === 'map')?.args?.[0]) ?? model.name;
  const allFields = model.properties.filter((p): p is Field => p.type === 'field');
  const isRelation = (field: Field) => typeof field.fieldType === 'string' && known.modelNames.has(field.fieldType);
  const scalars = allFields.filter((field) => !isRelation(field));
  const columnOf = new Map(scalars.map((field) => [field.name, stringArg(attribute(field, 'map')?.args?.[0]) ?? field.name]));
  const column = (name: string) => columnOf.get(name) ?? name;
  const defaultName = (names: string[], suffix: string) => `${table}_${names.map(column).join('_')}_${suffix}`;

  const fields = scalars.map((field) => scalarField(field));
  const byName = new Map(fields.map((field) => [field.name, field]));
  const indexes: ModelIndex[] = [];

  const compositeKey = blockAttributes.find((a) => a.name === 'id');
  if (compositeKey) {
    const names = fieldList(compositeKey.args);
    for (const name of names) markPrimary(byName.get(name));
    if (names.length > 1) indexes.push({ name: keyArg(compositeKey.args, 'map') ?? `${table}_pkey`, fields: names, unique: true });
  }
  for (const field of scalars) {
    const unique = attribute(field, 'unique');
    if (unique) indexes.push({ name: keyArg(unique.args, 'map') ?? defaultName([field.name], 'key'), fields: [field.name], unique: true });
  }
  for (const block of blockAttributes) {
    if (block.name !== 'unique' && block.name !== 'index') continue;
    const names = fieldList(block.args);
    const unique = block.name === 'unique';
    const name = keyArg(block.args, 'map') ?? (unique ? undefined : keyArg(block.args, 'name')) ?? defaultName(names, unique ? 'key' : 'idx');
    indexes.push({ name, fields: names, unique });
    const only = names.length === 1 ? byName.get(names[0] as string) : undefined;
    if (unique && only) only.unique = true;
  }

  for (const relation of allFields.filter(isRelation)) {
    const attr = attribute(relation, 'relation');
    const own = fieldList(attr?.args, 'fields');
    const referenced = fieldList(attr?.args, 'references');
    own.forEach((name, i) => {
      const target = byName.get(name);
      if (!target) {
        problems.push({ file: file.path, line: fieldLine(file.text, lines.get(model.name), relation.name), message: `relation "${model.name}.${relation.name}" names unknown field "${name}"`, severity: 'warning' });
        return;
      }
      target.references = { model: relation.fieldType as string, field: referenced[i] ?? 'id' };
    });
  }

  const result: Model = { name: model.name, kind: 'prisma', table, fields, indexes, source: { file: file.path, line: lines.get(model.name) } };
  const mapped = [...columnOf].filter(([name, col]) => name !== col);
  if (mapped.length > 0) columns.set(result, new Map(mapped));
  return result;
}

/**
 * MySQL (InnoDB) gives every foreign key an index when no index starts with its columns; Prisma's
 * migrations rely on it (the index is named after the constraint, `Post_authorId_fkey`).
 */
function addInnodbForeignKeyIndexes(model: Model, columns: ColumnNames): void {
  const keys = model.fields.filter((f) => f.primaryKey).map((f) => f.name);
  for (const field of model.fields) {
    if (!field.references) continue;
    const covered = [keys, ...model.indexes.map((i) => i.fields)].some((lead) => lead[0] === field.name);
    const column = columns.get(model)?.get(field.name) ?? field.name;
    if (!covered) model.indexes.push({ name: `${model.table}_${column}_fkey`, fields: [field.name], unique: false });
  }
}

function scalarField(field: Field): ModelField {
  const result: ModelField = {
    name: field.name,
    type: typeText(field),
    nullable: field.optional === true,
    primaryKey: attribute(field, 'id') !== undefined,
    unique: attribute(field, 'unique') !== undefined,
  };
  const defaultValue = attribute(field, 'default')?.args?.[0];
  if (defaultValue) result.default = valueText(defaultValue.value);
  return result;
}

function markPrimary(field: ModelField | undefined): void {
  if (field) {
    field.primaryKey = true;
    field.nullable = false;
  }
}

/** The line of a field, the first line after the model's own that starts with its name. */
function fieldLine(text: string, modelLine: number | undefined, field: string): number | undefined {
  if (modelLine === undefined) return undefined;
  const lines = text.split('\n');
  for (let i = modelLine; i < lines.length; i++) if (new RegExp(`^\\s*${field}\\s`).test(lines[i] as string)) return i + 1;
  return undefined;
}
