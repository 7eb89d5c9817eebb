/**
 * What the bootstrap (`main.ts`) configures for every route: `app.setGlobalPrefix('api',
 * { exclude })`, `app.enableVersioning(...)`, `app.useGlobalGuards(...)` and `app.use(middleware)`.
 * (Global pipes change nothing recorded: validation is the DTO's or a route pipe's.) The
 * Nest-only method names are read on any receiver, because projects often move them into a
 * `configureApp(app)` helper; tests are skipped, since an e2e setup configures its own app.
 * `app.use` is too common a name and counts only on the value `NestFactory.create` returned.
 * One configuration for the project: a monorepo with several Nest apps gets them merged.
 */
import type { CallExpression, Node } from 'oxc-parser';
import type { ParsedModule } from '../../parse.js';
import type { ScanProblem } from '../../types.js';
import { objectProperty, unwrap } from '../ast.js';
import { memberPath, walk, type ProjectIndex } from '../graph.js';
import { arrayElements } from './modules.js';
import { refOf, type Ref } from './refs.js';
import { routePattern, type RoutePattern } from './route-pattern.js';
import { readStrings, readVersions } from './values.js';

export interface Versioning {
  type: 'URI' | 'HEADER' | 'MEDIA_TYPE' | 'CUSTOM';
  /** The URI segment prefix (`v` by default, `''` when `prefix: false`). */
  prefix: string;
  defaultVersions: string[] | undefined;
}

export interface NestAppConfig {
  globalPrefix: string;
  prefixExclude: RoutePattern[];
  versioning: Versioning | undefined;
  globalGuards: Ref[];
  globalMiddleware: Ref[];
  /** A prefix that is not static: routes are listed without it. */
  problems: ScanProblem[];
}

/** Tests and e2e setups configure and declare their own apps and controllers: not the app's. */
export const TEST_FILE = /(^|\/)(__tests__|test|tests|e2e)\/|\.(test|spec|e2e-spec)\.[cm]?[jt]sx?$/;
const MARKERS = ['setGlobalPrefix', 'enableVersioning', 'useGlobal', 'NestFactory'];

/** The member an enum reference names: `RequestMethod.GET` → `GET`, `VersioningType.URI` → `URI`. */
export function enumMember(node: Node | undefined): string | undefined {
  const path = node ? memberPath(node) : undefined;
  return path?.split('.').pop()?.toUpperCase();
}

/** An exclude entry: `'health'` or `{ path: 'health', method: RequestMethod.GET }`. */
export function readRoutePatterns(index: ProjectIndex, module: ParsedModule, nodes: readonly Node[]): RoutePattern[] {
  const patterns: RoutePattern[] = [];
  for (const node of nodes) {
    if (node.type === 'ObjectExpression') {
      const path = objectProperty(node, 'path');
      const paths = path ? readStrings(index, module, path) : undefined;
      for (const value of paths ?? []) patterns.push(routePattern(value, enumMember(objectProperty(node, 'method'))));
    } else if (node.type !== 'SpreadElement') {
      for (const value of readStrings(index, module, node) ?? []) patterns.push(routePattern(value));
    }
  }
  return patterns;
}

function readVersioning(index: ProjectIndex, module: ParsedModule, options: Node | undefined): Versioning {
  const type = (enumMember(options ? objectProperty(options, 'type') : undefined) ?? 'URI') as Versioning['type'];
  const prefixNode = options ? objectProperty(options, 'prefix') : undefined;
  const prefix = prefixNode?.type === 'Literal' && prefixNode.value === false ? '' : (prefixNode && readStrings(index, module, prefixNode)?.[0]) ?? 'v';
  const version = options ? objectProperty(options, 'defaultVersion') : undefined;
  return { type, prefix, defaultVersions: version ? readVersions(index, module, version) : undefined };
}

/** `config.get('API_PREFIX', 'api')`: the default the project ships with. */
function configDefault(index: ProjectIndex, module: ParsedModule, node: Node): string | undefined {
  const call = unwrap(node);
  if (call.type !== 'CallExpression' || !/(^|\.)(get|getOrThrow)$/.test(memberPath(call.callee) ?? '')) return undefined;
  const fallback = call.arguments[1] as Node | undefined;
  return fallback && fallback.type !== 'ObjectExpression' ? readStrings(index, module, fallback)?.[0] : undefined;
}

/** Names bound to `await NestFactory.create(...)` in a module. */
function appNames(module: ParsedModule): Set<string> {
  const names = new Set<string>();
  walk(module.program, (node) => {
    if (node.type !== 'VariableDeclarator' || node.id.type !== 'Identifier' || !node.init) return;
    const init = unwrap(node.init);
    if (init.type === 'CallExpression' && memberPath(init.callee)?.startsWith('NestFactory.')) names.add(node.id.name);
  });
  return names;
}

function applyCall(index: ProjectIndex, module: ParsedModule, call: CallExpression, apps: Set<string>, config: NestAppConfig): void {
  const path = memberPath(call.callee);
  if (!path) return;
  const method = path.slice(path.lastIndexOf('.') + 1);
  const args = call.arguments.filter((arg) => arg.type !== 'SpreadElement') as Node[];
  const refs = () => args.map((arg) => refOf(index, module, arg)).filter((ref): ref is Ref => ref !== undefined);
  if (method === 'setGlobalPrefix' && args[0]) {
    const prefix = readStrings(index, module, args[0])?.[0] ?? configDefault(index, module, args[0]);
    if (prefix === undefined) {
      const line = module.lines.line(call.start);
      config.problems.push({
        file: module.file.path,
        line,
        message: 'nest: global prefix is not a static string; routes listed without it',
        severity: 'warning',
      });
    }
    config.globalPrefix = prefix ?? config.globalPrefix;
    const exclude = arrayElements(index, module, args[1] ? objectProperty(args[1], 'exclude') : undefined);
    if (exclude.length) config.prefixExclude = exclude.flatMap((entry) => readRoutePatterns(index, entry.module, [entry.node]));
  } else if (method === 'enableVersioning') config.versioning = readVersioning(index, module, args[0]);
  else if (method === 'useGlobalGuards') config.globalGuards.push(...refs());
  else if (method === 'use' && apps.has(path.slice(0, -4))) config.globalMiddleware.push(...refs());
}

export function readAppConfig(index: ProjectIndex): NestAppConfig {
  const config: NestAppConfig = { globalPrefix: '', prefixExclude: [], versioning: undefined, globalGuards: [], globalMiddleware: [], problems: [] };
  for (const module of index.modules.values()) {
    const text = module.file.text;
    if (TEST_FILE.test(module.file.path) || !MARKERS.some((marker) => text.includes(marker))) continue;
    const apps = appNames(module);
    walk(module.program, (node) => {
      if (node.type === 'CallExpression') applyCall(index, module, node, apps, config);
    });
  }
  return config;
}
