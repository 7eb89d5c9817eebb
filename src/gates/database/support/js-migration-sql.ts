/**
 * The SQL a knex or TypeORM migration's `up` and `down` would run, read from the source without
 * running it: `queryRunner.query('…')`, `knex.raw('…')`, knex's schema builder translated the way
 * its PostgreSQL dialect writes it, TypeORM's `createTable(new Table({…}))` and the like. Each
 * statement keeps the line of the call that makes it; whatever uses the database in a way that is
 * not read (SQL built at run time, branches, loops, unknown calls) is a problem with its line,
 * so a caller knows the script is incomplete instead of running part of it.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../../scan/parse.js';
import { type Direction, findMigrationFunctions, type MigrationFunction } from './js-migration-functions.js';
import type { ReadContext, SqlProblem, SqlStatement } from './js-sql/context.js';
import { databaseNames, walkFunction } from './js-sql/flow.js';
import { moduleScope, type Scope } from './js-sql/static-values.js';

export interface JsSqlScript {
  /** Where the function starts. */
  line: number;
  statements: SqlStatement[];
  problems: SqlProblem[];
}

export type JsMigrationSql = Partial<Record<Direction, JsSqlScript>>;

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

export function readJsMigrationSql(module: ParsedModule): JsMigrationSql {
  const found = findMigrationFunctions(module);
  const scope = moduleScope(module.program);
  const result: JsMigrationSql = {};
  for (const direction of ['up', 'down'] as const) {
    const fn = found[direction];
    if (fn) result[direction] = readDirection(direction, fn, module, scope);
  }
  return result;
}

function readDirection(direction: Direction, fn: MigrationFunction, module: ParsedModule, scope: Scope): JsSqlScript {
  const script: JsSqlScript = { line: fn.line, statements: [], problems: [] };
  const value = fn.value;
  if (!value || !FUNCTIONS.has(value.type)) {
    script.problems.push({ line: fn.line, message: notAFunction(direction, value) });
    return script;
  }
  const names = databaseNames(value);
  // A method with no parameter (MikroORM's `up()`) reaches the database through `this`.
  const db = new Set(fn.method && names.length === 0 ? ['this'] : names);
  const ctx: ReadContext = {
    module,
    scope: scope.child(),
    db,
    method: fn.method,
    line: (at) => module.lines.line(at.start),
    emit: (sql, line) => script.statements.push({ sql, line }),
    problem: (line, message) => script.problems.push({ line, message }),
    follow: (callback: Node, from, options) => {
      const databases = options.database ? new Set([...from.db, ...databaseNames(callback)]) : from.db;
      walkFunction(callback, { ...from, db: databases });
    },
  };
  walkFunction(value, ctx);
  return script;
}

function notAFunction(direction: Direction, value: Node | null): string {
  if (!value || (value.type === 'Literal' && (value.value === false || value.value === null)) || (value.type === 'Identifier' && value.name === 'undefined')) {
    return `\`${direction}\` is not a function: the migration declares it cannot run this way`;
  }
  if (value.type === 'Identifier') return `\`${direction}\` is \`${value.name}\`, defined in another module: not read statically`;
  return `\`${direction}\` is not a function written in this file: not read statically`;
}
