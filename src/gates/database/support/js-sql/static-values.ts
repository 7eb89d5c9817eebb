/**
 * Values read out of a migration's AST without running it: literals, template literals and `+`
 * over them, arrays and objects of those, and the `const`s a function or the module declares
 * with such values. Anything computed at run time reads as unknown (undefined), never guessed.
 */
import type { Argument, Expression, Node } from 'oxc-parser';
import { unwrap } from '../../../../scan/models/js-ast.js';

export type Static = string | number | boolean | null | undefined | Static[] | { [key: string]: Static };

/** A value that was read, as opposed to one that could not be (`undefined` is a value JS code can write). */
export interface Known {
  value: Static;
}

type Any = Expression | Argument | Node | null | undefined;

/** The `const` bindings visible at a point: a function's own, then the enclosing ones, then the module's. */
export class Scope {
  /** null: a name declared here whose value is not known (a `let`, a parameter), hiding outer constants. */
  private readonly values = new Map<string, Node | null>();

  constructor(private readonly parent?: Scope) {}

  declare(name: string, init: Node | null): void {
    this.values.set(name, init);
  }

  lookup(name: string): Node | undefined {
    const own = this.values.get(name);
    if (own === null) return undefined;
    return own ?? this.parent?.lookup(name);
  }

  child(): Scope {
    return new Scope(this);
  }
}

/** The module's top-level `const`s (exported or not). */
export function moduleScope(program: { body: readonly Node[] }): Scope {
  const scope = new Scope();
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'VariableDeclaration') declareConsts(scope, declaration);
  }
  return scope;
}

/** Records `const name = init`; a `let` or `var` is recorded as unknown, since it may change. */
export function declareConsts(scope: Scope, declaration: Node): void {
  if (declaration.type !== 'VariableDeclaration') return;
  for (const d of declaration.declarations) {
    if (d.id.type === 'Identifier') scope.declare(d.id.name, declaration.kind === 'const' && d.init ? d.init : null);
  }
}

export interface ReadOptions {
  /** `new X(arg)` reads as its argument for these class names (TypeORM's `new Table({ … })`). */
  constructors?: ReadonlySet<string>;
}

/** The value of an expression, when it can be read without running anything. */
export function readStatic(node: Any, scope: Scope, options: ReadOptions = {}, depth = 0): Known | undefined {
  const value = unwrap(node);
  if (!value || depth > 20) return undefined;
  const read = (child: Any) => readStatic(child, scope, options, depth + 1);
  switch (value.type) {
    case 'Literal':
      if (value.value === null || ['string', 'number', 'boolean'].includes(typeof value.value)) return { value: value.value as Static };
      return undefined;
    case 'Identifier': {
      if (value.name === 'undefined') return { value: undefined };
      const bound = scope.lookup(value.name);
      return bound ? read(bound) : undefined;
    }
    case 'TemplateLiteral': {
      let text = value.quasis[0]?.value.cooked ?? '';
      for (let i = 0; i < value.expressions.length; i++) {
        const part = read(value.expressions[i]);
        if (!part || !isScalar(part.value)) return undefined;
        text += String(part.value) + (value.quasis[i + 1]?.value.cooked ?? '');
      }
      return { value: text };
    }
    case 'BinaryExpression': {
      if (value.operator !== '+') return undefined;
      const left = read(value.left);
      const right = read(value.right);
      if (!left || !right || !isScalar(left.value) || !isScalar(right.value)) return undefined;
      if (typeof left.value === 'number' && typeof right.value === 'number') return { value: left.value + right.value };
      return typeof left.value === 'string' || typeof right.value === 'string' ? { value: String(left.value) + String(right.value) } : undefined;
    }
    case 'UnaryExpression': {
      const inner = read(value.argument);
      if (value.operator === '-' && typeof inner?.value === 'number') return { value: -inner.value };
      if (value.operator === '!' && inner && isScalar(inner.value)) return { value: !inner.value };
      return undefined;
    }
    case 'ArrayExpression': {
      const items: Static[] = [];
      for (const element of value.elements) {
        const item = element && element.type !== 'SpreadElement' ? read(element) : undefined;
        if (!item) return undefined;
        items.push(item.value);
      }
      return { value: items };
    }
    case 'ObjectExpression': {
      const object: { [key: string]: Static } = {};
      for (const property of value.properties) {
        if (property.type !== 'Property' || property.computed || property.kind !== 'init') return undefined;
        const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : undefined;
        const item = key === undefined ? undefined : read(property.value);
        if (key === undefined || !item) return undefined;
        object[key] = item.value;
      }
      return { value: object };
    }
    case 'NewExpression': {
      const callee = unwrap(value.callee);
      if (callee?.type === 'Identifier' && options.constructors?.has(callee.name) && value.arguments.length === 1) return read(value.arguments[0]);
      return undefined;
    }
    default:
      return undefined;
  }
}

export const isScalar = (value: Static): value is string | number | boolean | null => value === null || ['string', 'number', 'boolean'].includes(typeof value);

export const isRecord = (value: Static): value is { [key: string]: Static } => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string read statically, or undefined. */
export function readString(node: Any, scope: Scope): string | undefined {
  const known = readStatic(node, scope);
  return typeof known?.value === 'string' ? known.value : undefined;
}
