/**
 * DTO classes behind `@Body() dto: CreateUserDto` and `@Query() query: ListQuery`: their field
 * names (the body/query params) and how they are validated. class-validator decorators mean
 * 'class-validator'; `createZodDto(schema)` (nestjs-zod) means 'zod'. Mapped types
 * (`PartialType(X)`, `PickType(X, ['a'])`, `OmitType(X, ['a'])`, `IntersectionType(A, B)`) and
 * plain `extends` pass fields and validation on.
 */
import type { Class, Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { isClass, propertyName, stringLiteral, unwrap } from '../ast.js';
import { importOf, resolveName, type ProjectIndex } from '../graph.js';
import { decoratorsOf } from './decorators.js';

export interface DtoInfo {
  fields: string[];
  validation: string | undefined;
}

const EMPTY: DtoInfo = { fields: [], validation: undefined };
const MAPPED_TYPES = new Set(['PartialType', 'PickType', 'OmitType', 'IntersectionType']);
const cache = new WeakMap<Node, DtoInfo>();

const calleeName = (node: Node) => {
  const callee = node.type === 'CallExpression' ? unwrap(node.callee) : undefined;
  return callee?.type === 'Identifier' ? callee.name : callee?.type === 'MemberExpression' ? propertyName(callee.property, callee.computed) : undefined;
};

const keysOf = (shape: Extract<Node, { type: 'ObjectExpression' }>): string[] =>
  shape.properties.flatMap((p) => (p.type === 'Property' ? (propertyName(p.key, p.computed) ?? []) : []));

/** `z.object({ a, b })` (through a constant): the keys. */
function zodFields(index: ProjectIndex, module: ParsedModule, node: Node, depth = 0): string[] {
  const inner = unwrap(node);
  if (inner.type === 'Identifier' && depth < 4) {
    const found = resolveName(index, module, inner.name);
    return found ? zodFields(index, found.module, found.node, depth + 1) : [];
  }
  if (inner.type !== 'CallExpression') return [];
  const shape = inner.arguments[0] as Node | undefined;
  if (calleeName(inner) === 'object' && shape?.type === 'ObjectExpression') return keysOf(shape);
  // `Base.extend({...})`, `schema.strict()`: the fields of what it is called on, plus any literal shape.
  const callee = unwrap(inner.callee);
  const base = callee.type === 'MemberExpression' ? zodFields(index, module, callee.object, depth + 1) : [];
  const extra = shape?.type === 'ObjectExpression' ? keysOf(shape) : [];
  return [...base, ...extra];
}

const keyList = (node: Node | undefined): string[] | undefined =>
  node?.type === 'ArrayExpression' ? node.elements.flatMap((e) => (e ? (stringLiteral(e) ?? []) : [])) : undefined;

/** What a class inherits: a parent class, a mapped type of one, or a zod DTO. */
function fromHeritage(index: ProjectIndex, module: ParsedModule, node: Node, depth: number): DtoInfo {
  const inner = unwrap(node);
  if (inner.type === 'Identifier') return dtoOfName(index, module, inner.name, depth + 1);
  if (inner.type !== 'CallExpression') return EMPTY;
  const name = calleeName(inner);
  const args = inner.arguments as Node[];
  if (name === 'createZodDto' && args[0]) return { fields: zodFields(index, module, args[0]), validation: 'zod' };
  if (!name || !MAPPED_TYPES.has(name)) return EMPTY;
  if (name === 'IntersectionType') {
    const parts = args.map((arg) => fromHeritage(index, module, arg, depth + 1));
    return { fields: parts.flatMap((p) => p.fields), validation: parts.find((p) => p.validation)?.validation };
  }
  const base = args[0] ? fromHeritage(index, module, args[0], depth + 1) : EMPTY;
  const keys = keyList(args[1] ? unwrap(args[1]) : undefined);
  if (name === 'PickType' && keys) return { ...base, fields: base.fields.filter((f) => keys.includes(f)) };
  if (name === 'OmitType' && keys) return { ...base, fields: base.fields.filter((f) => !keys.includes(f)) };
  return base;
}

function dtoOfClass(index: ProjectIndex, module: ParsedModule, node: Class, depth: number): DtoInfo {
  const cached = cache.get(node);
  if (cached) return cached;
  cache.set(node, EMPTY); // a class that extends itself through a cycle ends here
  const inherited = node.superClass && depth < 8 ? fromHeritage(index, module, node.superClass, depth) : EMPTY;
  const fields = [...inherited.fields];
  let validation = inherited.validation;
  for (const member of node.body.body) {
    if (member.type !== 'PropertyDefinition' || member.static) continue;
    const name = propertyName(member.key, member.computed);
    if (name !== undefined && !fields.includes(name)) fields.push(name);
    if (!validation && decoratorsOf(member).some((use) => importOf(module, use.name)?.specifier === 'class-validator')) validation = 'class-validator';
  }
  const info = { fields, validation };
  cache.set(node, info);
  return info;
}

function dtoOfName(index: ProjectIndex, module: ParsedModule, name: string, depth: number): DtoInfo {
  const found = resolveName(index, module, name);
  return found && isClass(found.node) ? dtoOfClass(index, found.module, found.node, depth) : EMPTY;
}

/** The DTO a parameter's type annotation names (`CreateDto`, `CreateDto[]`, `{ a: string }`). */
export function dtoOfType(index: ProjectIndex, module: ParsedModule, type: Node | null | undefined): DtoInfo {
  if (!type) return EMPTY;
  const inner = type.type === 'TSTypeAnnotation' ? type.typeAnnotation : type;
  if (inner.type === 'TSArrayType') return dtoOfType(index, module, inner.elementType);
  if (inner.type === 'TSTypeReference' && inner.typeName.type === 'Identifier') {
    if (inner.typeName.name === 'Array' && inner.typeArguments?.params[0]) return dtoOfType(index, module, inner.typeArguments.params[0]);
    return dtoOfName(index, module, inner.typeName.name, 0);
  }
  if (inner.type === 'TSTypeLiteral') {
    const fields = inner.members.flatMap((m) => (m.type === 'TSPropertySignature' ? (propertyName(m.key, m.computed) ?? []) : []));
    return { fields, validation: undefined };
  }
  return EMPTY;
}

