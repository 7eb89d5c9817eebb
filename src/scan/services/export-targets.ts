/**
 * What each export is, for the service rules: a class (exported itself, or through an instance of
 * it, `export const users = new UsersService()`), an alias of another module's class
 * (`export const users = new UsersService()` with `UsersService` imported from a project file:
 * the export stands for that class's service), or a plain value such as a function or an object.
 */
import type { Class, Expression, Node } from 'oxc-parser';
import { unwrap } from './ast.js';
import type { Bindings } from './bindings.js';
import type { ExportEntry } from './exports.js';
import type { Declaration } from './units.js';

export type ExportTarget =
  | { type: 'class'; node: Class; name: string | undefined; unit: number; at: number }
  | { type: 'alias'; specifier: string; imported: string }
  | { type: 'value'; node: Node; name: string | undefined; unit: number; at: number; behaviour: boolean };

export interface TargetContext {
  declarations: ReadonlyMap<string, Declaration>;
  bindings: Bindings;
  unitOf: (statementStart: number) => number | undefined;
  isProjectFile: (specifier: string) => boolean;
}

export function exportTarget(entry: ExportEntry, context: TargetContext): ExportTarget | undefined {
  if (entry.local !== undefined) {
    const declaration = context.declarations.get(entry.local);
    if (!declaration) return undefined;
    const node = declaration.node;
    const value = node.type === 'VariableDeclarator' ? (node.init ? unwrap(node.init) : undefined) : node;
    return value && classify(value, declaration.name, declaration.unit, declaration.at, context);
  }
  const unit = context.unitOf(entry.statement);
  return entry.value && unit !== undefined ? classify(entry.value, undefined, unit, entry.at, context) : undefined;
}

function classify(value: Node, name: string | undefined, unit: number, at: number, context: TargetContext): ExportTarget {
  if (value.type === 'ClassDeclaration' || value.type === 'ClassExpression') {
    return { type: 'class', node: value, name: value.id?.name ?? name, unit, at: value.id?.start ?? at };
  }
  if (value.type === 'NewExpression') {
    const callee = unwrap(value.callee);
    const local = callee.type === 'Identifier' ? context.declarations.get(callee.name) : undefined;
    if (local && local.node.type === 'ClassDeclaration') {
      return { type: 'class', node: local.node, name: local.name, unit: local.unit, at: local.at };
    }
    const binding = callee.type === 'Identifier' ? context.bindings.get(callee.name) : undefined;
    if (binding && context.isProjectFile(binding.specifier)) {
      return { type: 'alias', specifier: binding.specifier, imported: binding.imported };
    }
  }
  return { type: 'value', node: value, name, unit, at, behaviour: isBehaviour(value) };
}

/** Functions, objects with methods, and constructed or computed values do work; constants do not. */
export function isBehaviour(value: Node): boolean {
  switch (value.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'NewExpression':
    case 'CallExpression':
    case 'AwaitExpression':
    case 'MemberExpression':
      return true;
    case 'ObjectExpression':
      // `{ list() {…} }`, `{ list: () => … }`, `{ query }`, `{ ...base }`: an object of functions.
      return value.properties.some((property) => {
        if (property.type === 'SpreadElement' || property.method) return true;
        const type = unwrap(property.value as Expression).type;
        return type === 'FunctionExpression' || type === 'ArrowFunctionExpression' || type === 'Identifier' || type === 'MemberExpression';
      });
    default:
      return false;
  }
}
