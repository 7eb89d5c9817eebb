/**
 * What a route's validator middleware guarantees about request fields: `validate({ query:
 * listQuery })`, `celebrate({ [Segments.QUERY]: Joi.object({ limit: Joi.number() }) })`,
 * `zValidator('query', schema)`. A field its schema makes a number, boolean, enum or UUID cannot
 * carry injected text when the handler reads it (`req.query.limit`).
 */
import type { Node } from 'oxc-parser';
import { memberPath, propertyName, stringLiteral, unwrap } from '../../../scan/code/ast.js';
import { resolveName, type ProjectIndex } from '../../../scan/code/graph.js';
import type { ChainEntry } from '../../../scan/code/sites.js';
import type { ParsedModule } from '../../../scan/parse.js';
import { schemaSafety } from './schemas.js';
import type { FieldGuarantee, SafeInputs } from './types.js';

const SEGMENTS: Readonly<Record<string, keyof SafeInputs>> = { query: 'query', querystring: 'query', body: 'body', json: 'body', form: 'body', params: 'params', param: 'params' };

const SCALAR: FieldGuarantee = { kind: 'scalar' };

export function safeInputsOf(index: ProjectIndex, chain: readonly ChainEntry[]): SafeInputs {
  const out: { [K in keyof SafeInputs]: Map<string, FieldGuarantee> } = {};
  const add = (segment: keyof SafeInputs, schema: Node, module: ParsedModule) => {
    const safety = schemaSafety(index, module, schema);
    if (safety?.kind !== 'object') return;
    const fields = (out[segment] ??= new Map());
    for (const field of safety.safe) fields.set(field, SCALAR);
  };
  for (const entry of chain) {
    const call = unwrap(entry.expr);
    if (call.type !== 'CallExpression') continue;
    const module = entry.scope.module;
    const args = call.arguments as Node[];
    // `zValidator('query', schema)`, `validator('json', …)`
    const target = args[0] ? stringLiteral(args[0]) : undefined;
    if (target !== undefined && SEGMENTS[target] && args[1]) {
      add(SEGMENTS[target] as keyof SafeInputs, args[1], module);
      continue;
    }
    const bySegment = args[0] && segmentsObject(index, module, args[0]);
    for (const [segment, schema] of bySegment ?? []) add(segment, schema, module);
  }
  return out;
}

/** `{ query: schema, body: schema }` (or a constant holding it), keyed by segment. */
function segmentsObject(index: ProjectIndex, module: ParsedModule, node: Node): [keyof SafeInputs, Node][] {
  let object = unwrap(node);
  if (object.type === 'Identifier') {
    const definition = resolveName(index, module, object.name);
    object = definition && !definition.path && definition.module === module ? unwrap(definition.node) : object;
  }
  if (object.type !== 'ObjectExpression') return [];
  const out: [keyof SafeInputs, Node][] = [];
  for (const property of object.properties) {
    if (property.type !== 'Property') continue;
    const key = propertyName(property.key, property.computed) ?? memberPath(property.key)?.split('.').pop();
    const segment = key === undefined ? undefined : SEGMENTS[key.toLowerCase()];
    if (segment) out.push([segment, property.value as Node]);
  }
  return out;
}
