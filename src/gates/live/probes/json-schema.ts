/**
 * An OpenAPI schema as a self-contained JSON Schema a validator compiles: `$ref`s inlined (through
 * the scan's resolver, across split files; a recursive schema stops at a depth and accepts anything
 * below it), and OpenAPI 3.0's dialect mapped onto JSON Schema (`nullable`, boolean
 * `exclusiveMinimum`, annotations dropped). In responses, `writeOnly` properties are not required
 * (a password is sent, never returned); in requests, `readOnly` ones are not.
 */
import type { RefResolver } from '../../../scan/openapi/refs.js';
import { isRecord } from '../../../scan/openapi/tree.js';
import type { DocFile } from '../../../scan/openapi/types.js';

export type JsonSchema = Record<string, unknown> | boolean;

export interface Dialect {
  /** 3.0 (and 2.0) schemas need `nullable` and boolean exclusive bounds translated; 3.1 is JSON Schema already. */
  openapi30: boolean;
  direction: 'request' | 'response';
}

const MAX_DEPTH = 12;
const DROPPED = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator', 'deprecated', 'nullable', 'x-nullable', '$ref', '$id', '$schema', '$anchor', '$dynamicAnchor', '$comment']);

export function toJsonSchema(schema: unknown, doc: DocFile, refs: RefResolver, dialect: Dialect, depth = 0): JsonSchema {
  if (depth > MAX_DEPTH) return true;
  const resolved = refs.deref(schema, doc);
  if (!resolved.ok) return true;
  const value = resolved.value;
  if (typeof value === 'boolean') return value;
  if (!isRecord(value)) return true;
  const here = resolved.file;
  const recurse = (inner: unknown) => toJsonSchema(inner, here, refs, dialect, depth + 1);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === 'properties' || key === 'patternProperties' || key === '$defs' || key === 'definitions') {
      if (isRecord(inner)) out[key] = Object.fromEntries(Object.entries(inner).map(([name, sub]) => [name, recurse(sub)]));
    } else if (key === 'items' && Array.isArray(inner)) {
      out[key] = inner.map(recurse);
    } else if (['items', 'additionalProperties', 'not', 'contains', 'propertyNames', 'if', 'then', 'else', 'unevaluatedProperties', 'unevaluatedItems', 'additionalItems'].includes(key)) {
      out[key] = typeof inner === 'boolean' ? inner : recurse(inner);
    } else if (['allOf', 'anyOf', 'oneOf', 'prefixItems'].includes(key) && Array.isArray(inner)) {
      out[key] = inner.map(recurse);
    } else {
      out[key] = inner;
    }
  }
  if (dialect.openapi30) translate30(value, out);
  dropDirectional(out, dialect.direction);
  return out;
}

function translate30(source: Record<string, unknown>, out: Record<string, unknown>): void {
  for (const bound of ['Minimum', 'Maximum'] as const) {
    const exclusive = `exclusive${bound}`;
    const limit = bound.toLowerCase();
    if (out[exclusive] === true && typeof out[limit] === 'number') {
      out[exclusive] = out[limit];
      delete out[limit];
    } else if (typeof out[exclusive] === 'boolean') delete out[exclusive];
  }
  if (source.nullable === true || source['x-nullable'] === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    else if (out.type === undefined && (out.allOf || out.oneOf || out.anyOf)) {
      const copy = { ...out };
      for (const key of Object.keys(out)) delete out[key];
      out.anyOf = [copy, { type: 'null' }];
    }
  }
}

function dropDirectional(out: Record<string, unknown>, direction: Dialect['direction']): void {
  if (!Array.isArray(out.required) || !isRecord(out.properties)) return;
  const flag = direction === 'response' ? 'writeOnly' : 'readOnly';
  const properties = out.properties;
  out.required = out.required.filter((name) => !(typeof name === 'string' && isRecord(properties[name]) && properties[name][flag] === true));
}
