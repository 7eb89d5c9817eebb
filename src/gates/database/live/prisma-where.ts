/**
 * Prisma Client's `where` and `orderBy` arguments as SQL, the way its query engine writes them for
 * PostgreSQL: columns qualified by the quoted table (`"public"."User"."email"`), every value a
 * parameter, relation filters as EXISTS subqueries on the related table's key. Values are never
 * read: only the shape of the object literal decides the SQL. Anything the translation does not
 * understand (a spread, a computed key, an unknown field or filter, a `where` held in a variable)
 * throws `Untranslatable`, and the caller leaves the whole call out.
 */
import type { Node } from 'oxc-parser';
import { stringLiteral, unwrap } from '../../../scan/code/ast.js';
import { quoteIdent } from './connection.js';
import type { PrismaModel, PrismaRelation } from './prisma-models.js';
import { elements, entries, isNull, PARAM, untranslatable } from './query-literals.js';

/** The table a condition is on: the model and how the statement names it (its table, or an alias). */
export interface Scope {
  model: PrismaModel;
  ref: string;
}

/** What one statement's translation shares: the models by name, and the aliases used so far. */
export interface Statement {
  models: Map<string, PrismaModel>;
  aliases: number;
}

export const columnOf = (model: PrismaModel, field: string): string => quoteIdent(model.columns.get(field) ?? untranslatable());

/** `(a AND b)`; one part as it is; none: undefined (no condition). */
export const joined = (parts: readonly string[], operator: 'AND' | 'OR'): string | undefined =>
  parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : `(${parts.join(` ${operator} `)})`;

/** Whether the text is one parenthesised group (quoted identifiers skipped). */
function enclosed(text: string): boolean {
  if (!text.startsWith('(')) return false;
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '(') depth++;
    else if (!quoted && char === ')' && --depth === 0 && i < text.length - 1) return false;
  }
  return true;
}

const negated = (condition: string): string => `NOT ${enclosed(condition) ? condition : `(${condition})`}`;

/** A `where` object as a condition, or undefined when it sets none (`{}`). */
export function whereCondition(node: Node, scope: Scope, statement: Statement): string | undefined {
  const parts = entries(node).flatMap(([key, value]) => {
    const part = fieldCondition(key, value, scope, statement);
    return part === undefined ? [] : [part];
  });
  return joined(parts, 'AND');
}

function fieldCondition(key: string, value: Node, scope: Scope, statement: Statement): string | undefined {
  if (key === 'AND' || key === 'OR' || key === 'NOT') return combination(key, value, scope, statement);
  const column = scope.model.columns.get(key);
  if (column !== undefined) return scalarFilter(`${scope.ref}.${quoteIdent(column)}`, value);
  const relation = scope.model.relations.get(key);
  if (relation) return relationFilter(relation, value, scope, statement);
  const compound = scope.model.compounds.get(key);
  if (compound) return compoundEquality(compound, value, scope);
  return untranslatable();
}

/** `AND` / `NOT` take an object or an array of them, `OR` an array. */
function combination(key: 'AND' | 'OR' | 'NOT', value: Node, scope: Scope, statement: Statement): string | undefined {
  const inner = unwrap(value);
  const branches = (inner.type === 'ArrayExpression' ? elements(inner) : [inner]).map((branch) => whereCondition(branch, scope, statement));
  if (key === 'AND') return joined(branches.filter((b): b is string => b !== undefined), 'AND');
  // An empty branch matches every row: `NOT {}` would match none, which no one means to write.
  if (key === 'NOT') return joined(branches.map((b) => negated(b ?? untranslatable())), 'AND');
  if (branches.length === 0) return '1=0';
  return branches.some((b) => b === undefined) ? undefined : joined(branches as string[], 'OR');
}

/** `{ email }`, `{ email: null }`, or a filter object `{ contains: x, mode: 'insensitive' }`. */
function scalarFilter(column: string, value: Node): string | undefined {
  if (isNull(value)) return `${column} IS NULL`;
  if (unwrap(value).type !== 'ObjectExpression') return `${column} = ${PARAM}`;
  const filter = entries(value);
  const mode = filter.find(([key]) => key === 'mode');
  const modeName = mode ? stringLiteral(mode[1]) : 'default';
  if (modeName !== 'default' && modeName !== 'insensitive') untranslatable();
  const insensitive = modeName === 'insensitive';
  const parts = filter.filter(([key]) => key !== 'mode').map(([key, operand]) => scalarOperator(column, key, operand, insensitive));
  return joined(parts, 'AND');
}

const COMPARISONS: Record<string, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

function scalarOperator(column: string, operator: string, operand: Node, insensitive: boolean): string {
  const nullOperand = isNull(operand);
  if (operator === 'equals') return nullOperand ? `${column} IS NULL` : `${column} ${insensitive ? 'ILIKE' : '='} ${PARAM}`;
  if (operator === 'not') {
    if (nullOperand) return `${column} IS NOT NULL`;
    if (unwrap(operand).type === 'ObjectExpression') return negated(scalarFilter(column, operand) ?? untranslatable());
    return `${column} ${insensitive ? 'NOT ILIKE' : '<>'} ${PARAM}`;
  }
  if (nullOperand) untranslatable();
  if (operator === 'in' || operator === 'notIn') {
    if (insensitive) untranslatable();
    return operator === 'in' ? `${column} = ANY(${PARAM})` : `${column} <> ALL(${PARAM})`;
  }
  const comparison = COMPARISONS[operator];
  if (comparison) return insensitive ? `LOWER(${column}) ${comparison} LOWER(${PARAM})` : `${column} ${comparison} ${PARAM}`;
  if (operator === 'contains' || operator === 'startsWith' || operator === 'endsWith') return `${column} ${insensitive ? 'ILIKE' : 'LIKE'} ${PARAM}`;
  return untranslatable();
}

/** `userId_productId: { userId, productId }`: every field of the compound key, each equal to a value. */
function compoundEquality(fields: string[], value: Node, scope: Scope): string | undefined {
  const given = new Map(entries(value));
  if (given.size !== fields.length || fields.some((field) => !given.has(field) || isNull(given.get(field) as Node))) untranslatable();
  return joined(
    fields.map((field) => `${scope.ref}.${columnOf(scope.model, field)} = ${PARAM}`),
    'AND',
  );
}

/** `posts: { some | every | none: {…} }`; `author: { is | isNot: {…} | null }`, `author: {…}`, `author: null`. */
function relationFilter(relation: PrismaRelation, value: Node, scope: Scope, statement: Statement): string | undefined {
  const related = statement.models.get(relation.model) ?? untranslatable();
  const exists = (kind: 'some' | 'every' | 'none', filter: Node) => existsCondition(kind, relation, related, filter, scope, statement);
  if (relation.list) {
    const parts = entries(value).map(([key, filter]) => (key === 'some' || key === 'every' || key === 'none' ? exists(key, filter) : untranslatable()));
    return joined(parts.filter((p): p is string => p !== undefined), 'AND');
  }
  if (isNull(value)) return absent(relation, related, scope, statement, true);
  const filters = entries(value);
  if (!filters.some(([key]) => key === 'is' || key === 'isNot')) return exists('some', value);
  const parts = filters.map(([key, filter]) => {
    if (key !== 'is' && key !== 'isNot') return untranslatable();
    if (isNull(filter)) return absent(relation, related, scope, statement, key === 'is');
    return exists(key === 'is' ? 'some' : 'none', filter);
  });
  return joined(parts.filter((p): p is string => p !== undefined), 'AND');
}

/** The rows of the related table that belong to this row: `"t1"."authorId" = "public"."User"."id"`. */
function joinCondition(relation: PrismaRelation, related: PrismaModel, alias: string, scope: Scope): string[] {
  const join = relation.join ?? untranslatable();
  return join.map(({ own, other }) => `${alias}.${columnOf(related, other)} = ${scope.ref}.${columnOf(scope.model, own)}`);
}

function existsCondition(kind: 'some' | 'every' | 'none', relation: PrismaRelation, related: PrismaModel, filter: Node, scope: Scope, statement: Statement): string | undefined {
  const alias = quoteIdent(`t${++statement.aliases}`);
  const on = joinCondition(relation, related, alias, scope);
  const condition = whereCondition(filter, { model: related, ref: alias }, statement);
  // `every: {}` holds for every row; `every: c` is "no related row where not c".
  if (kind === 'every' && condition === undefined) return undefined;
  const inner = kind === 'every' ? negated(condition as string) : condition;
  const subquery = `EXISTS (SELECT 1 FROM ${related.table} AS ${alias} WHERE ${[...on, ...(inner ? [inner] : [])].join(' AND ')})`;
  return kind === 'some' ? subquery : `NOT ${subquery}`;
}

/** A to-one relation that is (or is not) set: the key columns on this side, else whether a related row exists. */
function absent(relation: PrismaRelation, related: PrismaModel, scope: Scope, statement: Statement, missing: boolean): string | undefined {
  const join = relation.join ?? untranslatable();
  if (relation.holdsKey) {
    return joined(
      join.map(({ own }) => `${scope.ref}.${columnOf(scope.model, own)} IS ${missing ? '' : 'NOT '}NULL`),
      'AND',
    );
  }
  const alias = quoteIdent(`t${++statement.aliases}`);
  const subquery = `EXISTS (SELECT 1 FROM ${related.table} AS ${alias} WHERE ${joinCondition(relation, related, alias, scope).join(' AND ')})`;
  return missing ? `NOT ${subquery}` : subquery;
}

/** `orderBy: { createdAt: 'desc' }`, `[{ a: 'asc' }, { b: { sort: 'desc', nulls: 'last' } }]`: scalar fields only. */
export function orderTerms(node: Node, scope: Scope): string[] {
  const inner = unwrap(node);
  const items = inner.type === 'ArrayExpression' ? elements(inner) : [inner];
  return items.flatMap((item) => entries(item).map(([field, direction]) => `${scope.ref}.${columnOf(scope.model, field)} ${sortOf(direction)}`));
}

function sortOf(node: Node): string {
  const direction = (text: string | undefined) => (text === 'asc' || text === 'desc' ? text.toUpperCase() : untranslatable());
  const plain = stringLiteral(node);
  if (plain !== undefined) return direction(plain);
  let sort: string | undefined;
  let nulls = '';
  for (const [key, value] of entries(node)) {
    const text = stringLiteral(value);
    if (key === 'sort') sort = direction(text);
    else if (key === 'nulls' && (text === 'first' || text === 'last')) nulls = ` NULLS ${text.toUpperCase()}`;
    else untranslatable();
  }
  return (sort ?? untranslatable()) + nulls;
}
