/**
 * Where a JavaScript / TypeScript migration keeps its `up` and `down`: the value each name is bound
 * to at the module's top level (`exports.up = …`, `module.exports = { up, down }`, `export async
 * function up`, `export default { … }`, a class with `up` / `down` methods such as TypeORM's), and
 * the line it starts on. The same places js-migrations.ts looks, kept as nodes so a reader can walk
 * the function bodies.
 */
import type { Class, Expression, Node, ObjectExpression, Program } from 'oxc-parser';
import { dottedName, unwrap } from '../../../scan/models/js-ast.js';
import type { ParsedModule } from '../../../scan/parse.js';

export type Direction = 'up' | 'down';

export interface MigrationFunction {
  /** The function (declaration, expression, arrow or method body), or whatever else the name is bound to. */
  value: Node | null;
  /** Where it starts. */
  line: number;
  /** `up` / `down` is a class method: `this` is the migration (TypeORM, MikroORM). */
  method: boolean;
}

export function findMigrationFunctions(module: ParsedModule): Partial<Record<Direction, MigrationFunction>> {
  const found: Partial<Record<Direction, MigrationFunction>> = {};
  const locals = topLevelValues(module.program);
  const take = (name: string, value: Expression | Node | null | undefined, at: { start: number }, method = false) => {
    if ((name !== 'up' && name !== 'down') || found[name]) return;
    const resolved = value?.type === 'Identifier' ? (locals.get(value.name) ?? value) : value;
    found[name] = { value: resolved ? ((unwrap(resolved as Expression) as Node | undefined) ?? resolved) : null, line: module.lines.line(at.start), method };
  };
  const fromObject = (object: ObjectExpression) => {
    for (const property of object.properties) {
      if (property.type === 'Property' && !property.computed && property.key.type === 'Identifier') take(property.key.name, property.value, property);
    }
  };
  const fromClass = (node: Class) => {
    for (const member of node.body.body) {
      if (member.type === 'MethodDefinition' && !member.computed && member.key.type === 'Identifier') take(member.key.name, member.value, member, true);
    }
  };
  for (const statement of module.program.body) {
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
  return found;
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
