/**
 * A module split into its module-level statements ("units"), each with the names it declares and
 * the facts of one walk over it. Services are sets of units: a class is its own unit plus the
 * module-level helpers and clients it reaches (`closure.ts`).
 */
import type { BindingPattern, Class, Expression, Function, Node, Program } from 'oxc-parser';
import type { Bindings } from './bindings.js';
import { unitFacts, type UnitFacts } from './unit-facts.js';

export interface Declaration {
  unit: number;
  name: string;
  /** Offset of the declared name, for the source line. */
  at: number;
  node: Class | Function | { type: 'VariableDeclarator'; init: Expression | null } | Node;
}

export interface Unit {
  statement: Node;
  names: string[];
  readonly facts: UnitFacts;
}

export interface Units {
  units: Unit[];
  declarations: Map<string, Declaration>;
}

const TYPE_ONLY = new Set(['TSInterfaceDeclaration', 'TSTypeAliasDeclaration', 'TSDeclareFunction', 'TSImportEqualsDeclaration']);

export function collectUnits(program: Program, bindings: Bindings): Units {
  const units: Unit[] = [];
  const declarations = new Map<string, Declaration>();
  for (const statement of program.body) {
    const declared = declarationOf(statement);
    if (declared === undefined) continue;
    const index = units.length;
    const names: string[] = [];
    const declare = (name: string, at: number, node: Declaration['node']) => {
      names.push(name);
      declarations.set(name, { unit: index, name, at, node });
    };
    if (declared.type === 'VariableDeclaration') {
      for (const declarator of declared.declarations) {
        for (const id of patternNames(declarator.id)) declare(id.name, id.start, declarator);
      }
    } else if ((declared.type === 'FunctionDeclaration' || declared.type === 'ClassDeclaration') && declared.id) {
      declare(declared.id.name, declared.id.start, declared);
    } else if (declared.type === 'TSEnumDeclaration') {
      declare(declared.id.name, declared.id.start, declared);
    } else if (declared.type === 'TSModuleDeclaration' && declared.id.type === 'Identifier') {
      declare(declared.id.name, declared.id.start, declared);
    }
    // Walked on first use: most statements of route files, models and entry points never are.
    let facts: UnitFacts | undefined;
    units.push({
      statement,
      names,
      get facts() {
        return (facts ??= unitFacts(statement, bindings));
      },
    });
  }
  return { units, declarations };
}

/** The declaration a statement carries, or undefined for imports, re-exports and types. */
function declarationOf(statement: Program['body'][number]): Node | undefined {
  if (statement.type === 'ImportDeclaration' || statement.type === 'ExportAllDeclaration') return undefined;
  if (statement.type === 'ExpressionStatement' && statement.directive) return undefined;
  if (statement.type === 'ExportNamedDeclaration') {
    if (statement.source || statement.exportKind === 'type' || !statement.declaration) return undefined;
    return runtime(statement.declaration);
  }
  if (statement.type === 'ExportDefaultDeclaration') return runtime(statement.declaration);
  return runtime(statement);
}

const runtime = (node: Node): Node | undefined =>
  TYPE_ONLY.has(node.type) || (node as { declare?: boolean }).declare === true ? undefined : node;

function patternNames(pattern: BindingPattern | Node): { name: string; start: number }[] {
  switch (pattern.type) {
    case 'Identifier':
      return [{ name: pattern.name, start: pattern.start }];
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) => patternNames(property.type === 'RestElement' ? property.argument : property.value));
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element ? patternNames(element) : []));
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    case 'RestElement':
      return patternNames(pattern.argument);
    default:
      return [];
  }
}
