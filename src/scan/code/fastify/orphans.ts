/**
 * Plugins no `Fastify()` instance in the project registers: the app plugin that fastify-cli
 * loads (`export default async function app(fastify, opts) {…}`), or route plugins registered
 * in ways we cannot follow (computed lists). They are exported functions, in modules that
 * mention Fastify, whose body registers plugins or declares routes. The ones that
 * register others come first, so what they reach gets its prefix from them. Files in a
 * directory autoload reads, and tests, are never orphans.
 */
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { paramName, type FunctionLike } from '../ast.js';
import { resolveExport, type ProjectIndex } from '../graph.js';
import { moduleSymbols } from '../symbols.js';
import { readBody } from './body.js';
import type { Shared } from './site.js';
import { resolvePlugin } from './plugin.js';
import { TEST_FILE } from './roots.js';

export interface Orphan {
  module: ParsedModule;
  owner: FunctionLike;
  instance: string;
  /** Whether it declares routes itself (then their prefix is unknown). */
  routes: boolean;
}

/** Under a directory autoload reads (it skipped the file on purpose), or a test. */
export const excluded = (file: string, shared: Shared) => TEST_FILE.test(file) || [...shared.autoloadDirs].some((dir) => file.startsWith(`${dir}/`));

export function findOrphans(index: ProjectIndex, shared: Shared): Orphan[] {
  const found = new Map<Node, Orphan & { registers: boolean }>();
  const { visited } = shared;
  for (const module of index.modules.values()) {
    if (!/fastify/i.test(module.file.text) || excluded(module.file.path, shared)) continue;
    for (const name of moduleSymbols(module).exports.keys()) {
      const definition = resolveExport(index, module.file.path, name);
      const plugin = definition ? resolvePlugin(index, definition.module, definition.node) : undefined;
      const fn = plugin?.fn;
      const instance = fn?.params[0] ? paramName(fn.params[0] as Node) : undefined;
      if (!plugin || !fn?.body || !instance || visited.has(fn) || found.has(fn)) continue;
      const events = readBody(plugin.module, fn.body as Node, new Set([instance]));
      const registers = events.some((e) => e.kind === 'register');
      const routes = events.some((e) => e.kind === 'route');
      if (registers || routes) found.set(fn, { module: plugin.module, owner: fn, instance, routes, registers });
    }
  }
  return [...found.values()].sort((a, b) => Number(b.registers) - Number(a.registers) || a.module.file.path.localeCompare(b.module.file.path));
}
