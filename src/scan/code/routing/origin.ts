/**
 * Which package a constructor or factory comes from, for telling framework objects apart:
 * `express.Router` → express ['Router'], `new Router()` with Router from '@koa/router' → @koa/router [],
 * `require('express')` → express [].
 */
import type { Node } from 'oxc-parser';
import { packageName } from '../../resolve.js';
import { propertyName, requireSpecifier, unwrap } from '../ast.js';
import { importOf } from '../graph.js';
import type { Target } from '../values.js';

/**
 * The package and member path a callee comes from: `express.Router` → express, ['Router'];
 * `Router` imported as `{ Router }` → express, ['Router']; `require('express')` → express, [].
 */
export function calleeOrigin(target: Target, callee: Node): { pkg: string; path: string[] } | undefined {
  const path: string[] = [];
  let root = callee;
  while (root.type === 'MemberExpression') {
    const name = propertyName(root.property, root.computed);
    if (name === undefined) return undefined;
    path.unshift(name);
    root = unwrap(root.object);
  }
  const required = requireSpecifier(root);
  if (required !== undefined) return { pkg: packageName(required) ?? '', path: path.filter((p) => p !== 'default') };
  if (root.type !== 'Identifier') return undefined;
  const imported = importOf(target.module, root.name) ?? localRequire(target, root.name);
  if (!imported) return undefined;
  const pkg = packageName(imported.specifier);
  if (!pkg) return undefined;
  const base = imported.imported === 'default' || imported.imported === '*' || imported.imported === 'require' ? [] : [imported.imported];
  return { pkg, path: [...base, ...(imported.path ?? []), ...path].filter((p) => p !== 'default') };
}

/** `const express = require('express')` inside a function (the module table only has top-level ones). */
function localRequire(target: Target, name: string): { specifier: string; imported: string; path?: string[] } | undefined {
  for (let scope: Target['scope'] | undefined = target.scope; scope; scope = scope.parent) {
    const binding = scope.names.get(name);
    if (!binding) continue;
    if (binding.kind !== 'var' || !binding.init) return undefined;
    const specifier = requireSpecifier(binding.init);
    return specifier === undefined ? undefined : { specifier, imported: 'require', path: binding.path };
  }
  return undefined;
}
