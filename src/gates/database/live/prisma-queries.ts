/**
 * The queries Prisma Client calls run, as SQL for EXPLAIN: `<client>.<model>.<method>({…})` with
 * `<client>` any expression (`prisma`, `this.prisma`, `tx`) and `<model>` a model's delegate
 * name, written as the query engine writes them for PostgreSQL (the `where` translation is in
 * prisma-where.ts). What the gates need is the lookup, so:
 * - reads select the scalar columns (or the `select`ed ones), with `ORDER BY`, `LIMIT $n` for
 *   `take`, `OFFSET $n` for `skip`, and `LIMIT 1` for findFirst / findUnique (the engine sends 1);
 *   `distinct` is applied in memory by the engine, which then fetches without LIMIT / OFFSET;
 * - each relation an `include` or `select` loads is the second query the engine runs for it:
 *   the related rows whose key is among the parents' (`"authorId" = ANY($1)`);
 * - count, aggregate and groupBy select their aggregates over the `where`;
 * - update, delete, upsert and their *Many forms give the SELECT of the key the engine runs
 *   first, with the same `where` (what they write is never read).
 * A call with anything not understood gives no query (see prisma-where.ts).
 */
import type { Node } from 'oxc-parser';
import { memberName, methodCall, stringLiteral, unwrap, walk } from '../../../scan/code/ast.js';
import type { ParsedModule } from '../../../scan/parse.js';
import type { PrismaModel } from './prisma-models.js';
import { columnOf, joined, orderTerms, type Scope, type Statement, whereCondition } from './prisma-where.js';
import { booleanLiteral, elements, entries, numbered, PARAM, Untranslatable, untranslatable } from './query-literals.js';
import type { FoundQuery } from './queries.js';

type Kind = 'many' | 'first' | 'count' | 'aggregate' | 'groupBy' | 'write';

interface Method {
  kind: Kind;
  /** The argument keys the translation understands for it; any other key leaves the call out. */
  keys: readonly string[];
  /** Keys Prisma requires: a call without them is not a Prisma call (a `Map#delete(key)`, a Sequelize instance). */
  required?: readonly string[];
}

const READ = ['where', 'orderBy', 'take', 'skip', 'select', 'include', 'omit', 'distinct'];
const UNIQUE = ['where', 'select', 'include', 'omit'];
const AGGREGATES = ['_count', '_sum', '_avg', '_min', '_max'];

const METHODS = new Map<string, Method>([
  ['findMany', { kind: 'many', keys: READ }],
  ['findFirst', { kind: 'first', keys: READ }],
  ['findFirstOrThrow', { kind: 'first', keys: READ }],
  ['findUnique', { kind: 'first', keys: UNIQUE, required: ['where'] }],
  ['findUniqueOrThrow', { kind: 'first', keys: UNIQUE, required: ['where'] }],
  ['count', { kind: 'count', keys: ['where', 'orderBy', 'select'] }],
  ['aggregate', { kind: 'aggregate', keys: ['where', 'orderBy', ...AGGREGATES] }],
  ['groupBy', { kind: 'groupBy', keys: ['by', 'where', 'orderBy', 'take', 'skip', ...AGGREGATES], required: ['by'] }],
  ['updateMany', { kind: 'write', keys: ['where', 'data'], required: ['data'] }],
  ['deleteMany', { kind: 'write', keys: ['where'] }],
  ['update', { kind: 'write', keys: ['data', ...UNIQUE], required: ['where', 'data'] }],
  ['delete', { kind: 'write', keys: UNIQUE, required: ['where'] }],
  ['upsert', { kind: 'write', keys: ['create', 'update', ...UNIQUE], required: ['where', 'create', 'update'] }],
]);

const CALL_PREFILTER = new RegExp(String.raw`\.(?:${[...METHODS.keys()].join('|')})\s*\(`);

export function prismaQueriesInModule(module: ParsedModule, models: Map<string, PrismaModel>): FoundQuery[] {
  if (models.size === 0 || !CALL_PREFILTER.test(module.file.text)) return [];
  const byName = new Map([...models.values()].map((model) => [model.name, model]));
  const found: FoundQuery[] = [];
  walk(module.program, (node) => {
    const call = methodCall(node);
    const method = call && METHODS.get(call.name);
    const model = method && models.get(memberName(call.object) ?? '');
    if (!call || !method || !model) return;
    let statements: string[];
    try {
      statements = translateCall(model, method, call.call.arguments as Node[], byName);
    } catch (error) {
      if (error instanceof Untranslatable) return;
      throw error;
    }
    const { line, column } = module.lines.position(node.start);
    for (const sql of statements) found.push({ sql: numbered(sql), file: module.file.path, line, column, source: 'code' });
  });
  return found;
}

/** The call's one argument, an object literal with known keys, as a map (none: empty). */
function argumentsOf(args: readonly Node[], method: Pick<Method, 'keys' | 'required'>): Map<string, Node> {
  if (args.length > 1) untranslatable();
  const given = new Map(args[0] ? entries(args[0]) : []);
  for (const key of given.keys()) if (!method.keys.includes(key)) untranslatable();
  for (const key of method.required ?? []) if (!given.has(key)) untranslatable();
  return given;
}

function translateCall(model: PrismaModel, method: Method, args: readonly Node[], models: Map<string, PrismaModel>): string[] {
  const given = argumentsOf(args, method);
  const statement: Statement = { models, aliases: 0 };
  const scope: Scope = { model, ref: model.table };
  const filter = given.has('where') ? whereCondition(given.get('where') as Node, scope, statement) : undefined;
  const order = given.has('orderBy') ? orderTerms(given.get('orderBy') as Node, scope) : [];
  const where = filter === undefined ? '' : ` WHERE ${filter}`;
  switch (method.kind) {
    case 'many':
    case 'first':
      return readStatements(model, given, where, order, method.kind, models);
    case 'count':
      return [`SELECT ${countSelection(given.get('select'), scope)} FROM ${model.table}${where}`];
    case 'aggregate':
      return [`SELECT ${aggregates(given, scope).join(', ') || untranslatable()} FROM ${model.table}${where}`];
    case 'groupBy': {
      const by = byColumns(given.get('by') as Node, scope);
      return [`SELECT ${[...by, ...aggregates(given, scope)].join(', ')} FROM ${model.table}${where} GROUP BY ${by.join(', ')}${orderBy(order)}${paging(given)}`];
    }
    case 'write': {
      const key = model.key.length > 0 ? model.key : [...model.columns.keys()];
      return [`SELECT ${key.map((field) => `${model.table}.${columnOf(model, field)}`).join(', ')} FROM ${model.table}${where}`];
    }
  }
}

const orderBy = (terms: readonly string[]) => (terms.length ? ` ORDER BY ${terms.join(', ')}` : '');
const paging = (given: Map<string, Node>) => `${given.has('take') ? ` LIMIT ${PARAM}` : ''}${given.has('skip') ? ` OFFSET ${PARAM}` : ''}`;

/** The main query, then one per relation loaded (depth first, as the engine runs them). */
function readStatements(model: PrismaModel, given: Map<string, Node>, where: string, order: string[], kind: 'many' | 'first', models: Map<string, PrismaModel>): string[] {
  const chosen = selection(model, given);
  const distinct = given.has('distinct');
  if (distinct) for (const field of fieldNames(given.get('distinct') as Node)) columnOf(model, field);
  const tail = distinct ? '' : kind === 'first' ? ` LIMIT 1${given.has('skip') ? ` OFFSET ${PARAM}` : ''}` : paging(given);
  const main = `SELECT ${columnList(model, chosen.fields)} FROM ${model.table}${where}${orderBy(order)}${tail}`;
  return [main, ...chosen.relations.flatMap(([field, args]) => relationStatements(model, field, args, models))];
}

interface Selection {
  fields: string[];
  /** Relation fields to load, with their nested arguments (undefined for `true`). */
  relations: [string, Node | undefined][];
}

/** `select`, `include` and `omit`: the scalar fields read, the join keys the relations need, and the relations. */
function selection(model: PrismaModel, given: Map<string, Node>): Selection {
  const select = given.get('select');
  const include = given.get('include');
  if (select && include) untranslatable();
  const relations: Selection['relations'] = [];
  const relationEntry = (field: string, value: Node) => {
    if (!model.relations.has(field)) untranslatable();
    const flag = booleanLiteral(value);
    if (flag === undefined && unwrap(value).type !== 'ObjectExpression') untranslatable();
    if (flag !== false) relations.push([field, flag === true ? undefined : value]);
  };
  let fields = [...model.columns.keys()];
  if (select) {
    fields = [];
    for (const [field, value] of entries(select)) {
      if (!model.columns.has(field)) relationEntry(field, value);
      else if ((booleanLiteral(value) ?? untranslatable()) === true) fields.push(field);
    }
  }
  for (const [field, value] of include ? entries(include) : []) relationEntry(field, value);
  for (const [field, value] of given.has('omit') ? entries(given.get('omit') as Node) : []) {
    if (!model.columns.has(field)) untranslatable();
    if ((booleanLiteral(value) ?? untranslatable()) === true) fields = fields.filter((f) => f !== field);
  }
  // The engine reads the key of each relation it loads, selected or not.
  for (const [field] of relations) {
    for (const { own } of model.relations.get(field)?.join ?? []) if (!fields.includes(own)) fields.push(own);
  }
  return { fields: fields.length > 0 ? fields : untranslatable(), relations };
}

const columnList = (model: PrismaModel, fields: readonly string[]) => fields.map((field) => `${model.table}.${columnOf(model, field)}`).join(', ');

/** The query loading a relation for the parents read: its rows whose join column is among the parents' keys. */
function relationStatements(parent: PrismaModel, field: string, args: Node | undefined, models: Map<string, PrismaModel>): string[] {
  const relation = parent.relations.get(field) ?? untranslatable();
  const model = models.get(relation.model) ?? untranslatable();
  const [pair, ...more] = relation.join ?? untranslatable();
  if (!pair || more.length > 0) untranslatable(); // a compound key: the engine matches row values, not written here
  const given = argumentsOf(args ? [args] : [], { keys: ['where', 'orderBy', 'select', 'include', 'omit'] });
  const statement: Statement = { models, aliases: 0 };
  const scope: Scope = { model, ref: model.table };
  const keyCondition = `${model.table}.${columnOf(model, pair.other)} = ANY(${PARAM})`;
  const filter = given.has('where') ? whereCondition(given.get('where') as Node, scope, statement) : undefined;
  const order = given.has('orderBy') ? orderTerms(given.get('orderBy') as Node, scope) : [];
  const chosen = selection(model, given);
  if (!chosen.fields.includes(pair.other)) chosen.fields.push(pair.other);
  const where = joined(filter === undefined ? [keyCondition] : [keyCondition, filter], 'AND') as string;
  return [
    `SELECT ${columnList(model, chosen.fields)} FROM ${model.table} WHERE ${where}${orderBy(order)}`,
    ...chosen.relations.flatMap(([nested, nestedArgs]) => relationStatements(model, nested, nestedArgs, models)),
  ];
}

/** `'email'` or `['country', 'city']`: scalar field names. */
function fieldNames(node: Node): string[] {
  const inner = unwrap(node);
  const items = inner.type === 'ArrayExpression' ? elements(inner) : [inner];
  return items.map((item) => stringLiteral(item) ?? untranslatable());
}

const byColumns = (node: Node, scope: Scope) => fieldNames(node).map((field) => `${scope.ref}.${columnOf(scope.model, field)}`);

/** count's `select: { _all: true, email: true }`; none: `COUNT(*)`. */
function countSelection(select: Node | undefined, scope: Scope): string {
  if (!select) return 'COUNT(*)';
  const counts = entries(select).flatMap(([field, value]) => {
    if ((booleanLiteral(value) ?? untranslatable()) === false) return [];
    return [field === '_all' ? 'COUNT(*)' : `COUNT(${scope.ref}.${columnOf(scope.model, field)})`];
  });
  return counts.length > 0 ? counts.join(', ') : untranslatable();
}

const AGGREGATE_FUNCTIONS: Record<string, string> = { _count: 'COUNT', _sum: 'SUM', _avg: 'AVG', _min: 'MIN', _max: 'MAX' };

/** `_count: true`, `_sum: { total: true }`…, in the order written. */
function aggregates(given: Map<string, Node>, scope: Scope): string[] {
  const found: string[] = [];
  for (const [key, value] of given) {
    const fn = AGGREGATE_FUNCTIONS[key];
    if (!fn) continue;
    const flag = booleanLiteral(value);
    if (flag !== undefined) {
      if (key !== '_count') untranslatable();
      if (flag) found.push('COUNT(*)');
      continue;
    }
    for (const [field, flag] of entries(value)) {
      if ((booleanLiteral(flag) ?? untranslatable()) === false) continue;
      found.push(key === '_count' && field === '_all' ? 'COUNT(*)' : `${fn}(${scope.ref}.${columnOf(scope.model, field)})`);
    }
  }
  return found;
}

