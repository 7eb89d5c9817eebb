/**
 * Which package a callee comes from, and under which name: `exec` imported from
 * 'node:child_process', `cp.execSync` with `cp = require('child_process')`, `fs.promises.readFile`,
 * `const run = util.promisify(exec)`. Built-ins are named without the `node:` prefix.
 */
import type { Node } from 'oxc-parser';
import { propertyName, requireSpecifier, unwrap } from '../../../scan/code/ast.js';
import { importOf, resolveName, type ProjectIndex } from '../../../scan/code/graph.js';
import type { ParsedModule } from '../../../scan/parse.js';

export interface CalleeOrigin {
  /** The package (`child_process`, `fs`, `mongoose`), without `node:`. */
  pkg: string;
  /** The member called (`exec`, `readFile`), or 'default' for the package's own export. */
  name: string;
}

export function packageOf(specifier: string): string | undefined {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  if (bare.startsWith('.') || bare.startsWith('/') || bare.startsWith('#') || bare.startsWith('@/') || bare.startsWith('~/')) return undefined;
  const parts = bare.split('/');
  if (bare.startsWith('@')) return parts.slice(0, 2).join('/');
  // `fs/promises` is fs, for the sinks' purposes.
  return parts[0];
}

/** The package a callee (or any member chain) is rooted in, and the last member read off it. */
export function calleeOrigin(index: ProjectIndex, module: ParsedModule, callee: Node, depth = 0): CalleeOrigin | undefined {
  if (depth > 4) return undefined;
  const node = unwrap(callee);
  if (node.type === 'MemberExpression') {
    const name = propertyName(node.property, node.computed);
    const owner = calleeOrigin(index, module, node.object, depth + 1);
    return owner && name !== undefined ? { pkg: owner.pkg, name } : undefined;
  }
  if (node.type === 'CallExpression') {
    const specifier = requireSpecifier(node);
    if (specifier !== undefined) {
      const pkg = packageOf(specifier);
      return pkg ? { pkg, name: 'default' } : undefined;
    }
    // `promisify(exec)`: what is promisified.
    const inner = unwrap(node.callee);
    const calleeName = inner.type === 'Identifier' ? inner.name : inner.type === 'MemberExpression' ? propertyName(inner.property, inner.computed) : undefined;
    if (calleeName === 'promisify' && node.arguments[0]) return calleeOrigin(index, module, node.arguments[0] as Node, depth + 1);
    return undefined;
  }
  if (node.type !== 'Identifier') return undefined;
  const imported = importOf(module, node.name);
  if (imported) {
    const pkg = packageOf(imported.specifier);
    if (!pkg) return undefined;
    const first = imported.imported === '*' || imported.imported === 'require' ? 'default' : imported.imported;
    const path = imported.path ?? [];
    return { pkg, name: path.length ? (path[path.length - 1] as string) : first };
  }
  const definition = resolveName(index, module, node.name);
  if (!definition || definition.path || definition.node === node) return undefined;
  const value = unwrap(definition.node);
  if (value.type === 'NewExpression') return calleeOrigin(index, definition.module, value.callee, depth + 1);
  if (value.type !== 'CallExpression' && value.type !== 'MemberExpression') return undefined;
  return calleeOrigin(index, definition.module, value, depth + 1);
}
