/**
 * What `register(x, opts)` registers: a plugin function declared inline, imported (default or
 * named, ESM or `require`), loaded with `import('./routes.js')`, wrapped in `fastify-plugin`, or
 * returned by a factory (`register(userRoutes(deps))`); or a package plugin (`@fastify/cors`),
 * of which only the name matters.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { isFunction, propertyName, requireSpecifier, stringLiteral, unwrap, walk, type FunctionLike } from '../ast.js';
import { resolveExpression, type LocalResolver } from '../evaluate.js';
import { importOf, resolveExport, resolveModule, type ProjectIndex } from '../graph.js';

export interface Plugin {
  /** The plugin function, when it is project code. */
  fn?: FunctionLike;
  module: ParsedModule;
  /** Wrapped in fastify-plugin: it runs in the registering context, and `prefix` is ignored. */
  skipOverride: boolean;
  /** The npm package of a package plugin (`@fastify/rate-limit`). */
  pkg?: string;
}

const FP_PACKAGES = new Set(['fastify-plugin']);
const MAX_DEPTH = 8;

/** The function a factory returns: `function routes(deps) { return async (app) => {...} }`. */
function returnedFunction(fn: FunctionLike): FunctionLike | undefined {
  if (fn.body && fn.body.type !== 'BlockStatement') {
    const value = unwrap(fn.body);
    return isFunction(value) ? value : undefined;
  }
  let found: FunctionLike | undefined;
  walk(fn.body as Node, (node) => {
    if (found || (node !== fn.body && isFunction(node))) return false;
    if (node.type === 'ReturnStatement' && node.argument && isFunction(unwrap(node.argument))) found = unwrap(node.argument) as FunctionLike;
  });
  return found;
}

/** A module specifier: a project module's export, or a package. */
function fromSpecifier(index: ProjectIndex, module: ParsedModule, specifier: string, exportName: string, depth: number): Plugin | undefined {
  const target = resolveModule(index, module, specifier);
  if (!target) return specifier.startsWith('.') ? undefined : { module, skipOverride: false, pkg: specifier };
  const found = resolveExport(index, target.file.path, exportName);
  return found ? resolvePluginAt(index, found.module, found.node, undefined, depth + 1) : undefined;
}

const isFastifyPlugin = (module: ParsedModule, callee: Node): boolean => {
  if (callee.type !== 'Identifier') return requireSpecifier(callee) !== undefined && FP_PACKAGES.has(requireSpecifier(callee) as string);
  const binding = importOf(module, callee.name);
  return binding ? FP_PACKAGES.has(binding.specifier) : callee.name === 'fp' || callee.name === 'fastifyPlugin';
};

function resolvePluginAt(index: ProjectIndex, module: ParsedModule, raw: Node, local: LocalResolver | undefined, depth: number): Plugin | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const node = unwrap(raw);
  if (isFunction(node)) return { fn: node, module, skipOverride: false };
  if (node.type === 'ImportExpression') {
    const specifier = stringLiteral(node.source);
    return specifier === undefined ? undefined : fromSpecifier(index, module, specifier, 'default', depth);
  }
  if (node.type === 'CallExpression') {
    const callee = unwrap(node.callee);
    const required = requireSpecifier(node);
    if (required !== undefined) return fromSpecifier(index, module, required, 'default', depth);
    if (isFastifyPlugin(module, callee)) {
      const inner = node.arguments[0] ? resolvePluginAt(index, module, node.arguments[0] as Node, local, depth + 1) : undefined;
      return inner ? { ...inner, skipOverride: true } : undefined;
    }
    const factory = resolveExpression(index, module, callee, local);
    const fn = factory && unwrap(factory.node);
    const made = fn && isFunction(fn) ? returnedFunction(fn) : undefined;
    return made && factory ? { fn: made, module: factory.module, skipOverride: false } : undefined;
  }
  if (node.type === 'MemberExpression') {
    // `require('./routes').users` and `(await import('./routes')).default`.
    const object = unwrap(node.object);
    const name = propertyName(node.property, node.computed);
    const specifier = object.type === 'ImportExpression' ? stringLiteral(object.source) : requireSpecifier(object);
    if (specifier !== undefined && name !== undefined) return fromSpecifier(index, module, specifier, name, depth);
  }
  if (node.type === 'Identifier') {
    const binding = importOf(module, node.name);
    if (binding && !binding.specifier.startsWith('.') && !resolveModule(index, module, binding.specifier)) {
      return { module, skipOverride: false, pkg: binding.specifier };
    }
  }
  const found = node.type === 'Identifier' || node.type === 'MemberExpression' ? resolveExpression(index, module, node, local) : undefined;
  if (!found || unwrap(found.node) === node) return undefined;
  return resolvePluginAt(index, found.module, found.node, undefined, depth + 1);
}

export function resolvePlugin(index: ProjectIndex, module: ParsedModule, node: Node, local?: LocalResolver): Plugin | undefined {
  return resolvePluginAt(index, module, node, local, 0);
}
