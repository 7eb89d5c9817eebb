/**
 * The queries knex's query builder runs, as SQL for EXPLAIN: the chains knex-chains.ts finds
 * (`await knex('users').where({ email }).first()`, `db.from('orders').whereIn('id', ids)`,
 * `knex.select('id').from('users').orderBy('id', 'desc').limit(10)`) written as knex compiles
 * them for PostgreSQL: lower-case keywords, quoted identifiers, every value a `$n` parameter.
 * A chain with any method or argument not understood (a callback, a raw fragment, a join, a
 * computed column) gives no query: a wrong query would give a wrong finding.
 */
import type { Node } from 'oxc-parser';
import { isFunction, stringLiteral, unwrap } from '../../../scan/code/ast.js';
import type { ParsedModule } from '../../../scan/parse.js';
import { knexChains, type Step } from './knex-chains.js';
import { elements, entries, isNull, numbered, PARAM, Untranslatable, untranslatable } from './query-literals.js';
import type { FoundQuery } from './queries.js';

export function knexQueriesInModule(module: ParsedModule): FoundQuery[] {
  const found: FoundQuery[] = [];
  for (const chain of knexChains(module)) {
    let sql: string;
    try {
      sql = compile(chain.steps);
    } catch (error) {
      if (error instanceof Untranslatable) continue;
      throw error;
    }
    const { line, column } = module.lines.position(chain.start);
    found.push({ sql: numbered(sql), file: module.file.path, line, column, source: 'code' });
  }
  return found;
}

const IDENTIFIER = /^[A-Za-z_][\w$]*$/;

/** `users.id` → `"users"."id"`, `users.*` → `"users".*`, `*`; anything else (raw SQL, spaces) is not taken. */
function quoted(reference: string): string {
  const parts = reference.split('.');
  return parts
    .map((part, i) => {
      if (part === '*' && i === parts.length - 1) return '*';
      return IDENTIFIER.test(part) ? `"${part}"` : untranslatable();
    })
    .join('.');
}

/** `col`, `t.col`, `col as alias`. */
function aliased(text: string): string {
  const match = /^\s*(\S+)(?:\s+as\s+(\S+))?\s*$/i.exec(text) ?? untranslatable();
  const [, reference, alias] = match as unknown as [string, string, string | undefined];
  return alias === undefined ? quoted(reference) : `${quoted(reference)} as ${quoted(alias)}`;
}

const stringArgument = (node: Node | undefined): string => (node ? stringLiteral(node) : undefined) ?? untranslatable();

/** String arguments, or one array literal of strings (`select('a', 'b')`, `select(['a', 'b'])`). */
function stringList(args: Node[]): string[] {
  const first = args[0] ? unwrap(args[0]) : undefined;
  const items = args.length === 1 && first?.type === 'ArrayExpression' ? elements(first) : args;
  return items.map(stringArgument);
}

interface Query {
  kind: 'select' | 'count' | 'update' | 'delete';
  table?: string;
  columns: string[];
  count?: string;
  set: string[];
  conditions: { bool: 'and' | 'or'; sql: string }[];
  order: string[];
  limit: boolean;
  offset: boolean;
  returning: string[];
}

const OPERATORS = new Set(['=', '<', '>', '<=', '>=', '<>', '!=', 'like', 'ilike', 'not like', 'not ilike']);
const WHERE_METHODS: Record<string, 'and' | 'or'> = { where: 'and', andWhere: 'and', orWhere: 'or' };

/** A value knex binds: anything but a callback or an object (a nested query, a raw object): `$n`. */
function bound(node: Node | undefined): string {
  const inner = node ? unwrap(node) : undefined;
  if (!inner || isFunction(inner) || inner.type === 'ObjectExpression' || inner.type === 'ArrayExpression') untranslatable();
  return PARAM;
}

/** `where({ a, b })`, `where('a', x)`, `where('a', '>', x)`, with null meaning IS NULL as knex makes it. */
function whereClause(args: Node[], bool: 'and' | 'or', query: Query): void {
  const [first, second, third] = args;
  if (args.length === 1 && first && unwrap(first).type === 'ObjectExpression') {
    const parts = entries(first).map(([column, value]) => (isNull(value) ? `${quoted(column)} is null` : `${quoted(column)} = ${bound(value)}`));
    if (parts.length === 0) return;
    if (bool === 'or' && parts.length > 1) query.conditions.push({ bool, sql: `(${parts.join(' and ')})` });
    else for (const sql of parts) query.conditions.push({ bool, sql });
    return;
  }
  const column = quoted(stringArgument(first));
  if (args.length === 2) {
    query.conditions.push({ bool, sql: isNull(second as Node) ? `${column} is null` : `${column} = ${bound(second)}` });
    return;
  }
  const operator = stringArgument(second).toLowerCase();
  if (args.length !== 3 || !OPERATORS.has(operator) || isNull(third as Node)) untranslatable();
  query.conditions.push({ bool, sql: `${column} ${operator} ${bound(third)}` });
}

/** `whereIn('id', [a, b])` → `in ($1, $2)` as knex writes it; an array held in a variable → `= ANY($1)`. */
function whereInClause(args: Node[], bool: 'and' | 'or', negated: boolean, query: Query): void {
  if (args.length !== 2) untranslatable();
  const column = quoted(stringArgument(args[0]));
  const values = unwrap(args[1] as Node);
  if (isFunction(values) || values.type === 'ObjectExpression') untranslatable();
  // `NOT IN (…)` is written `<> ALL(…)`: the same rows, and the form whose parameters the gates can give values.
  if (negated || values.type !== 'ArrayExpression') {
    query.conditions.push({ bool, sql: `${column} ${negated ? '<> all' : '= any'}(${PARAM})` });
    return;
  }
  const items = elements(values);
  const sql = items.length === 0 ? '1 = 0' : `${column} in (${items.map(bound).join(', ')})`;
  query.conditions.push({ bool, sql });
}

function orderClause(args: Node[], query: Query): void {
  const direction = (node: Node | undefined) => {
    if (!node) return 'asc';
    const text = stringArgument(node).toLowerCase();
    return text === 'asc' || text === 'desc' ? text : untranslatable();
  };
  const first = args[0] ? unwrap(args[0]) : untranslatable();
  if (first.type !== 'ArrayExpression') {
    if (args.length > 2) untranslatable();
    query.order.push(`${quoted(stringArgument(first))} ${direction(args[1])}`);
    return;
  }
  if (args.length > 1) untranslatable();
  for (const item of elements(first)) {
    if (stringLiteral(item) !== undefined) {
      query.order.push(`${quoted(stringLiteral(item) as string)} asc`);
      continue;
    }
    const spec = new Map(entries(item));
    if ([...spec.keys()].some((key) => key !== 'column' && key !== 'order')) untranslatable();
    query.order.push(`${quoted(stringArgument(spec.get('column')))} ${direction(spec.get('order'))}`);
  }
}

function setTable(query: Query, args: Node[]): void {
  if (query.table !== undefined || args.length !== 1) untranslatable();
  query.table = aliased(stringArgument(args[0]));
}

function applyStep({ name, args }: Step, query: Query): void {
  const bool = WHERE_METHODS[name];
  if (bool) return whereClause(args, bool, query);
  switch (name) {
    case 'table':
    case 'from':
      return setTable(query, args);
    case 'select':
    case 'column':
    case 'columns':
      query.columns.push(...stringList(args).map(aliased));
      return;
    case 'first':
      query.columns.push(...stringList(args).map(aliased));
      query.limit = true;
      return;
    case 'whereIn':
    case 'orWhereIn':
    case 'whereNotIn':
    case 'orWhereNotIn':
      return whereInClause(args, name.startsWith('or') ? 'or' : 'and', name.includes('Not'), query);
    case 'whereNull':
    case 'orWhereNull':
    case 'whereNotNull':
    case 'orWhereNotNull':
      if (args.length !== 1) untranslatable();
      query.conditions.push({ bool: name.startsWith('or') ? 'or' : 'and', sql: `${quoted(stringArgument(args[0]))} is ${name.includes('Not') ? 'not ' : ''}null` });
      return;
    case 'orderBy':
      return orderClause(args, query);
    case 'limit':
    case 'offset':
      if (args.length !== 1) untranslatable();
      bound(args[0]);
      if (name === 'limit') query.limit = true;
      else query.offset = true;
      return;
    case 'count':
      if (query.kind !== 'select' || args.length > 1) untranslatable();
      query.kind = 'count';
      query.count = args.length === 0 || stringArgument(args[0]) === '*' ? 'count(*)' : countOf(stringArgument(args[0]));
      return;
    case 'update':
      return updateClause(args, query);
    case 'del':
    case 'delete':
      if (query.kind !== 'select' || args.length > 0) untranslatable();
      query.kind = 'delete';
      return;
    case 'returning':
      query.returning.push(...stringList(args).map(aliased));
      return;
    default:
      untranslatable();
  }
}

/** `count('id')` → `count("id")`; `count('id as n')` → `count("id") as "n"`. */
function countOf(text: string): string {
  const [reference, alias] = aliased(text).split(' as ');
  return `count(${reference === '"*"' ? '*' : reference})${alias ? ` as ${alias}` : ''}`;
}

function updateClause(args: Node[], query: Query): void {
  if (query.kind !== 'select') untranslatable();
  query.kind = 'update';
  if (args.length === 2) query.set.push(`${quoted(stringArgument(args[0]))} = ${bound(args[1])}`);
  else if (args.length === 1) query.set.push(...entries(args[0] as Node).map(([column, value]) => `${quoted(column)} = ${bound(value)}`));
  else untranslatable();
  if (query.set.length === 0) untranslatable();
}

function compile(steps: Step[]): string {
  const query: Query = { kind: 'select', columns: [], set: [], conditions: [], order: [], limit: false, offset: false, returning: [] };
  for (const step of steps) applyStep(step, query);
  const table = query.table ?? untranslatable();
  const where = query.conditions.length ? ` where ${query.conditions.map((c, i) => (i === 0 ? c.sql : `${c.bool} ${c.sql}`)).join(' ')}` : '';
  const paging = `${query.limit ? ` limit ${PARAM}` : ''}${query.offset ? ` offset ${PARAM}` : ''}`;
  const returning = query.returning.length ? ` returning ${query.returning.join(', ')}` : '';
  const selectOnly = query.columns.length > 0 || query.order.length > 0 || query.limit || query.offset;
  if (query.kind !== 'select' && query.kind !== 'count' && selectOnly) untranslatable();
  if (query.kind === 'select' || query.kind === 'count') {
    if (query.returning.length || (query.kind === 'count' && (query.columns.length || query.order.length))) untranslatable();
    const columns = query.kind === 'count' ? (query.count as string) : query.columns.join(', ') || '*';
    return `select ${columns} from ${table}${where}${query.order.length ? ` order by ${query.order.join(', ')}` : ''}${paging}`;
  }
  if (query.kind === 'update') return `update ${table} set ${query.set.join(', ')}${where}${returning}`;
  return `delete from ${table}${where}${returning}`;
}
