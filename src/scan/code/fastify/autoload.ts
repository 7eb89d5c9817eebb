/**
 * `@fastify/autoload`: `register(autoLoad, { dir: join(__dirname, 'routes'), options })` loads
 * every script under `dir` as a plugin, prefixed by its folder (`routes/users/index.ts` →
 * `/users`) unless `dirNameRoutePrefix: false`, by `options.prefix`, and by an exported
 * `autoPrefix` (which replaces the folder prefix). A folder with an index file loads only that
 * file (and its sub-folders). With `routeParams`, a `_id` folder is `:id`; with `autoHooks`, an
 * `autohooks` file's hooks apply to the plugins of its folder (and below, with `cascadeHooks`).
 */
import path from 'node:path';
import type { Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import { walk } from '../ast.js';
import { evaluateString } from '../evaluate.js';
import { resolveExport, type ProjectIndex } from '../graph.js';
import { joinPaths } from '../paths.js';
import { option, readOptions, type Options } from './options.js';
import { resolvePlugin, type Plugin } from './plugin.js';
import { TEST_FILE } from './roots.js';

export const AUTOLOAD_PACKAGES = new Set(['@fastify/autoload', 'fastify-autoload']);

export interface Autoloaded {
  plugin: Plugin;
  prefix: string;
  /** autohooks plugins that run in the plugin's context before it. */
  preludes: Plugin[];
}

const posix = path.posix;
const SKIP = /\.d\.[cm]?ts$/;
const AUTOHOOKS = /^autohooks\.[cm]?[jt]s$/;
const INDEX = /^index\.[cm]?[jt]s$/;

/** `join(__dirname, 'routes')`, `` `${__dirname}/routes` ``, `new URL('./routes', import.meta.url)`: the string parts, joined. */
function readDir(module: ParsedModule, node: Node): string | undefined {
  const parts: string[] = [];
  walk(node, (child) => {
    if (child.type === 'Literal' && typeof child.value === 'string') parts.push(child.value);
    if (child.type === 'TemplateElement' && child.value.cooked) parts.push(child.value.cooked);
  });
  if (parts.length === 0) return undefined;
  return posix.normalize(posix.join(posix.dirname(module.file.path), ...parts)).replace(/\/$/, '');
}

const flag = (index: ProjectIndex, options: Options | undefined, key: string) => {
  const value = option(index, options, key);
  return value?.node.type === 'Literal' ? value.node.value : undefined;
};

/** The exported `autoPrefix` of a plugin module, if any. */
function autoPrefix(index: ProjectIndex, file: string): string | undefined {
  const found = resolveExport(index, file, 'autoPrefix');
  return found ? evaluateString(index, found.module, found.node) : undefined;
}

/** The directory an autoload registration names, project-relative. */
export function autoloadDir(index: ProjectIndex, options: Options | undefined): string | undefined {
  const dirAt = option(index, options, 'dir');
  return dirAt ? readDir(dirAt.module, dirAt.node) : undefined;
}

export function autoloaded(index: ProjectIndex, module: ParsedModule, options: Options | undefined): Autoloaded[] {
  const dir = autoloadDir(index, options);
  if (dir === undefined) return [];
  const pluginOptions = readOptions(index, option(index, options, 'options') ?? { node: module.program, module });
  const basePrefixAt = option(index, pluginOptions, 'prefix');
  const basePrefix = (basePrefixAt && evaluateString(index, basePrefixAt.module, basePrefixAt.node, basePrefixAt.local)) ?? '';
  const dirPrefix = flag(index, options, 'dirNameRoutePrefix') !== false;
  const routeParams = flag(index, options, 'routeParams') === true;
  const autoHooks = flag(index, options, 'autoHooks') === true;
  const cascade = flag(index, options, 'cascadeHooks') === true;
  const files = [...index.modules.keys()].filter((file) => file.startsWith(`${dir}/`) && !SKIP.test(file) && !TEST_FILE.test(file)).sort();
  const withIndex = new Set(files.filter((file) => INDEX.test(posix.basename(file))).map((file) => posix.dirname(file)));
  const hooksByDir = new Map(files.filter((file) => AUTOHOOKS.test(posix.basename(file))).map((file) => [posix.dirname(file), file]));
  const out: Autoloaded[] = [];
  for (const file of files) {
    const folder = posix.dirname(file);
    const base = posix.basename(file);
    if (AUTOHOOKS.test(base) || (withIndex.has(folder) && !INDEX.test(base))) continue;
    const found = resolveExport(index, file, 'default');
    const plugin = found ? resolvePlugin(index, found.module, found.node) : undefined;
    if (!plugin?.fn) continue;
    const relative = posix.relative(dir, folder);
    const segments = relative === '' ? [] : relative.split('/').map((s) => (routeParams && s.startsWith('_') ? `:${s.slice(1)}` : s));
    const own = autoPrefix(index, file);
    const prefix = joinPaths(basePrefix, own ?? (dirPrefix ? segments.join('/') : ''));
    const hookDirs = autoHooks ? [folder, ...(cascade ? ancestors(dir, folder) : [])] : [];
    const preludes = hookDirs.flatMap((d) => {
      const hooksFile = hooksByDir.get(d);
      const hooks = hooksFile ? resolveExport(index, hooksFile, 'default') : undefined;
      const resolved = hooks ? resolvePlugin(index, hooks.module, hooks.node) : undefined;
      return resolved?.fn ? [resolved] : [];
    });
    out.push({ plugin, prefix, preludes });
  }
  return out;
}

/** Folders between `dir` (inclusive) and `folder` (exclusive), outermost first. */
function ancestors(dir: string, folder: string): string[] {
  const out: string[] = [];
  for (let current = posix.dirname(folder); current.length >= dir.length && current !== folder; current = posix.dirname(current)) {
    out.unshift(current);
    if (current === dir) break;
  }
  return out;
}
