/**
 * Names in the OpenAPI document with the line each is written on: schema property names (every
 * `properties` map, wherever the schema sits) and an operation's parameters. Examples, defaults,
 * enums and `x-` extensions hold data, not names, and are skipped.
 */
import { isRecord, lineOf } from '../../../scan/openapi/tree.js';
import type { DocFile, SpecOperation } from '../../../scan/openapi/types.js';
import type { OpenApiInput } from '../../types.js';

export interface SpecName {
  name: string;
  file: string;
  line: number;
}

const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const', 'x-examples']);

export function schemaPropertyNames(openapi: OpenApiInput): SpecName[] {
  const names: SpecName[] = [];
  for (const doc of openapi.files) {
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) {
        for (const item of value) visit(item);
        return;
      }
      if (!isRecord(value)) return;
      for (const [key, child] of Object.entries(value)) {
        if (DATA_KEYS.has(key) || key.startsWith('x-')) continue;
        if (key === 'properties' && isRecord(child)) {
          for (const [name, schema] of Object.entries(child)) {
            names.push({ name, file: doc.rel, line: lineOf(doc.tree, child, name) ?? lineOf(doc.tree, value, key) ?? 1 });
            visit(schema);
          }
        } else visit(child);
      }
    };
    visit(doc.tree.value);
  }
  return names;
}

interface PathEntry {
  doc: DocFile;
  pathItem: Record<string, unknown>;
}

/** Path items by shape (`/users/{}`), per document: built once, looked up per operation. */
const pathIndexes = new WeakMap<OpenApiInput, Map<string, PathEntry>>();
const shapeOf = (path: string) => path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '');

function pathIndex(openapi: OpenApiInput): Map<string, PathEntry> {
  let index = pathIndexes.get(openapi);
  if (index) return index;
  index = new Map();
  for (const doc of openapi.files) {
    const root = doc.tree.value;
    const paths = isRecord(root) && isRecord(root.paths) ? root.paths : undefined;
    for (const [key, pathItem] of Object.entries(paths ?? {})) {
      if (isRecord(pathItem) && !index.has(shapeOf(key))) index.set(shapeOf(key), { doc, pathItem });
    }
  }
  pathIndexes.set(openapi, index);
  return index;
}

/** The operation object in the raw document; its path key may lack the servers' base path (`/api/v1`). */
function rawOperation(openapi: OpenApiInput, operation: SpecOperation): { doc: DocFile; pathItem: Record<string, unknown>; op: Record<string, unknown> } | undefined {
  const index = pathIndex(openapi);
  const method = operation.method.toLowerCase();
  const segments = shapeOf(operation.path).split('/');
  // The full path first, then without leading segments, one at a time.
  for (let i = 0; i < segments.length; i++) {
    const entry = index.get(i === 0 ? segments.join('/') : shapeOf(`/${segments.slice(i + 1).join('/')}`));
    const op = entry?.pathItem[method];
    if (entry && isRecord(op)) return { ...entry, op };
  }
  return undefined;
}

/**
 * The line of a parameter of an operation: its `name` key when written inline, its `$ref` when
 * referenced (resolved by name through components/parameters), else the operation's line.
 */
export function parameterLine(openapi: OpenApiInput, operation: SpecOperation, name: string, location: string): SpecName {
  const fallback = { name, file: operation.file ?? openapi.file, line: operation.line ?? 1 };
  const raw = rawOperation(openapi, operation);
  if (!raw) return fallback;
  const root = raw.doc.tree.value as Record<string, unknown>;
  const components = isRecord(root.components) && isRecord(root.components.parameters) ? root.components.parameters : isRecord(root.parameters) ? root.parameters : {};
  for (const list of [raw.op.parameters, raw.pathItem.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (!isRecord(entry)) continue;
      if (entry.name === name && entry.in === location) return { name, file: raw.doc.rel, line: lineOf(raw.doc.tree, entry, 'name') ?? fallback.line };
      const ref = typeof entry.$ref === 'string' ? /#\/(?:components\/)?parameters\/(.+)$/.exec(entry.$ref)?.[1] : undefined;
      const target = ref ? components[ref] : undefined;
      if (isRecord(target) && target.name === name && target.in === location) return { name, file: raw.doc.rel, line: lineOf(raw.doc.tree, entry, '$ref') ?? fallback.line };
    }
  }
  return fallback;
}
