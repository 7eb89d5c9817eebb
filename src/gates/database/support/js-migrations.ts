/**
 * Migrations written in JavaScript or TypeScript (knex, Kysely, node-pg-migrate, umzug,
 * sequelize-cli, TypeORM and MikroORM classes): where their `up` and `down` are, and whether the
 * `down` does anything. Read from the module's top level only: exported functions and constants,
 * `exports.down = …`, `module.exports = { up, down }`, `export default { … }` and classes with
 * `up` / `down` methods.
 */
import type { Expression, Node } from 'oxc-parser';
import { dottedName, unwrap } from '../../../scan/models/js-ast.js';
import type { ParsedModule } from '../../../scan/parse.js';
import { findMigrationFunctions } from './js-migration-functions.js';

export interface Direction {
  line: number;
  /** `empty`: does nothing; `irreversible`: `down = false`, or only throws. */
  verdict: 'ok' | 'empty' | 'irreversible';
}

export interface JsMigration {
  up?: Direction;
  down?: Direction;
}

type Value = Expression | Node | null | undefined;

/** A file in a migrations folder whose name carries a number or timestamp (`20240101_x.ts`, `1700000000000-X.ts`, `Migration20240101.ts`). */
export const isJsMigrationPath = (path: string): boolean => {
  const base = path.split('/').pop() ?? '';
  return /(?:^|\/)(?:migrations?|migrate)\//i.test(path) && (/^\d/.test(base) || /\d{3,}/.test(base));
};

export function readJsMigration(module: ParsedModule): JsMigration {
  const found = findMigrationFunctions(module);
  const result: JsMigration = {};
  for (const name of ['up', 'down'] as const) {
    const fn = found[name];
    if (fn) result[name] = { line: fn.line, verdict: verdictOf(fn.value) };
  }
  return result;
}

/** What a `down` does: nothing (`{}`, `() => Promise.resolve()`), refuses (`false`, only `throw`), or something. */
function verdictOf(value: Value): Direction['verdict'] {
  const node = value && 'type' in value ? (unwrap(value as Expression) ?? value) : value;
  if (!node) return 'irreversible';
  if (node.type === 'Literal' && (node.value === false || node.value === null)) return 'irreversible';
  if (node.type === 'Identifier' && node.name === 'undefined') return 'irreversible';
  if (node.type !== 'FunctionDeclaration' && node.type !== 'FunctionExpression' && node.type !== 'ArrowFunctionExpression') return 'ok';
  const body = node.body;
  if (!body) return 'empty';
  if (body.type !== 'BlockStatement') return isNothing(body) ? 'empty' : 'ok';
  const statements = body.body.filter((s) => s.type !== 'EmptyStatement');
  if (statements.length === 0) return 'empty';
  if (statements.every((s) => s.type === 'ThrowStatement')) return 'irreversible';
  if (statements.length === 1 && statements[0]?.type === 'ReturnStatement' && isNothing(statements[0].argument)) return 'empty';
  return 'ok';
}

/** `undefined`, `null`, `Promise.resolve()`: a value that does nothing. */
function isNothing(value: Expression | null | undefined): boolean {
  const node = unwrap(value);
  if (!node) return true;
  if (node.type === 'Identifier') return node.name === 'undefined';
  if (node.type === 'Literal') return node.value === null;
  return node.type === 'CallExpression' && dottedName(node.callee) === 'Promise.resolve' && node.arguments.length === 0;
}
