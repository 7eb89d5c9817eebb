/**
 * The code graph every framework scanner stands on: which declaration a name refers to, across
 * imports, re-exports, default exports and CommonJS, without executing anything. Lookups are
 * memoised per module (see symbols.ts); cycles in imports end the lookup instead of looping.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../parse.js';
import type { Resolver } from '../resolve.js';
import { isClass, objectProperty, propertyName, unwrap } from './ast.js';
import { moduleSymbols, type ImportSymbol } from './symbols.js';

export { walk, memberPath } from './ast.js';
export { evaluateString } from './evaluate.js';

export interface ProjectIndex {
  /** By project-relative path. */
  modules: ReadonlyMap<string, ParsedModule>;
  resolver: Resolver;
}

export function createIndex(modules: readonly ParsedModule[], resolver: Resolver): ProjectIndex {
  return { modules: new Map(modules.map((m) => [m.file.path, m])), resolver: memoised(resolver) };
}

/** Every lookup asks the same few (file, specifier) pairs many times. */
function memoised(resolver: Resolver): Resolver {
  const cache = new Map<string, string | undefined>();
  return {
    resolve(fromFile, specifier) {
      const key = `${fromFile}\0${specifier}`;
      if (cache.has(key)) return cache.get(key);
      const found = resolver.resolve(fromFile, specifier);
      cache.set(key, found);
      return found;
    },
  };
}

/**
 * What a name refers to: a local declaration, or through imports/re-exports/default exports the
 * declaration in the module that defines it. `node` is the initializer expression, the
 * FunctionDeclaration/ClassDeclaration/TSEnumDeclaration, the default-exported expression, or the
 * target module's Program for a namespace (`import * as x`, a `require()` of a module without a
 * single exported value).
 */
export interface Definition {
  module: ParsedModule;
  name: string;
  node: Node;
  declarator?: Node;
  /** Set when a destructured property could not be followed into a value (`const { a } = f()`). */
  path?: string[];
}

type Seen = Set<string>;

export function resolveName(index: ProjectIndex, module: ParsedModule, name: string): Definition | undefined {
  return resolveNameIn(index, module, name, new Set());
}

/** What another module exports under `exportName` ('default' for default, '*' for the namespace). */
export function resolveExport(index: ProjectIndex, modulePath: string, exportName: string): Definition | undefined {
  return resolveExportIn(index, modulePath, exportName, new Set());
}

/** The module an import specifier names, when it is a project file. */
export function resolveModule(index: ProjectIndex, from: ParsedModule, specifier: string): ParsedModule | undefined {
  const path = index.resolver.resolve(from.file.path, specifier);
  return path === undefined ? undefined : index.modules.get(path);
}

/** A member of a definition: an object literal's property, a namespace's export, an enum member, a static class member. */
export function resolveProperty(index: ProjectIndex, definition: Definition, name: string): Definition | undefined {
  return propertyIn(index, definition, name, new Set());
}

/** The import a local name is bound to (ESM or CommonJS), whether or not it resolves to a project file. */
export function importOf(module: ParsedModule, name: string): ImportSymbol | undefined {
  return moduleSymbols(module).imports.get(name);
}

function resolveNameIn(index: ProjectIndex, module: ParsedModule, name: string, seen: Seen): Definition | undefined {
  const key = `${module.file.path}#${name}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const symbols = moduleSymbols(module);
  const local = symbols.locals.get(name);
  if (local) {
    let definition: Definition | undefined = { module, name, node: local.node, ...(local.declarator ? { declarator: local.declarator } : {}) };
    for (const [i, step] of (local.path ?? []).entries()) {
      const next: Definition | undefined = propertyIn(index, definition, step, seen);
      if (!next) return { ...definition, path: (local.path ?? []).slice(i) };
      definition = next;
    }
    return followAlias(index, definition, seen);
  }
  const imported = symbols.imports.get(name);
  return imported ? resolveImport(index, module, imported, seen) : undefined;
}

function resolveImport(index: ProjectIndex, module: ParsedModule, imported: ImportSymbol, seen: Seen): Definition | undefined {
  const target = index.resolver.resolve(module.file.path, imported.specifier);
  if (target === undefined) return undefined;
  let definition =
    imported.imported === 'require'
      ? (resolveExportIn(index, target, 'default', seen) ?? resolveExportIn(index, target, '*', seen))
      : resolveExportIn(index, target, imported.imported, seen);
  for (const step of imported.path ?? []) definition = definition && propertyIn(index, definition, step, seen);
  return definition;
}

function resolveExportIn(index: ProjectIndex, modulePath: string, exportName: string, seen: Seen): Definition | undefined {
  const module = index.modules.get(modulePath);
  if (!module) return undefined;
  if (exportName === '*') return { module, name: '*', node: module.program };
  const key = `${modulePath}@${exportName}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const symbols = moduleSymbols(module);
  const target = symbols.exports.get(exportName);
  if (target?.kind === 'local') return resolveNameIn(index, module, target.name, seen);
  if (target?.kind === 'node') return followAlias(index, { module, name: exportName, node: target.node }, seen);
  if (target?.kind === 'reexport') {
    const from = index.resolver.resolve(modulePath, target.specifier);
    return from === undefined ? undefined : resolveExportIn(index, from, target.imported, seen);
  }
  if (exportName === 'default') return undefined;
  for (const specifier of symbols.stars) {
    const from = index.resolver.resolve(modulePath, specifier);
    const found = from === undefined ? undefined : resolveExportIn(index, from, exportName, seen);
    if (found) return found;
  }
  return undefined;
}

/** `const a = b` and `export default b`: the definition of `b`, not the alias. */
function followAlias(index: ProjectIndex, definition: Definition, seen: Seen): Definition | undefined {
  const node = unwrap(definition.node);
  if (node.type === 'Identifier') return resolveNameIn(index, definition.module, node.name, seen) ?? definition;
  if (node.type === 'MemberExpression') {
    const name = propertyName(node.property, node.computed);
    const object = name === undefined ? undefined : expressionIn(index, definition.module, node.object, seen);
    const member = object && name !== undefined ? propertyIn(index, object, name, seen) : undefined;
    return member ?? definition;
  }
  return definition;
}

/** An identifier or member chain as a definition; anything else is its own definition. */
function expressionIn(index: ProjectIndex, module: ParsedModule, expression: Node, seen: Seen): Definition | undefined {
  return followAlias(index, { module, name: '', node: expression }, seen);
}

function propertyIn(index: ProjectIndex, definition: Definition, name: string, seen: Seen): Definition | undefined {
  const node = unwrap(definition.node);
  const { module } = definition;
  if (node.type === 'Program') return resolveExportIn(index, module.file.path, name, seen);
  if (node.type === 'ObjectExpression') {
    const value = objectProperty(node, name);
    return value ? followAlias(index, { module, name, node: value }, seen) : undefined;
  }
  if (node.type === 'TSEnumDeclaration') {
    const member = node.body.members.find((m) => propertyName(m.id) === name);
    return member?.initializer ? { module, name, node: member.initializer } : undefined;
  }
  if (isClass(node)) {
    for (const element of node.body.body) {
      if ((element.type === 'PropertyDefinition' || element.type === 'MethodDefinition') && element.static) {
        if (propertyName(element.key, element.computed) === name && element.value) return { module, name, node: element.value };
      }
    }
  }
  return undefined;
}
