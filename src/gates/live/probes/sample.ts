/**
 * A value that a schema accepts, for a request bo makes up: the schema's example, default or first
 * enum value when it has one; otherwise the simplest value that meets its type, format and bounds.
 * Objects get their required properties (or their first property when none is required, so a PATCH
 * body is not empty). Meant to pass validation, not to be realistic.
 */
import { isRecord } from '../../../scan/openapi/tree.js';
import type { JsonSchema } from './json-schema.js';

const FORMATS: Record<string, () => string> = {
  email: () => `bo.probe.${Date.now().toString(36)}@example.com`,
  uuid: () => '00000000-0000-4000-8000-000000000000',
  'date-time': () => new Date().toISOString(),
  date: () => new Date().toISOString().slice(0, 10),
  time: () => '12:00:00Z',
  uri: () => 'https://example.com/',
  url: () => 'https://example.com/',
  hostname: () => 'example.com',
  ipv4: () => '192.0.2.1',
  ipv6: () => '2001:db8::1',
  // bo-ignore sec/hardcoded-secret: the sample password the live probes send to a throwaway service under test, not a credential
  password: () => 'Bo-Probe-Passw0rd!',
};

const BASE_TEXT = 'Bo-Probe-Value-123';

export function sample(schema: JsonSchema | undefined, depth = 0): unknown {
  if (schema === undefined || typeof schema === 'boolean' || depth > 8) return 'test';
  const examples = schema.examples;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(examples) && examples.length > 0) return examples[0];
  if (schema.default !== undefined) return schema.default;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) {
      const first = options.find((o) => !(isRecord(o) && o.type === 'null')) ?? options[0];
      return sample(first as JsonSchema, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) return mergeAll(schema.allOf.map((part) => sample(part as JsonSchema, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type ?? (isRecord(schema.properties) ? 'object' : schema.items ? 'array' : 'string')) {
    case 'object':
      return sampleObject(schema, depth);
    case 'array': {
      const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
      const count = Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 1);
      return Array.from({ length: count }, () => sample(items as JsonSchema, depth + 1));
    }
    case 'integer':
      return Math.round(sampleNumber(schema, true));
    case 'number':
      return sampleNumber(schema, false);
    case 'boolean':
      return true;
    default:
      return sampleString(schema);
  }
}

function sampleObject(schema: Record<string, unknown>, depth: number): Record<string, unknown> {
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((n): n is string => typeof n === 'string') : [];
  const names = required.length > 0 ? required : Object.keys(properties).slice(0, 1);
  return Object.fromEntries(names.map((name) => [name, sample(properties[name] as JsonSchema | undefined, depth + 1)]));
}

function sampleNumber(schema: Record<string, unknown>, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  const low = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + step : undefined;
  const high = typeof schema.maximum === 'number' ? schema.maximum : typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum - step : undefined;
  if ((low === undefined || low <= 1) && (high === undefined || high >= 1)) return 1;
  return low ?? high ?? 1;
}

function sampleString(schema: Record<string, unknown>): string {
  const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
  let text = format ? format() : BASE_TEXT;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  while (text.length < min) text += 'x';
  if (text.length > max) text = text.slice(0, Math.max(max, 0));
  return text;
}

function mergeAll(parts: unknown[]): unknown {
  if (parts.every(isRecord)) return Object.assign({}, ...parts);
  return parts[0];
}
