/**
 * Composite decorators, the documented way to bundle auth: `export function Auth(...roles) {
 * return applyDecorators(SetMetadata('roles', roles), UseGuards(AuthGuard, RolesGuard)) }`.
 * A use of `@Auth('admin')` stands for the decorators inside, which are read as if written on
 * the method or class (their arguments resolve in the composite's module).
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { isFunction, memberPath, unwrap } from '../ast.js';
import { resolveName, type ProjectIndex } from '../graph.js';
import { returnedExpression } from '../values.js';
import type { DecoratorUse } from './decorators.js';

/** Nest's own decorators are never composites; skipping them saves the lookups. */
const NEST_DECORATORS = new Set([
  'Get', 'Post', 'Put', 'Patch', 'Delete', 'Head', 'Options', 'All', 'Controller', 'UseGuards', 'UsePipes', 'UseInterceptors',
  'UseFilters', 'HttpCode', 'Header', 'Redirect', 'Version', 'SetMetadata', 'Render', 'Sse', 'Module', 'Injectable',
]);
const cache = new WeakMap<ParsedModule, Map<string, DecoratorUse[]>>();

/** The decorators a composite applies, or [] when `name` is not a project `applyDecorators` composite. */
function inside(index: ProjectIndex, module: ParsedModule, use: DecoratorUse, depth: number): DecoratorUse[] {
  let known = cache.get(module);
  if (!known) cache.set(module, (known = new Map()));
  const cached = known.get(use.name);
  if (cached) return cached;
  known.set(use.name, []); // a composite that applies itself ends here
  const found = resolveName(index, module, use.name);
  const fn = found && unwrap(found.node);
  const returned = fn && isFunction(fn) ? returnedExpression(fn) : undefined;
  const call = returned && unwrap(returned);
  const uses: DecoratorUse[] = [];
  if (found && call?.type === 'CallExpression' && memberPath(call.callee)?.split('.').pop() === 'applyDecorators') {
    for (const arg of call.arguments) {
      const inner = unwrap(arg as Node);
      const callee = inner.type === 'CallExpression' ? memberPath(inner.callee)?.split('.').pop() : memberPath(inner)?.split('.').pop();
      if (!callee) continue;
      const applied: DecoratorUse = { name: callee, args: inner.type === 'CallExpression' ? inner.arguments : [], node: use.node, module: found.module };
      uses.push(applied, ...(depth < 3 ? inside(index, found.module, applied, depth + 1) : []));
    }
  }
  known.set(use.name, uses);
  return uses;
}

/** The uses, each composite followed by what it applies. */
export function expandComposites(index: ProjectIndex, module: ParsedModule, uses: readonly DecoratorUse[]): DecoratorUse[] {
  return uses.flatMap((use) => (NEST_DECORATORS.has(use.name) ? [use] : [use, ...inside(index, use.module ?? module, use, 0)]));
}
