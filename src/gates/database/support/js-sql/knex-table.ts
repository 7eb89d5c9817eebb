/**
 * The callback of `knex.schema.createTable(name, (t) => { … })` / `alterTable` read into a
 * table model: each `t.<type>(name)…` chain a column with its modifiers, each table-level call
 * (`t.unique([...])`, `t.dropColumn('x')`, `t.timestamps(true, true)`) an action. Whatever uses the
 * builder in a way that is not listed here is a problem, never skipped.
 */
import type { Argument, Expression, Node } from 'oxc-parser';
import { unwrap } from '../../../../scan/models/js-ast.js';
import { boundNames, type Chain, describeChain, flattenChain, mentions } from './chains.js';
import type { ReadContext } from './context.js';
import { COLUMN_METHODS, columnType } from './knex-columns.js';
import { readColumnModifiers } from './knex-modifiers.js';
import type { KnexColumn, TableModel } from './knex-compile.js';
import { tableAction } from './knex-table-actions.js';
import { declareConsts, readStatic, type Static } from './static-values.js';

const MYSQL_ONLY = new Set(['engine', 'charset', 'collate']);

export function readTableCallback(callback: Argument | undefined, model: TableModel, ctx: ReadContext): void {
  const fn = unwrap(callback);
  if (!fn) return;
  if (fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') {
    ctx.problem(ctx.line(fn), `the table callback of \`${model.table}\` is not a function written in place, so its columns are not read statically`);
    return;
  }
  const names = new Set(boundNames(fn.params[0]));
  const usesThis = names.size === 0 && fn.type === 'FunctionExpression';
  const reader = { model, ctx: { ...ctx, scope: ctx.scope.child() }, names, usesThis };
  const body = fn.body;
  if (!body) return;
  if (body.type !== 'BlockStatement') readTableExpression(body, reader);
  else for (const statement of body.body) readTableStatement(statement, reader);
}

interface TableReader {
  model: TableModel;
  ctx: ReadContext;
  names: ReadonlySet<string>;
  usesThis: boolean;
}

function readTableStatement(statement: Node, reader: TableReader): void {
  const { ctx } = reader;
  if (statement.type === 'ExpressionStatement') return readTableExpression(statement.expression, reader);
  if (statement.type === 'ReturnStatement' && statement.argument) return readTableExpression(statement.argument, reader);
  if (statement.type === 'VariableDeclaration') declareConsts(ctx.scope, statement);
  if (touchesBuilder(statement, reader)) {
    ctx.problem(ctx.line(statement), `this ${describeStatement(statement)} uses the table builder of \`${reader.model.table}\` and is not read statically`);
  }
}

function readTableExpression(expression: Expression, reader: TableReader): void {
  const value = unwrap(expression) as Expression;
  const chain = value.type === 'CallExpression' ? flattenChain(value) : undefined;
  if (chain && isBuilder(chain.root, reader) && chain.links[0]?.args) return readTableChain(chain, reader);
  if (touchesBuilder(value, reader)) reader.ctx.problem(reader.ctx.line(value), `\`${chain ? describeChain(chain) : 'this expression'}\` on the table builder of \`${reader.model.table}\` is not read statically`);
}

const isBuilder = (root: Expression, reader: TableReader): boolean => {
  const value = unwrap(root);
  return (value?.type === 'Identifier' && reader.names.has(value.name)) || (reader.usesThis && value?.type === 'ThisExpression');
};

const touchesBuilder = (node: Node, reader: TableReader): boolean =>
  Boolean(mentions(node, new Set([...reader.names, ...reader.ctx.db, ...(reader.usesThis ? ['this'] : [])])));

const describeStatement = (statement: Node): string =>
  ({ IfStatement: '`if` statement', ForStatement: 'loop', ForOfStatement: 'loop', ForInStatement: 'loop', WhileStatement: 'loop', DoWhileStatement: 'loop' })[statement.type as string] ?? 'statement';

function readTableChain(chain: Chain, reader: TableReader): void {
  const { model, ctx } = reader;
  const [head, ...rest] = chain.links as [Chain['links'][number], ...Chain['links']];
  const line = ctx.line(head.at);
  const fail = (why: string) => ctx.problem(line, `\`${describeChain(chain, 0)}\` is not read statically: ${why}`);
  const values = staticArguments(head.args ?? [], reader);
  if (!values) return fail('its arguments are not literals');
  if (COLUMN_METHODS.has(head.name)) {
    const name = values[0] ?? (head.name.toLowerCase().endsWith('increments') ? 'id' : undefined);
    if (typeof name !== 'string') return fail('the column name is not a string literal');
    const type = columnType(head.name, values.slice(1), model.schema, name);
    if ('error' in type) return fail(type.error);
    const column: KnexColumn = { name, type: type.type, increments: Boolean(type.increments), primaryKey: Boolean(type.primaryKey), alter: false, before: type.before ?? [], line };
    model.columns.push(column);
    return readColumnModifiers(chain, column, type.defaults, model, ctx);
  }
  if (MYSQL_ONLY.has(head.name)) return fail('knex only supports it on MySQL');
  const action = tableAction(head.name, values, model, line);
  if (action === undefined) return fail('it is not a table builder method this reader knows');
  if ('error' in action) return fail(action.error);
  if (head.name === 'foreign') return readColumnModifiers(chain, undefined, undefined, model, ctx, action.foreign);
  if (rest.length > 0) ctx.problem(ctx.line(rest[0]!.at), `\`${describeChain(chain, 1)}\` is not read statically`);
}

function staticArguments(args: readonly Argument[], reader: TableReader): Static[] | undefined {
  const values: Static[] = [];
  for (const arg of args) {
    const known = arg.type === 'SpreadElement' ? undefined : readStatic(arg, reader.ctx.scope);
    if (!known) return undefined;
    values.push(known.value);
  }
  return values;
}
