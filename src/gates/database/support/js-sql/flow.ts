/**
 * The body of an `up` / `down` walked in the order it runs: statements, `await`, `return`,
 * `Promise.all([...])`, `.then(fn)` chains and transaction callbacks. Each call on the database
 * goes to the reader for its library (knex, TypeORM's QueryRunner, MikroORM's `this.addSql`);
 * anything else that touches the database (a branch, a loop, a helper given `knex`) is a
 * problem naming it, since which SQL it runs depends on values only known at run time.
 */
import type { CallExpression, Expression, Node } from 'oxc-parser';
import { dottedName, unwrap } from '../../../../scan/models/js-ast.js';
import { boundNames, describeCall, flattenChain, mentions } from './chains.js';
import type { ReadContext } from './context.js';
import { readKnexCall } from './knex-schema.js';
import { declareConsts, readStatic } from './static-values.js';
import { readQueryRunnerCall } from './typeorm-query-runner.js';

const KNEX_ENTRY = new Set(['schema', 'raw', 'transaction', 'fn', '', 'commit', 'rollback']);
const STATEMENT_NAMES: Record<string, string> = {
  IfStatement: 'an `if` statement',
  SwitchStatement: 'a `switch` statement',
  ForStatement: 'a `for` loop',
  ForOfStatement: 'a `for…of` loop',
  ForInStatement: 'a `for…in` loop',
  WhileStatement: 'a `while` loop',
  DoWhileStatement: 'a `do…while` loop',
  FunctionDeclaration: 'a local function',
  ClassDeclaration: 'a local class',
};

/** Walks a function the migration tool (or a library, for callbacks) calls: what it returns runs. */
export function walkFunction(fn: Node, ctx: ReadContext): void {
  const value = unwrap(fn as Expression) as Node;
  if (value.type !== 'FunctionDeclaration' && value.type !== 'FunctionExpression' && value.type !== 'ArrowFunctionExpression') {
    if (mentions(value, ctx.db)) ctx.problem(ctx.line(value), 'a callback that is not a function written in place is not read statically');
    return;
  }
  const body = value.body;
  if (!body) return;
  // Parameters hide constants of the same name outside.
  const scope = ctx.scope.child();
  for (const param of value.params) for (const name of boundNames(param as Node)) scope.declare(name, null);
  if (body.type !== 'BlockStatement') readExpression(body, { ...ctx, scope }, true);
  else walkStatements(body.body, { ...ctx, scope });
}

/** The names a function's first parameter binds, for a function whose first argument is the database. */
export const databaseNames = (fn: Node): string[] => {
  const value = unwrap(fn as Expression) as Node;
  return 'params' in value && Array.isArray(value.params) ? boundNames(value.params[0] as Node | undefined) : [];
};

function walkStatements(statements: readonly Node[], start: ReadContext): void {
  let ctx = start;
  for (const statement of statements) {
    const aliases = databaseAliases(statement, ctx);
    if (aliases.length > 0) {
      ctx = { ...ctx, db: new Set([...ctx.db, ...aliases]) };
      continue;
    }
    walkStatement(statement, ctx);
    if (statement.type === 'ReturnStatement') return;
  }
}

/** `const db = knex` or `const trx = await knex.transaction()`: a new name for the database, nothing run. */
function databaseAliases(statement: Node, ctx: ReadContext): string[] {
  if (statement.type !== 'VariableDeclaration' || statement.kind !== 'const') return [];
  const names: string[] = [];
  for (const d of statement.declarations) {
    let init = unwrap(d.init) as Expression | undefined;
    if (init?.type === 'AwaitExpression') init = unwrap(init.argument) as Expression;
    const chain = init?.type === 'CallExpression' || init?.type === 'Identifier' ? flattenChain(init) : undefined;
    const root = unwrap(chain?.root);
    const alias = root?.type === 'Identifier' && ctx.db.has(root.name) && (chain?.links.length === 0 || (chain?.links.length === 1 && chain.links[0]?.name === 'transaction' && chain.links[0].args?.length === 0));
    if (!alias || d.id.type !== 'Identifier') return [];
    names.push(d.id.name);
  }
  return names;
}

function walkStatement(statement: Node, ctx: ReadContext): void {
  switch (statement.type) {
    case 'ExpressionStatement':
      return readExpression(statement.expression, ctx, false);
    case 'ReturnStatement':
      return statement.argument ? readExpression(statement.argument, ctx, true) : undefined;
    case 'VariableDeclaration':
      declareConsts(ctx.scope, statement);
      for (const d of statement.declarations) if (d.init && mentions(d.init, ctx.db)) readExpression(d.init, ctx, false);
      return;
    case 'BlockStatement':
      return walkStatements(statement.body, { ...ctx, scope: ctx.scope.child() });
    case 'TryStatement':
      walkStatements(statement.block.body, { ...ctx, scope: ctx.scope.child() });
      if (statement.handler && mentions(statement.handler, ctx.db)) ctx.problem(ctx.line(statement.handler), 'a `catch` block that uses the database runs only if something failed: not read statically');
      if (statement.finalizer) walkStatements(statement.finalizer.body, { ...ctx, scope: ctx.scope.child() });
      return;
    case 'ThrowStatement':
      ctx.problem(ctx.line(statement), 'it throws instead of changing the schema (the migration cannot be run this way)');
      return;
    default:
      if (mentions(statement, ctx.db)) {
        const what = STATEMENT_NAMES[statement.type] ?? 'a statement';
        ctx.problem(ctx.line(statement), `${what} that uses the database is not read statically: which SQL runs depends on values known only at run time`);
      }
  }
}

/** An expression whose value is awaited or returned (`run`) or dropped. */
function readExpression(node: Expression, ctx: ReadContext, run: boolean): void {
  const value = unwrap(node) as Expression | undefined;
  if (!value) return;
  if (value.type === 'AwaitExpression') return readExpression(value.argument, ctx, true);
  if (value.type === 'SequenceExpression') return value.expressions.forEach((e) => readExpression(e, ctx, run));
  if (value.type === 'ChainExpression' && value.expression.type === 'CallExpression') return readCall(value.expression, ctx, run);
  if (value.type === 'CallExpression') return readCall(value, ctx, run);
  if (mentions(value, ctx.db)) ctx.problem(ctx.line(value), 'an expression that uses the database is not read statically: which SQL runs depends on values known only at run time');
}

function readCall(call: CallExpression, ctx: ReadContext, run: boolean): void {
  const callee = unwrap(call.callee) as Expression;
  const name = dottedName(callee);
  if (name === 'Promise.all' || name === 'Promise.allSettled') {
    const list = unwrap(call.arguments[0]);
    if (list?.type !== 'ArrayExpression') {
      if (mentions(call, ctx.db)) ctx.problem(ctx.line(call), `\`${name}\` over a list built at run time is not read statically`);
      return;
    }
    for (const item of list.elements) {
      if (item?.type === 'SpreadElement') {
        if (mentions(item, ctx.db)) ctx.problem(ctx.line(item), `a spread in \`${name}\` built at run time is not read statically`);
      }
      else if (item) readExpression(item, ctx, true);
    }
    return;
  }
  // `x.then(fn)` starts x, then runs what fn returns; `.finally(fn)` runs fn; `.catch(fn)` only on failure.
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && ['then', 'catch', 'finally'].includes(callee.property.name)) {
    readExpression(callee.object, ctx, true);
    const handler = call.arguments[0];
    if (!handler || handler.type === 'SpreadElement') return;
    if (callee.property.name === 'catch') {
      if (mentions(handler, ctx.db)) ctx.problem(ctx.line(handler), 'a `.catch` handler that uses the database runs only if something failed: not read statically');
    } else ctx.follow(handler, ctx, { database: false });
    return;
  }
  const chain = flattenChain(call);
  const root = unwrap(chain.root);
  if (root?.type === 'Identifier' && ctx.db.has(root.name)) {
    if (KNEX_ENTRY.has(chain.links[0]?.name ?? '')) return readKnexCall(chain, ctx, run);
    return readQueryRunnerCall(chain, ctx);
  }
  if (root?.type === 'ThisExpression' && ctx.method) {
    if (ctx.db.has('this') && chain.links.length === 1 && ['addSql', 'execute'].includes(chain.links[0]?.name ?? '')) {
      const sql = readStatic(chain.links[0]?.args?.[0], ctx.scope)?.value;
      if (typeof sql === 'string') ctx.emit(sql, ctx.line(chain.links[0]!.at));
      else ctx.problem(ctx.line(call), `\`${describeCall(call)}\` is not read statically: its SQL is not a string literal`);
    } else {
      // `this.connection.query(…)`, a helper method: SQL that does not go through the parameter.
      ctx.problem(ctx.line(call), `\`${describeCall(call)}\` is not read statically: only calls on the database parameter are read`);
    }
    return;
  }
  if (mentions(call, ctx.db)) ctx.problem(ctx.line(call), `\`${describeCall(call)}\` is given the database and is not read statically`);
}
