/**
 * Reading prisma-ast's attribute values: `@map("x")`, `@default(now())`, `@@index([a, b(sort:
 * Desc)], map: "x")`, `@relation(fields: [a], references: [b])`, and a field's type as written.
 */
import type { Attribute, AttributeArgument, Field, Value } from '@mrleebo/prisma-ast';

export const unquote = (text: string) => text.replace(/^"(.*)"$/, '$1');

/** `String`, `String[]`, `String @db.Uuid`, `Decimal @db.Decimal(10, 2)`, `Unsupported("circle")`. */
export function typeText(field: Field): string {
  const base = typeof field.fieldType === 'string' ? field.fieldType : valueText(field.fieldType);
  const native = field.attributes?.find((a) => a.group === 'db');
  const nativeText = native ? ` @db.${native.name}${native.args?.length ? `(${native.args.map((a) => valueText(a.value)).join(', ')})` : ''}` : '';
  return `${base}${field.array ? '[]' : ''}${nativeText}`;
}

export const attribute = (field: Field, name: string): Attribute | undefined => field.attributes?.find((a) => a.name === name && a.group === undefined);

/** A Prisma value as written: `now()`, `"EUR"`, `dbgenerated("gen_random_uuid()")`, `[a, b]`. */
export function valueText(value: AttributeArgument['value'] | Value): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(valueText).join(', ')}]`;
  switch (value.type) {
    case 'function':
      return `${value.name}(${(value.params ?? []).map(valueText).join(', ')})`;
    case 'array':
      return `[${value.args.map(valueText).join(', ')}]`;
    case 'keyValue':
      return `${value.key}: ${valueText(value.value)}`;
    case 'object':
      return `{ ${value.properties.map(valueText).join(', ')} }`;
    default:
      return '';
  }
}

/** The field names of `[a, b(sort: Desc)]`, given positionally or as `fields:` / `references:`. */
export function fieldList(args: AttributeArgument[] | undefined, key = 'fields'): string[] {
  for (const arg of args ?? []) {
    const value = arg.value;
    const list = typeof value === 'object' && value !== null && !Array.isArray(value) && value.type === 'keyValue' ? (value.key === key ? value.value : undefined) : key === 'fields' ? value : undefined;
    if (typeof list === 'object' && list !== null && !Array.isArray(list) && list.type === 'array') {
      return list.args.map((entry) => (typeof entry === 'object' && entry !== null && !Array.isArray(entry) && entry.type === 'function' ? entry.name : String(entry)));
    }
  }
  return [];
}

export function keyArg(args: AttributeArgument[] | undefined, key: string): string | undefined {
  for (const arg of args ?? []) {
    const value = arg.value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && value.type === 'keyValue' && value.key === key) return stringArg({ type: 'attributeArgument', value: value.value });
  }
  return undefined;
}

export function stringArg(arg: AttributeArgument | undefined): string | undefined {
  const value = arg?.value;
  if (typeof value === 'string' && value.startsWith('"')) return unquote(value);
  // `@@map(name: "users")`
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && value.type === 'keyValue' && value.key === 'name' && typeof value.value === 'string') return unquote(value.value);
  return undefined;
}
