/**
 * Reading Nest decorators: `@Get(':id')`, `@Public`, `@nest.Controller()`. A decorator is named by
 * its callee's last segment, so a namespaced import (`@common.Get()`) reads like a named one.
 */
import type { Argument, Decorator, Expression, Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';

export interface DecoratorUse {
  name: string;
  args: readonly Argument[];
  node: Decorator;
  /** Where the arguments are written, when not where the decorator is (inside a composite). */
  module?: ParsedModule;
}

/** The callee's last name: `Get` for `Get(...)`, `common.Get(...)` and bare `@Get`. */
function calleeName(expression: Expression): string | undefined {
  if (expression.type === 'Identifier') return expression.name;
  if (expression.type === 'MemberExpression' && !expression.computed && expression.property.type === 'Identifier') return expression.property.name;
  return undefined;
}

export function decoratorsOf(node: { decorators?: Decorator[] | null } | Node): DecoratorUse[] {
  const list = (node as { decorators?: Decorator[] | null }).decorators ?? [];
  const uses: DecoratorUse[] = [];
  for (const decorator of list) {
    const expression = decorator.expression;
    if (expression.type === 'CallExpression') {
      const name = calleeName(expression.callee);
      if (name) uses.push({ name, args: expression.arguments, node: decorator });
    } else {
      const name = calleeName(expression);
      if (name) uses.push({ name, args: [], node: decorator });
    }
  }
  return uses;
}

export const findDecorator = (uses: readonly DecoratorUse[], names: ReadonlySet<string> | string) =>
  uses.find((use) => (typeof names === 'string' ? use.name === names : names.has(use.name)));

export const filterDecorators = (uses: readonly DecoratorUse[], name: string) => uses.filter((use) => use.name === name);
