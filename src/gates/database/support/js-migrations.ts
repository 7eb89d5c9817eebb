/**
 * Migrations written in JavaScript or TypeScript (knex, Kysely, node-pg-migrate, umzug,
 * sequelize-cli, TypeORM and MikroORM classes): where their `up` and `down` are, and whether the
 * `down` does anything. Read from the module's top level only: exported functions and constants,
 * `exports.down = …`, `module.exports = { up, down }`, `export default { … }` and classes with
 * `up` / `down` methods.
 */
import type { Class, Expression, Node, ObjectExpression, Program } from 'oxc-parser';
import { dottedName, unwrap } from '../../../scan/models/js-ast.js';
import type { ParsedModule } from '../../../scan/parse.js';

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
  const program = module.program;
  const found: Record<'up' | 'down', Value> = { up: undefined, down: undefined };
  const at: Record<'up' | 'down', number | undefined> = { up: undefined, down: undefined };
  const locals = topLevelValues(program);
  const take = (name: string, value: Value, node: { start: number }) => {
    if ((name === 'up' || name === 'down') && found[name] === undefined) {
      found[name] = value && value.type === 'Identifier' ? (locals.get(value.name) ?? value) : value;
      at[name] = module.lines.line(node.start);
    }
  };
  const fromObject = (object: ObjectExpression) => {
    for (const property of object.properties) {
      if (property.type === 'Property' && !property.computed && property.key.type === 'Identifier') take(property.key.name, property.value, property);
    }
  };
  const fromClass = (node: Class) => {
    for (const member of node.body.body) {
      if (member.type === 'MethodDefinition' && !member.computed && member.key.type === 'Identifier') take(member.key.name, member.value, member);
    }
  };
  for (const statement of program.body) {
    if (statement.type === 'ExportNamedDeclaration') {
      const declaration = statement.declaration;
      if (declaration?.type === 'FunctionDeclaration' && declaration.id) take(declaration.id.name, declaration, declaration);
      else if (declaration?.type === 'VariableDeclaration') {
        for (const d of declaration.declarations) if (d.id.type === 'Identifier') take(d.id.name, d.init, d);
      } else if (declaration?.type === 'ClassDeclaration') fromClass(declaration);
      for (const specifier of statement.specifiers) {
        const exported = specifier.exported.type === 'Literal' ? String(specifier.exported.value) : specifier.exported.name;
        const local = specifier.local.type === 'Literal' ? String(specifier.local.value) : specifier.local.name;
        const value = locals.get(local);
        if (value) take(exported, value, value);
      }
    } else if (statement.type === 'ExportDefaultDeclaration') {
      const declaration = unwrap(statement.declaration as Expression);
      if (declaration?.type === 'ObjectExpression') fromObject(declaration);
      else if (declaration?.type === 'ClassDeclaration' || declaration?.type === 'ClassExpression') fromClass(declaration);
    } else if (statement.type === 'ClassDeclaration') {
      fromClass(statement);
    } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const target = dottedName(statement.expression.left as Expression);
      const value = unwrap(statement.expression.right);
      if (target === 'module.exports' || target === 'exports') {
        if (value?.type === 'ObjectExpression') fromObject(value);
        else if (value?.type === 'ClassExpression') fromClass(value);
      } else if (target && /^(?:module\.)?exports\.(up|down)$/.test(target)) take(target.split('.').pop() as string, value, statement);
    }
  }
  const result: JsMigration = {};
  for (const name of ['up', 'down'] as const) {
    const line = at[name];
    if (line !== undefined) result[name] = { line, verdict: verdictOf(found[name]) };
  }
  return result;
}

/** Top-level functions and constants by name, for `module.exports = { up, down }` and `export { down }`. */
function topLevelValues(program: Program): Map<string, Node> {
  const values = new Map<string, Node>();
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'FunctionDeclaration' && declaration.id) values.set(declaration.id.name, declaration);
    if (declaration?.type === 'VariableDeclaration') {
      for (const d of declaration.declarations) if (d.id.type === 'Identifier' && d.init) values.set(d.id.name, d.init);
    }
  }
  return values;
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
