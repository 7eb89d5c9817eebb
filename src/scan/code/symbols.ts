/**
 * The top-level symbol table of one module: what it declares, imports (ESM and CommonJS
 * `require`) and exports (ESM, `module.exports`, `exports.x`, `export =`). Built once per module
 * and cached, because every cross-file lookup of the graph starts here.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../parse.js';
import { memberName, memberPath, propertyName, unwrap } from './ast.js';
import { patternNames, requireOf } from './patterns.js';

export interface LocalSymbol {
  /** The initializer expression, FunctionDeclaration, ClassDeclaration or TSEnumDeclaration. */
  node: Node;
  declarator?: Node;
  /** For `const { a: { b } } = init`: the property path from `node` to the value (['a', 'b']). */
  path?: string[];
}

/** `imported` is an export name, '*' for a namespace, or 'require' for a CommonJS `require()` value. */
export interface ImportSymbol {
  specifier: string;
  imported: string;
  /** Properties read off the import: `require('./x').router` → ['router']. */
  path?: string[];
  isType?: boolean;
}

export type ExportTarget =
  | { kind: 'local'; name: string }
  | { kind: 'node'; node: Node }
  | { kind: 'reexport'; specifier: string; imported: string };

export interface ModuleSymbols {
  locals: Map<string, LocalSymbol>;
  imports: Map<string, ImportSymbol>;
  exports: Map<string, ExportTarget>;
  /** `export * from '…'` specifiers, in order. */
  stars: string[];
}

const cache = new WeakMap<ParsedModule, ModuleSymbols>();

export function moduleSymbols(module: ParsedModule): ModuleSymbols {
  let symbols = cache.get(module);
  if (!symbols) {
    symbols = collect(module);
    cache.set(module, symbols);
  }
  return symbols;
}

function collect(module: ParsedModule): ModuleSymbols {
  const symbols: ModuleSymbols = { locals: new Map(), imports: new Map(), exports: new Map(), stars: [] };
  for (const binding of module.imports) {
    if (binding.local) symbols.imports.set(binding.local, { specifier: binding.specifier, imported: binding.imported, isType: binding.isType });
  }
  for (const statement of module.program.body) collectStatement(symbols, statement as Node);
  return symbols;
}

function collectStatement(symbols: ModuleSymbols, statement: Node): void {
  switch (statement.type) {
    case 'VariableDeclaration':
      for (const declarator of statement.declarations) declareVariable(symbols, declarator);
      return;
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
    case 'TSEnumDeclaration':
      if (statement.id) symbols.locals.set(statement.id.name, { node: statement });
      return;
    case 'TSImportEqualsDeclaration':
      if (statement.moduleReference.type === 'TSExternalModuleReference') {
        symbols.imports.set(statement.id.name, { specifier: statement.moduleReference.expression.value, imported: 'require' });
      }
      return;
    case 'ExportNamedDeclaration':
      return collectNamedExport(symbols, statement);
    case 'ExportDefaultDeclaration':
      return collectDefaultExport(symbols, statement.declaration as Node);
    case 'ExportAllDeclaration': {
      const name = statement.exported ? propertyName(statement.exported) : undefined;
      if (name) symbols.exports.set(name, { kind: 'reexport', specifier: statement.source.value, imported: '*' });
      else symbols.stars.push(statement.source.value);
      return;
    }
    case 'TSExportAssignment':
      return setExport(symbols, 'default', statement.expression);
    case 'ExpressionStatement':
      return collectCommonJsExport(symbols, statement.expression);
    default:
  }
}

function collectNamedExport(symbols: ModuleSymbols, statement: Extract<Node, { type: 'ExportNamedDeclaration' }>): void {
  const declaration = statement.declaration as Node | null;
  if (declaration) {
    collectStatement(symbols, declaration);
    for (const name of declaredNames(declaration)) symbols.exports.set(name, { kind: 'local', name });
  }
  for (const specifier of statement.specifiers) {
    const local = propertyName(specifier.local);
    const exported = propertyName(specifier.exported);
    if (local === undefined || exported === undefined) continue;
    symbols.exports.set(
      exported,
      statement.source ? { kind: 'reexport', specifier: statement.source.value, imported: local } : { kind: 'local', name: local },
    );
  }
}

function collectDefaultExport(symbols: ModuleSymbols, declaration: Node): void {
  if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) {
    symbols.locals.set(declaration.id.name, { node: declaration });
  }
  setExport(symbols, 'default', declaration);
}

/** An exported expression: a plain identifier stays a reference so the graph follows it. */
function setExport(symbols: ModuleSymbols, name: string, expression: Node): void {
  const inner = unwrap(expression);
  symbols.exports.set(name, inner.type === 'Identifier' ? { kind: 'local', name: inner.name } : { kind: 'node', node: inner });
}

/** `module.exports = x`, `module.exports.a = x`, `exports.a = x`, `module.exports = { a, b: c }`. */
function collectCommonJsExport(symbols: ModuleSymbols, expression: Node): void {
  if (expression.type !== 'AssignmentExpression' || expression.operator !== '=') return;
  const target = memberPath(expression.left);
  if (target === 'module.exports' || target === 'exports') {
    setExport(symbols, 'default', expression.right);
    const value = unwrap(expression.right);
    if (value.type === 'ObjectExpression') {
      for (const property of value.properties) {
        if (property.type !== 'Property') continue;
        const name = propertyName(property.key, property.computed);
        if (name !== undefined) setExport(symbols, name, property.value);
      }
    }
    return;
  }
  const name = memberName(expression.left);
  const left = unwrap(expression.left);
  if (name === undefined || left.type !== 'MemberExpression') return;
  const owner = memberPath(left.object);
  if (owner === 'module.exports' || owner === 'exports') setExport(symbols, name, expression.right);
}

function declareVariable(symbols: ModuleSymbols, declarator: Extract<Node, { type: 'VariableDeclarator' }>): void {
  const init = declarator.init as Node | null;
  if (!init) {
    if (declarator.id.type === 'Identifier') symbols.locals.set(declarator.id.name, { node: declarator, declarator });
    return;
  }
  const required = requireOf(init);
  for (const { name, path } of patternNames(declarator.id, [])) {
    if (required) {
      const fullPath = [...required.path, ...path];
      const [first, ...rest] = fullPath;
      symbols.imports.set(
        name,
        first === undefined
          ? { specifier: required.specifier, imported: 'require' }
          : { specifier: required.specifier, imported: first, ...(rest.length ? { path: rest } : {}) },
      );
    } else {
      symbols.locals.set(name, { node: init, declarator, ...(path.length ? { path } : {}) });
    }
  }
}

function declaredNames(declaration: Node): string[] {
  if (declaration.type === 'VariableDeclaration') return declaration.declarations.flatMap((d) => patternNames(d.id, []).map((n) => n.name));
  if ('id' in declaration && declaration.id && typeof declaration.id === 'object' && 'name' in declaration.id) return [String(declaration.id.name)];
  return [];
}
