/**
 * Every module-level name bound to another module: ESM imports (from `parseModule`), CommonJS
 * `require` at module level (`const Stripe = require('stripe')`, `const { a } = require('./x')`)
 * and TypeScript's `import x = require('x')`.
 */
import type { BindingPattern, Program } from 'oxc-parser';
import type { ParsedModule } from '../parse.js';
import { loadedModule } from './ast.js';

export interface Binding {
  specifier: string;
  /** `default`, `*` for a namespace, or the exported name. */
  imported: string;
  isType: boolean;
}

export type Bindings = ReadonlyMap<string, Binding>;

export function collectBindings(module: ParsedModule): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  for (const entry of module.imports) {
    if (entry.local) bindings.set(entry.local, { specifier: entry.specifier, imported: entry.imported, isType: entry.isType });
  }
  addRequires(module.program, bindings);
  return bindings;
}

function addRequires(program: Program, bindings: Map<string, Binding>): void {
  for (const statement of program.body) {
    if (statement.type === 'TSImportEqualsDeclaration' && statement.moduleReference.type === 'TSExternalModuleReference') {
      const specifier = statement.moduleReference.expression.value;
      bindings.set(statement.id.name, { specifier, imported: 'default', isType: statement.importKind === 'type' });
      continue;
    }
    const declaration =
      statement.type === 'ExportNamedDeclaration' && statement.declaration?.type === 'VariableDeclaration'
        ? statement.declaration
        : statement.type === 'VariableDeclaration'
          ? statement
          : undefined;
    for (const declarator of declaration?.declarations ?? []) {
      const loaded = declarator.init ? loadedModule(declarator.init) : undefined;
      if (loaded) bindPattern(declarator.id, loaded.specifier, loaded.imported, bindings);
    }
  }
}

/** `const X = …` binds the whole; `const { a, b: c } = …` binds `a` and `c` to exports `a` and `b`. */
function bindPattern(pattern: BindingPattern, specifier: string, imported: string, bindings: Map<string, Binding>): void {
  if (pattern.type === 'Identifier') {
    bindings.set(pattern.name, { specifier, imported, isType: false });
  } else if (pattern.type === 'ObjectPattern') {
    for (const property of pattern.properties) {
      if (property.type !== 'Property' || property.computed || property.key.type !== 'Identifier') continue;
      const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
      if (value.type === 'Identifier') bindings.set(value.name, { specifier, imported: property.key.name, isType: false });
    }
  }
}
