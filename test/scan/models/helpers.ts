/** Fixture projects as the scanner sees them (project-relative paths, text, hash), and expectation helpers. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { globSync } from 'tinyglobby';
import type { Model, ModelField } from '../../../src/registry/schema.js';
import type { SourceFile } from '../../../src/scan/types.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/models');

export function loadProject(root: string, patterns: string[] = ['**/*']): SourceFile[] {
  return globSync(patterns, { cwd: root, ignore: ['**/node_modules/**'] })
    .sort()
    .map((relative) => sourceFile(relative, readFileSync(path.join(root, relative), 'utf8'), path.join(root, relative)));
}

export const loadFixture = (name: string, patterns?: string[]) => loadProject(path.join(FIXTURES, name), patterns);

export function sourceFile(relative: string, text: string, abs = `/project/${relative}`): SourceFile {
  return { path: relative, abs, text, hash: createHash('sha1').update(text).digest('hex') };
}

/** A field with the schema's defaults, for exact expectations that stay readable. */
export const field = (name: string, type: string, extra: Partial<ModelField> = {}): ModelField => ({
  name,
  type,
  nullable: false,
  primaryKey: false,
  unique: false,
  ...extra,
});

/**
 * What `db/fk-index` will ask of the models: foreign key fields that are not the first field of
 * any index, nor a single-column primary key.
 */
export function uncoveredForeignKeys(model: Model): string[] {
  const singleKey = model.fields.filter((f) => f.primaryKey).length === 1;
  return model.fields
    .filter((f) => f.references && !(f.primaryKey && singleKey) && !model.indexes.some((index) => index.fields[0] === f.name))
    .map((f) => f.name);
}
