/**
 * A Fastify route's `schema`: whether input is validated and with what (JSON schema by default;
 * TypeBox, zod or joi objects when the schema is built with them, as type providers and custom
 * validator compilers allow), which body/query fields it declares, and its response status codes.
 */
import type { Node } from 'oxc-parser';
import { propertyName, unwrap } from '../ast.js';
import { schemaLibrary } from '../facts.js';
import type { ProjectIndex } from '../graph.js';
import { follow, option, optionObject, readOptions, type Located, type Options } from './options.js';

export interface SchemaFacts {
  validation: string | undefined;
  query: string[];
  body: string[];
  responses: string[];
}

const INPUT_KEYS = ['body', 'querystring', 'query', 'params', 'headers'];

/** The library a schema is built with (TypeBox, zod, joi…); plain JSON schema is Fastify's own. */
function builderOf(index: ProjectIndex, at: Located): string | undefined {
  return schemaLibrary(index, at.module, at.node, at.local);
}

const keysOf = (node: Node | undefined): string[] =>
  node?.type === 'ObjectExpression' ? node.properties.flatMap((p) => (p.type === 'Property' ? (propertyName(p.key, p.computed) ?? []) : [])) : [];

/** Field names of an object schema: JSON schema `properties`, or the shape passed to `Type.Object`/`z.object`/`Joi.object`. */
export function schemaFields(index: ProjectIndex, at: Located | undefined, depth = 0): string[] {
  if (!at || depth > 8) return [];
  const value = follow(index, at);
  if (value.node.type === 'ObjectExpression') {
    const properties = option(index, readOptions(index, value), 'properties');
    return keysOf(properties?.node);
  }
  if (value.node.type === 'CallExpression') {
    const shape = value.node.arguments[0] ? follow(index, { ...value, node: value.node.arguments[0] as Node }) : undefined;
    if (shape?.node.type === 'ObjectExpression') return keysOf(shape.node);
    // `Type.Partial(X)`, `X.extend({...})`, `X.strict()`: the fields of what it wraps.
    const callee = unwrap(value.node.callee);
    if (shape) return schemaFields(index, shape, depth + 1);
    if (callee.type === 'MemberExpression') return schemaFields(index, { ...value, node: callee.object }, depth + 1);
  }
  return [];
}

/** `response: { 200: …, '4xx': …, default: … }` → `['200', '4XX']`. */
function responseCodes(index: ProjectIndex, schema: Options): string[] {
  const response = option(index, schema, 'response');
  const codes = response ? [...(readOptions(index, response)?.keys() ?? [])] : [];
  return codes.filter((code) => /^[1-5](\d\d|xx)$/i.test(code)).map((code) => code.toUpperCase());
}

export function readSchema(index: ProjectIndex, options: Options | undefined): SchemaFacts {
  const schema = optionObject(index, options, 'schema');
  if (!schema) return { validation: undefined, query: [], body: [], responses: [] };
  const inputs = INPUT_KEYS.flatMap((key) => (schema.has(key) ? [schema.get(key) as Located] : []));
  const validation = inputs.length === 0 ? undefined : (inputs.map((at) => builderOf(index, at)).find(Boolean) ?? 'fastify-schema');
  return {
    validation,
    query: schemaFields(index, option(index, schema, 'querystring') ?? option(index, schema, 'query')),
    body: schemaFields(index, option(index, schema, 'body')),
    responses: responseCodes(index, schema),
  };
}
