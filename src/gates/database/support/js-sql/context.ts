/**
 * What the readers of a migration function share while they walk it: where SQL and problems go,
 * the constants in scope, which names hold the database, and how to follow a callback the
 * library calls (`.then(fn)`, `knex.transaction(fn)`).
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../../../scan/parse.js';
import type { Scope } from './static-values.js';

export interface SqlStatement {
  sql: string;
  line: number;
}

export interface SqlProblem {
  line: number;
  message: string;
}

export interface ReadContext {
  module: ParsedModule;
  scope: Scope;
  /** The names bound to the database: the function's first parameter, a transaction's. */
  db: ReadonlySet<string>;
  /** `up` / `down` is a class method, so `this.addSql(…)` is MikroORM's. */
  method: boolean;
  line(at: { start: number }): number;
  emit(sql: string, line: number): void;
  problem(line: number, message: string): void;
  /**
   * Walks a callback the library calls with its result, from where it is written (`from`): what
   * it returns runs. With `database` its first parameter is a database handle too (a transaction).
   */
  follow(callback: Node, from: ReadContext, options: { database: boolean }): void;
}
