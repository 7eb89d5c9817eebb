/**
 * What a module exports, ESM and CommonJS alike: each export names a module-level declaration
 * (`export class X`, `export { x }`, `module.exports = { x }`) or carries an anonymous value
 * (`export default {…}`, `module.exports = new X()`). Re-exports (`export * from './x'`, and
 * re-exported imports) are kept apart: they point at services of other files.
 */
import type { Expression, Node, Program } from 'oxc-parser';
import { packageName } from '../resolve.js';
import { exportName, loadedModule, unwrap } from './ast.js';
import type { Bindings } from './bindings.js';

export interface ExportEntry {
  name: string;
  /** The module-level name exported, when there is one. */
  local?: string;
  /** The exported value, when it has no module-level name. */
  value?: Node;
  /** Start of the statement that exports it. */
  statement: number;
  /** Offset for the source line. */
  at: number;
}

export interface ReExport {
  specifier: string;
  /** The other module's export, or `*` for `export *` / `export * as ns`. */
  imported: string;
  /** The name exported here, or `*` for `export * from`. */
  exported: string;
}

export interface Exports {
  entries: ExportEntry[];
  reexports: ReExport[];
}

export function collectExports(program: Program, bindings: Bindings): Exports {
  const result: Exports = { entries: [], reexports: [] };
  for (const statement of program.body) {
    switch (statement.type) {
      case 'ExportNamedDeclaration':
        if (statement.exportKind !== 'type') named(statement, bindings, result);
        break;
      case 'ExportAllDeclaration':
        if (statement.exportKind !== 'type') {
          const exported = statement.exported ? exportName(statement.exported) : '*';
          result.reexports.push({ specifier: statement.source.value, imported: '*', exported });
        }
        break;
      case 'ExportDefaultDeclaration': {
        const declaration = statement.declaration;
        if (declaration.type === 'TSInterfaceDeclaration') break;
        const id = 'id' in declaration && declaration.id?.type === 'Identifier' ? declaration.id : undefined;
        if (id) add(result, bindings, { name: 'default', local: id.name, statement: statement.start, at: id.start });
        else add(result, bindings, expressionExport('default', declaration as Expression, statement.start));
        break;
      }
      case 'TSExportAssignment':
        add(result, bindings, expressionExport('default', statement.expression, statement.start));
        break;
      case 'ExpressionStatement':
        commonJs(statement.expression, statement.start, bindings, result);
        break;
    }
  }
  return result;
}

function named(statement: Extract<Program['body'][number], { type: 'ExportNamedDeclaration' }>, bindings: Bindings, result: Exports) {
  const source = statement.source?.value;
  for (const specifier of statement.specifiers) {
    if (specifier.exportKind === 'type') continue;
    const local = exportName(specifier.local);
    const name = exportName(specifier.exported);
    if (source !== undefined) result.reexports.push({ specifier: source, imported: local, exported: name });
    else add(result, bindings, { name, local, statement: statement.start, at: specifier.start });
  }
  const declaration = statement.declaration;
  if (!declaration || (declaration as { declare?: boolean }).declare) return;
  if (declaration.type === 'VariableDeclaration') {
    for (const declarator of declaration.declarations) {
      if (declarator.id.type === 'Identifier') {
        add(result, bindings, { name: declarator.id.name, local: declarator.id.name, statement: statement.start, at: declarator.id.start });
      }
    }
  } else if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) {
    add(result, bindings, { name: declaration.id.name, local: declaration.id.name, statement: statement.start, at: declaration.id.start });
  } else if (declaration.type === 'TSEnumDeclaration') {
    add(result, bindings, { name: declaration.id.name, local: declaration.id.name, statement: statement.start, at: declaration.id.start });
  }
}

/** `module.exports = …`, `module.exports.x = …` and `exports.x = …`. */
function commonJs(expression: Expression, statement: number, bindings: Bindings, result: Exports): void {
  if (expression.type !== 'AssignmentExpression' || expression.operator !== '=' || expression.left.type !== 'MemberExpression') return;
  const left = expression.left;
  const right = unwrap(expression.right);
  if (isModuleExports(left)) {
    if (right.type !== 'ObjectExpression') {
      add(result, bindings, expressionExport('default', right, statement));
      return;
    }
    for (const property of right.properties) {
      if (property.type !== 'Property' || property.computed) continue;
      const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
      if (key !== undefined) add(result, bindings, expressionExport(key, property.value as Expression, statement, property.start));
    }
    return;
  }
  if (left.computed || left.property.type !== 'Identifier') return;
  const target = unwrap(left.object);
  if ((target.type === 'Identifier' && target.name === 'exports') || (target.type === 'MemberExpression' && isModuleExports(target))) {
    add(result, bindings, expressionExport(left.property.name, right, statement, left.start));
  }
}

function isModuleExports(node: Expression): boolean {
  return (
    node.type === 'MemberExpression' &&
    !node.computed &&
    node.object.type === 'Identifier' &&
    node.object.name === 'module' &&
    node.property.type === 'Identifier' &&
    node.property.name === 'exports'
  );
}

function expressionExport(name: string, value: Expression, statement: number, at = statement): ExportEntry {
  const bare = unwrap(value);
  if (bare.type === 'Identifier') return { name, local: bare.name, statement, at };
  const id = (bare.type === 'ClassExpression' || bare.type === 'FunctionExpression') && bare.id ? bare.id : undefined;
  return { name, value: bare, statement, at: id?.start ?? at };
}

/**
 * Exporting an imported name, or what `require('./x')` returns (`exports.users = require('./users')`,
 * the CommonJS barrel), is a re-export: it stands for the other module's service. What a package
 * returns (`module.exports = require('stripe')(key)`) is this module's own value.
 */
function add(result: Exports, bindings: Bindings, entry: ExportEntry): void {
  const loaded = entry.value && isExpression(entry.value) ? loadedModule(entry.value) : undefined;
  if (loaded && packageName(loaded.specifier) === undefined) {
    result.reexports.push({ specifier: loaded.specifier, imported: loaded.imported, exported: entry.name });
    return;
  }
  const binding = entry.local === undefined ? undefined : bindings.get(entry.local);
  if (binding && !binding.isType) result.reexports.push({ specifier: binding.specifier, imported: binding.imported, exported: entry.name });
  else if (!binding) result.entries.push(entry);
}

const isExpression = (node: Node): node is Expression => node.type !== 'ClassDeclaration' && node.type !== 'FunctionDeclaration';
