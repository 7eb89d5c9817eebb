/**
 * Inputs a validator declares: the keys of the object schemas it checks, by where they apply.
 * `validate({ body: createUser })`, `celebrate({ [Segments.QUERY]: Joi.object({ page }) })`,
 * `zValidator('json', z.object({ title }))`, express-validator's `body('email')`, and a plain
 * `validate(schema)`, which checks the body. Keys come from `z.object({…})`,
 * `Joi.object().keys({…})`, `yup.object({…})`, `Type.Object({…})`, `v.object({…})`.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { memberPath, propertyName, stringLiteral, unwrap } from '../ast.js';
import { resolveExpression, type LocalResolver } from '../evaluate.js';
import type { ProjectIndex } from '../graph.js';
import { bareName, displayName, nameWords } from './names.js';
import { originPackage } from './packages.js';
import type { InputKind } from './params.js';

const TARGETS: Record<string, InputKind> = { body: 'body', json: 'body', form: 'body', query: 'query', params: 'path', param: 'path' };
const OBJECT_BUILDERS = new Set(['object', 'keys', 'Object', 'extend', 'strictObject', 'looseObject', 'append']);
const CHAIN_VALIDATORS = new Set(['body', 'query', 'param']);

export type DeclaredInputs = Partial<Record<InputKind, string[]>>;

export function declaredInputs(index: ProjectIndex, module: ParsedModule, expression: Node, local?: LocalResolver): DeclaredInputs {
  let node = unwrap(expression);
  // express-validator `body('email').isEmail().normalizeEmail()`: the root call names the field.
  while (node.type === 'CallExpression' && unwrap(node.callee).type === 'MemberExpression') node = unwrap((unwrap(node.callee) as Extract<Node, { type: 'MemberExpression' }>).object);
  if (node.type !== 'CallExpression') return {};
  const callee = unwrap(node.callee);
  const name = callee.type === 'Identifier' ? callee.name : '';
  const args = node.arguments as Node[];
  if (CHAIN_VALIDATORS.has(name) && originPackage(index, module, callee, local) === 'express-validator') {
    const field = stringLiteral(args[0]);
    return field === undefined ? {} : { [TARGETS[name] as InputKind]: [field] };
  }
  const target = stringLiteral(args[0]);
  if (target !== undefined && TARGETS[target] && args[1]) return { [TARGETS[target] as InputKind]: schemaFields(index, module, args[1], local) };
  const words = nameWords(bareName(displayName(node) ?? ''));
  if (!args[0] || !words.some((w) => w.startsWith('validat') || w === 'celebrate' || w === 'schema')) return {};
  return bySegment(index, module, args[0], local);
}

/** `{ body: schema, query: schema }` by segment, or a bare schema for the body. */
function bySegment(index: ProjectIndex, module: ParsedModule, expression: Node, local: LocalResolver | undefined): DeclaredInputs {
  const definition = resolveExpression(index, module, expression, local);
  const node = definition && unwrap(definition.node);
  if (!definition || !node) return {};
  if (node.type !== 'ObjectExpression') return { body: schemaFields(index, definition.module, node) };
  const out: DeclaredInputs = {};
  for (const property of node.properties) {
    if (property.type !== 'Property') continue;
    const key = propertyName(property.key, property.computed) ?? memberPath(property.key)?.split('.').pop();
    const kind = key === undefined ? undefined : TARGETS[key.toLowerCase()];
    if (kind) out[kind] = schemaFields(index, definition.module, property.value);
  }
  return out;
}

/** The keys of an object schema, following the schema's definition across files. */
export function schemaFields(index: ProjectIndex, module: ParsedModule, expression: Node, local?: LocalResolver, depth = 0): string[] {
  const definition = resolveExpression(index, module, expression, local);
  if (!definition || depth > 4) return [];
  const keys: string[] = [];
  let node = unwrap(definition.node);
  while (node.type === 'CallExpression') {
    const callee = unwrap(node.callee);
    const method = callee.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
    const shape = node.arguments[0] && unwrap(node.arguments[0] as Node);
    if (method && OBJECT_BUILDERS.has(method) && shape) {
      const literal = shape.type === 'ObjectExpression' ? shape : undefined;
      if (literal) keys.unshift(...literal.properties.flatMap((p) => (p.type === 'Property' ? [propertyName(p.key, p.computed)].filter((k): k is string => !!k) : [])));
      else keys.unshift(...schemaFields(index, definition.module, shape, undefined, depth + 1));
    }
    if (callee.type !== 'MemberExpression') return [...new Set(keys)];
    node = unwrap(callee.object);
  }
  // `paginationQuery.extend({…})`: the keys of the schema it extends come first.
  if (node.type === 'Identifier' || node.type === 'MemberExpression') keys.unshift(...schemaFields(index, definition.module, node, undefined, depth + 1));
  return [...new Set(keys)];
}
