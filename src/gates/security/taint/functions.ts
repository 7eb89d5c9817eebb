/**
 * The functions of a module, found in one walk and kept per module: each with the name it is
 * known by (declaration, variable, method, object property, `this.x = …`, `exports.x = …`) and
 * the classes and functions around it, from which its scope is built when it is analysed.
 */
import type { Class, Node } from 'oxc-parser';
import { forEachChild, isClass, isFunction, propertyName, unwrap, type FunctionLike } from '../../../scan/code/ast.js';
import { isServiceFile } from '../../support/files.js';
import { classScope, functionScope, moduleScope, type Scope } from '../../../scan/code/scope.js';
import type { ParsedModule } from '../../../scan/parse.js';
import type { FunctionRef } from './types.js';

export interface FunctionEntry extends FunctionRef {
  name: string | undefined;
  /** Enclosing functions, outermost first (for "is this nested in another root"). */
  enclosing: readonly FunctionLike[];
}

export interface ModuleFunctions {
  all: FunctionEntry[];
  byName: Map<string, FunctionEntry[]>;
}

/** Test code, fixtures, mocks and end-to-end suites are not the service. */
export const isNotService = (path: string): boolean => !isServiceFile(path);

const cache = new WeakMap<ParsedModule, ModuleFunctions | Error>();

/** Walked once per module; a walk that fails (a file nested past the stack) fails once and is remembered. */
export function moduleFunctions(module: ParsedModule): ModuleFunctions {
  let found = cache.get(module);
  if (found instanceof Error) throw found;
  if (!found) {
    try {
      found = collect(module);
    } catch (error) {
      cache.set(module, error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    cache.set(module, found);
  }
  return found;
}

/** The scope a function's own scope hangs from, built through its enclosing classes and functions. */
function scopeChain(module: ParsedModule, ancestors: readonly (FunctionLike | Class)[]): Scope {
  let scope = moduleScope(module);
  for (const node of ancestors) scope = isClass(node) ? classScope(scope, node) : functionScope(node, scope);
  return scope;
}

function collect(module: ParsedModule): ModuleFunctions {
  const all: FunctionEntry[] = [];
  const byName = new Map<string, FunctionEntry[]>();
  const ancestors: (FunctionLike | Class)[] = [];
  const visit = (node: Node, parent: Node | undefined): void => {
    if (isFunction(node)) {
      const chain = [...ancestors];
      let scope: Scope | undefined;
      const entry: FunctionEntry = {
        module,
        node,
        name: nameOf(node, parent),
        enclosing: chain.filter(isFunction),
        parentScope: () => (scope ??= scopeChain(module, chain)),
      };
      all.push(entry);
      if (entry.name) byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
    }
    const opens = isFunction(node) || isClass(node);
    if (opens) ancestors.push(node);
    forEachChild(node, (child) => visit(child, node));
    if (opens) ancestors.pop();
  };
  visit(module.program, undefined);
  return { all, byName };
}

/** The name a function is called by: its own, or the variable, key or member it is assigned to. */
function nameOf(fn: FunctionLike, parent: Node | undefined): string | undefined {
  if (fn.id) return fn.id.name;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.id.type === 'Identifier' ? parent.id.name : undefined;
    case 'MethodDefinition':
    case 'Property':
    case 'PropertyDefinition':
      return propertyName(parent.key, parent.computed);
    case 'AssignmentExpression': {
      const left = unwrap(parent.left);
      if (left.type === 'Identifier') return left.name;
      return left.type === 'MemberExpression' ? propertyName(left.property, left.computed) : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether a call with `count` arguments fits a function's parameters. */
export function arityFits(fn: FunctionLike, count: number): boolean {
  const params = fn.params as Node[];
  if (params.some((p) => p.type === 'RestElement')) return true;
  if (count > params.length) return false;
  let required = 0;
  for (const param of params) {
    const target = param.type === 'TSParameterProperty' ? param.parameter : param;
    if (target.type === 'AssignmentPattern' || (target as { optional?: boolean }).optional) break;
    required++;
  }
  return count >= required;
}
