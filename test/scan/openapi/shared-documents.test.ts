/**
 * Public API descriptions kept beside the project (`../shared/data/openapi`, never copied in): each
 * must load without throwing, with the operation count an independent reading gives; and js-yaml
 * must read each YAML one as the `yaml` package does, with the right line for every operation. Load
 * time is measured by `npm run bench`, not here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadOpenApi } from '../../../src/scan/openapi/index.js';
import { readDocument } from '../../../src/scan/openapi/read-document.js';
import { isRecord, lineOf } from '../../../src/scan/openapi/tree.js';
import { readYaml } from '../../../src/scan/openapi/yaml/index.js';

const dataDir = process.env.BO_OPENAPI_DATA ?? fileURLToPath(new URL('../../../../shared/data/openapi/', import.meta.url));
const available = existsSync(dataDir);
const documents = available ? readdirSync(dataDir).filter((name) => /\.(ya?ml|json)$/.test(name)).sort() : [];
if (!available) console.warn(`[openapi] skipping the shared-document tests: ${dataDir} is absent (set BO_OPENAPI_DATA to run them)`);

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

type Paths = Record<string, Record<string, unknown>>;
/** The reference reading, by the `yaml` package: once per document, as it is slow. */
const references = new Map<string, unknown>();
const reference = (name: string, text: string): unknown => {
  if (!references.has(name)) references.set(name, parse(text, { uniqueKeys: false, logLevel: 'silent' }));
  return references.get(name);
};

/** Operations counted with the `yaml` package and no help from the code under test. */
function independentCount(name: string, text: string): { operations: number; externalPathItems: number } {
  const doc = reference(name, text) as { paths?: Paths };
  let operations = 0;
  let externalPathItems = 0;
  for (const [template, item] of Object.entries(doc.paths ?? {})) {
    if (!template.startsWith('/')) continue;
    if (typeof item.$ref === 'string' && !item.$ref.startsWith('#')) externalPathItems++;
    operations += METHODS.filter((method) => method in item).length;
  }
  return { operations, externalPathItems };
}

describe.skipIf(!available)(`shared OpenAPI documents (${dataDir})`, () => {
  it.each(documents)('%s loads with every operation', async (name) => {
    const abs = path.join(dataDir, name);
    const text = readFileSync(abs, 'utf8');
    const { document, problems } = await loadOpenApi(abs, dataDir);
    const expected = independentCount(name, text);

    expect(document, JSON.stringify(problems.slice(0, 3))).toBeDefined();
    expect(document?.operations.length).toBe(expected.operations);
    expect(new Set(document?.operations.map((op) => op.id)).size).toBe(document?.operations.length);
    // A description fragment whose path items live in files we do not have says so, once per path.
    const broken = problems.filter((p) => p.message.startsWith('broken $ref') && p.message.includes('does not exist'));
    expect(broken.length).toBeGreaterThanOrEqual(expected.externalPathItems);
    expect(problems.filter((p) => p.severity === 'error').length).toBe(broken.length);
    expect(readDocument(text, abs).tree?.reader).toBe(name.endsWith('.json') ? 'json' : 'js-yaml');
    // Each operation points at the line of its method key.
    const lines = text.split('\n');
    for (const op of document?.operations ?? []) {
      if (op.line === undefined) continue;
      expect(lines[op.line - 1], `${op.id} at line ${op.line}`).toMatch(new RegExp(`^\\s*['"]?${op.method.toLowerCase()}['"]?\\s*:`));
    }
  });

  it.each(documents.filter((name) => !name.endsWith('.json')))('%s: js-yaml reads the values the yaml package does, and each key of paths where it is', (name) => {
    const text = readFileSync(path.join(dataDir, name), 'utf8');
    const { tree } = readYaml(text);
    expect(tree?.value).toStrictEqual(reference(name, text));
    if (!tree) return;
    const lines = text.split('\n');
    const keyAt = (holder: unknown, key: string) => {
      const line = lineOf(tree, holder, key);
      expect(line, key).toBeDefined();
      const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(lines[(line ?? 0) - 1], `${key} at line ${line}`).toMatch(new RegExp(`^\\s*(- )?['"]?${escaped}['"]?\\s*:`));
    };
    const doc = tree.value as { paths?: Paths };
    keyAt(doc, 'paths');
    for (const [template, item] of Object.entries(doc.paths ?? {})) {
      keyAt(doc.paths, template);
      if (isRecord(item)) for (const key of Object.keys(item)) keyAt(item, key);
    }
  });

  it('reads the largest document (Stripe, 3 MB) with all 402 operations', async () => {
    const abs = path.join(dataDir, 'stripe-old.yaml');
    if (!existsSync(abs)) return;
    const { document } = await loadOpenApi(abs, dataDir);
    expect(document?.operations.length).toBe(402);
  });
});
