/**
 * Small readers over the oxc ESTree that the ORM extractors share: literal values, object
 * properties, call chains and a generic walk. They only read what is written; nothing is
 * evaluated, and anything dynamic reads as undefined.
 */
import type { Argument, CallExpression, Expression, Node, ObjectExpression } from 'oxc-parser';
import { isParsed, parseModule, type ParsedModule } from '../parse.js';
import type { ScanProblem, SourceFile } from '../types.js';

type Any = Expression | Argument | Node | null | undefined;

/** Through `x as T`, `x!`, `x satisfies T` and parentheses. */
export function unwrap(node: Any): Any {
  let current = node;
  while (
    current &&
    (current.type === 'TSAsExpression' || current.type === 'TSSatisfiesExpression' || current.type === 'TSNonNullExpression' || current.type === 'ParenthesizedExpression' || current.type === 'TSTypeAssertion')
  ) {
    current = current.expression;
  }
  return current;
}

export function stringValue(node: Any): string | undefined {
  const value = unwrap(node);
  if (value?.type === 'Literal' && typeof value.value === 'string') return value.value;
  if (value?.type === 'TemplateLiteral' && value.expressions.length === 0) return value.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export function literalValue(node: Any): string | number | boolean | null | undefined {
  const value = unwrap(node);
  if (value?.type === 'Literal' && (typeof value.value === 'string' || typeof value.value === 'number' || typeof value.value === 'boolean' || value.value === null)) {
    return value.value;
  }
  if (value?.type === 'UnaryExpression' && value.operator === '-') {
    const inner = literalValue(value.argument);
    return typeof inner === 'number' ? -inner : undefined;
  }
  return stringValue(value);
}

export const numberValue = (node: Any): number | undefined => {
  const value = literalValue(node);
  return typeof value === 'number' ? value : undefined;
};

export const booleanValue = (node: Any): boolean | undefined => {
  const value = literalValue(node);
  return typeof value === 'boolean' ? value : undefined;
};

export function asObject(node: Any): ObjectExpression | undefined {
  const value = unwrap(node);
  return value?.type === 'ObjectExpression' ? value : undefined;
}

/** The properties of an object literal with a static key, by key. */
export function properties(node: Any): Map<string, Expression> {
  const result = new Map<string, Expression>();
  for (const property of asObject(node)?.properties ?? []) {
    if (property.type !== 'Property' || property.computed) continue;
    const key = property.key.type === 'Identifier' ? property.key.name : stringValue(property.key);
    if (key !== undefined) result.set(key, property.value);
  }
  return result;
}

/** `x`, `a.b.c`: the dotted name of an identifier or static member chain. */
export function dottedName(node: Any): string | undefined {
  const value = unwrap(node);
  if (value?.type === 'Identifier') return value.name;
  if (value?.type === 'ThisExpression') return 'this';
  if (value?.type === 'MemberExpression' && !value.computed && value.property.type === 'Identifier') {
    const object = dottedName(value.object);
    return object === undefined ? undefined : `${object}.${value.property.name}`;
  }
  return undefined;
}

export const lastName = (node: Any): string | undefined => dottedName(node)?.split('.').pop();

export interface ChainCall {
  /** The method (`notNull`), or for the first call the callee's dotted name (`integer`). */
  name: string;
  args: Argument[];
}

/** `integer('id').notNull().default(0)` → integer('id'), notNull(), default(0), innermost first. */
export function callChain(node: Any): ChainCall[] {
  const calls: ChainCall[] = [];
  let current = unwrap(node);
  while (current?.type === 'CallExpression') {
    const callee = unwrap(current.callee);
    if (callee?.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && unwrap(callee.object)?.type === 'CallExpression') {
      calls.unshift({ name: callee.property.name, args: current.arguments });
      current = unwrap(callee.object);
    } else {
      calls.unshift({ name: dottedName(callee) ?? '', args: current.arguments });
      break;
    }
  }
  return calls;
}

/** The value an arrow function returns: its expression body, or the argument of its `return`. */
export function returned(node: Any): Any {
  const fn = unwrap(node);
  if (fn?.type !== 'ArrowFunctionExpression' && fn?.type !== 'FunctionExpression') return undefined;
  const body = fn.body;
  if (!body) return undefined;
  if (body.type !== 'BlockStatement') return unwrap(body);
  for (const statement of body.body) if (statement.type === 'ReturnStatement') return unwrap(statement.argument);
  return undefined;
}

/** Every node under `root`, depth first, with no parent links needed. */
export function walk(root: unknown, visit: (node: Node) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
    } else if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
      visit(value as Node);
      for (const key in value) {
        if (key === 'parent' || key === 'start' || key === 'end' || key === 'range' || key === 'loc') continue;
        const child = (value as Record<string, unknown>)[key];
        if (child && typeof child === 'object') stack.push(child);
      }
    }
  }
}

export function calls(module: ParsedModule): CallExpression[] {
  const found: CallExpression[] = [];
  walk(module.program, (node) => {
    if (node.type === 'CallExpression') found.push(node);
  });
  return found;
}

/** The source text of a node. */
export const sourceText = (module: ParsedModule, node: { start: number; end: number }): string => module.file.text.slice(node.start, node.end);

/** Local names bound to `imported` from a package whose specifier passes `from` (`*` for namespaces). */
export function importedAs(module: ParsedModule, from: (specifier: string) => boolean): Map<string, string> {
  const locals = new Map<string, string>();
  for (const binding of module.imports) if (from(binding.specifier) && binding.local) locals.set(binding.local, binding.imported);
  return locals;
}

/** A decorator or callee name as the library knows it: through import aliases and namespaces. */
export function libraryName(node: Any, locals: Map<string, string>): string | undefined {
  const name = dottedName(node);
  return name === undefined ? undefined : importedName(name, locals);
}

/** `Col` imported as `{ Column as Col }` is `Column`; `orm.Column` with `* as orm` is `Column`. */
export function importedName(name: string, locals: Map<string, string>): string | undefined {
  const [head, ...rest] = name.split('.');
  const imported = locals.get(head as string);
  if (imported === '*' && rest.length === 1) return rest[0];
  if (rest.length === 0) return imported && imported !== '*' && imported !== 'default' ? imported : name;
  return undefined;
}

/** Every file parsed; those with syntax errors become problems (with their position). */
export function parseAll(files: readonly SourceFile[]): { modules: ParsedModule[]; problems: ScanProblem[] } {
  const modules: ParsedModule[] = [];
  const problems: ScanProblem[] = [];
  for (const file of files) {
    const parsed = parseModule(file);
    if (isParsed(parsed)) modules.push(parsed);
    else problems.push(parsed);
  }
  return { modules, problems };
}
