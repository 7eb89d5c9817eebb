/**
 * What a schema's `parse` result holds, read from the schema's source: a number, boolean, enum or
 * UUID schema gives a value nothing can be injected through; an object schema gives validated
 * data whose numeric/enum fields are safe and whose string fields are still strings an attacker
 * chose. Read from text on purpose: zod, joi, yup, valibot and typebox spell these alike.
 */
import type { Node } from 'oxc-parser';
import { propertyName, unwrap } from '../../../scan/code/ast.js';
import { resolveName, type ProjectIndex } from '../../../scan/code/graph.js';
import type { ParsedModule } from '../../../scan/parse.js';
import type { CallShape } from './library.js';
import type { SinkContext } from './sinks.js';
import type { Origin, Value } from './types.js';
import { CLEAN, markValidated } from './values.js';

const SAFE_SCHEMA =
  /\.(?:number|int|integer|bigint|boolean|bool|date|enum|nativeEnum|literal|uuid|guid|cuid|cuid2|ulid|valid|oneOf|isoDate|datetime|ip|ipv4|ipv6|port)\(|\b(?:Type|t)\.(?:Number|Integer|Boolean|Literal|Enum)\(|transform\((?:Number|parseInt|parseFloat|Boolean)\)/;
const OBJECT_BUILDERS = new Set(['object', 'keys', 'Object', 'strictObject', 'looseObject', 'extend']);
const FIELD_METHODS = new Set(['parse', 'parseAsync', 'validateSync', 'cast']);

/** What a schema lets through: only safe scalars (a number, an enum…), or an object with these safe fields. */
export type SchemaSafety = { kind: 'scalar' } | { kind: 'object'; safe: ReadonlySet<string> };

/** The result of `schema.parse(x)`: clean for scalar-safe schemas; validated, with safe fields, otherwise. */
export function schemaResult(shape: CallShape, context: SinkContext): Value | undefined {
  const { callee, args, method } = shape;
  const inner = unwrap(callee);
  if (inner.type !== 'MemberExpression' || !args[0]) return undefined;
  const safety = schemaSafety(context.index, context.module, inner.object);
  if (!safety) return undefined;
  if (safety.kind === 'scalar') return CLEAN;
  const validated = markValidated(args[0]);
  if (!FIELD_METHODS.has(method) || safety.safe.size === 0) return validated;
  return { taint: validated.taint, fields: new Map<string, readonly Origin[]>([...safety.safe].map((key) => [key, []])) };
}

/** Reads a schema (an expression or the module-level constant it names). */
export function schemaSafety(index: ProjectIndex, module: ParsedModule, expression: Node): SchemaSafety | undefined {
  const found = definitionOf(expression, module, index);
  if (!found) return undefined;
  const text = (node: Node) => found.module.file.text.slice(node.start, node.end);
  const shapeNode = objectShape(found.node);
  if (!shapeNode) return SAFE_SCHEMA.test(text(found.node)) ? { kind: 'scalar' } : undefined;
  const safe = new Set<string>();
  for (const property of shapeNode.properties) {
    if (property.type !== 'Property') continue;
    const key = propertyName(property.key, property.computed);
    if (key !== undefined && SAFE_SCHEMA.test(text(property.value as Node))) safe.add(key);
  }
  return { kind: 'object', safe };
}

/** A schema expression, or the module-level constant it names. */
function definitionOf(expression: Node, module: ParsedModule, index: ProjectIndex): { module: ParsedModule; node: Node } | undefined {
  const inner = unwrap(expression);
  if (inner.type !== 'Identifier') return inner.type === 'CallExpression' || inner.type === 'MemberExpression' ? { module, node: inner } : undefined;
  const definition = resolveName(index, module, inner.name);
  if (!definition || definition.path) return undefined;
  const node = unwrap(definition.node);
  return node.type === 'CallExpression' || node.type === 'MemberExpression' ? { module: definition.module, node } : undefined;
}

/** The `{…}` of `z.object({…})`, `Joi.object().keys({…})`, `yup.object({…})`, `Type.Object({…})` anywhere along a call chain. */
function objectShape(node: Node): Extract<Node, { type: 'ObjectExpression' }> | undefined {
  let current = unwrap(node);
  while (current.type === 'CallExpression') {
    const callee = unwrap(current.callee);
    const name = callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : callee.type === 'Identifier' ? callee.name : undefined;
    const first = current.arguments[0] && unwrap(current.arguments[0] as Node);
    if (name && OBJECT_BUILDERS.has(name) && first?.type === 'ObjectExpression') return first;
    if (callee.type !== 'MemberExpression') return undefined;
    current = unwrap(callee.object);
  }
  return undefined;
}
