/**
 * What the translations of query-builder calls (Prisma Client, knex) into SQL share: `$n`
 * parameters written as a marker and numbered once the statement is whole (so clauses may be
 * built in any order), the exception that leaves a call out, and reading the object and array
 * literals of the call's arguments, never their values.
 */
import type { Node } from 'oxc-parser';
import { propertyName, unwrap } from '../../../scan/code/ast.js';

/** A parameter; numbered `$1`, `$2`… in the order they appear once the statement is whole. */
export const PARAM = '\u0000';

export const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\u0000/g, () => `$${++n}`);
};

/** The call cannot be written as SQL with certainty: it gives no query (a wrong query would give a wrong finding). */
export class Untranslatable extends Error {}

export function untranslatable(): never {
  throw new Untranslatable();
}

export const isNull = (node: Node): boolean => {
  const inner = unwrap(node);
  return inner.type === 'Literal' && inner.value === null && !('regex' in inner) && !('bigint' in inner);
};
export const isUndefined = (node: Node): boolean => {
  const inner = unwrap(node);
  return inner.type === 'Identifier' && inner.name === 'undefined';
};
export const booleanLiteral = (node: Node): boolean | undefined => {
  const inner = unwrap(node);
  return inner.type === 'Literal' && typeof inner.value === 'boolean' ? inner.value : undefined;
};

/** The properties of an object literal, with `undefined` values left out (Prisma ignores them). */
export function entries(node: Node): [string, Node][] {
  const object = unwrap(node);
  if (object.type !== 'ObjectExpression') untranslatable();
  const found: [string, Node][] = [];
  for (const property of object.properties) {
    if (property.type !== 'Property' || property.kind !== 'init' || property.method) untranslatable();
    const key = propertyName(property.key, property.computed) ?? untranslatable();
    if (!isUndefined(property.value)) found.push([key, property.value]);
  }
  return found;
}

/** The elements of an array literal (holes and spreads are not translatable). */
export function elements(node: Node): Node[] {
  const array = unwrap(node);
  if (array.type !== 'ArrayExpression') untranslatable();
  return array.elements.map((element) => (element === null || element.type === 'SpreadElement' ? untranslatable() : element));
}
