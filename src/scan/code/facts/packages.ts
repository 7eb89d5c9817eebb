/**
 * Where a value comes from: the npm package at the root of its expression (`z.object(…)` → zod,
 * `Joi.object().keys(…)` → joi), following project definitions (`createUserSchema` → its
 * initializer in another file) a few steps. The validation, rate-limit and auth facts all ask this.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { packageName } from '../../resolve.js';
import { unwrap } from '../ast.js';
import type { LocalResolver } from '../evaluate.js';
import { importOf, resolveName, type ProjectIndex } from '../graph.js';
import { requireOf } from '../patterns.js';

/** The package the root identifier of a call/member chain is imported from, if any. */
export function originPackage(index: ProjectIndex, module: ParsedModule, expression: Node, local?: LocalResolver, depth = 0): string | undefined {
  if (depth > 6) return undefined;
  let node = unwrap(expression);
  for (;;) {
    if (node.type === 'CallExpression' || node.type === 'NewExpression') {
      const required = node.type === 'CallExpression' ? requireOf(node) : undefined;
      if (required) return packageName(required.specifier);
      node = unwrap(node.callee);
    } else if (node.type === 'MemberExpression') node = unwrap(node.object);
    else if (node.type === 'TaggedTemplateExpression') node = unwrap(node.tag);
    else break;
  }
  if (node.type !== 'Identifier') return undefined;
  const found = local?.(node);
  if (found) return originPackage(index, found.module, found.node, found.local, depth + 1);
  const imported = importOf(module, node.name);
  const pkg = imported && packageName(imported.specifier);
  if (pkg) return pkg;
  const definition = resolveName(index, module, node.name);
  if (!definition || unwrap(definition.node) === node) return undefined;
  return originPackage(index, definition.module, definition.node, undefined, depth + 1);
}

const packagesOf = new WeakMap<ParsedModule, Set<string>>();

/** Packages a module imports (ESM, type-only included, or CommonJS), by package name. */
export function importedPackages(module: ParsedModule): Set<string> {
  const cached = packagesOf.get(module);
  if (cached) return cached;
  const out = new Set<string>();
  packagesOf.set(module, out);
  for (const binding of module.imports) {
    const pkg = packageName(binding.specifier);
    if (pkg) out.add(pkg);
  }
  for (const match of module.file.text.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const pkg = packageName(match[1] as string);
    if (pkg) out.add(pkg);
  }
  return out;
}
