/**
 * Fastify: routes (`app.get(...)`, `app.route({...})`) found by following the plugin tree from
 * each `Fastify()` instance through `register(plugin, { prefix })` across files, with hooks and
 * `@fastify/rate-limit` scoped by encapsulation (see context.ts), `@fastify/autoload` folders
 * included. Plugins no instance registers in a way we can follow (the app plugin fastify-cli
 * loads, dynamic lists) are scanned on their own, without a prefix; if they declare routes
 * themselves, that is reported.
 */
import type { Endpoint } from '../../../registry/schema.js';
import type { ParsedModule } from '../../parse.js';
import type { ScanProblem } from '../../types.js';
import type { ProjectIndex } from '../graph.js';
import type { FrameworkScanner } from '../types.js';
import { scanRoot } from './context.js';
import { declEndpoints } from './endpoint.js';
import { excluded, findOrphans } from './orphans.js';
import { findRoots } from './roots.js';
import { readRoute } from './route.js';
import type { RouteSite, Shared } from './site.js';

const usesFastify = (module: ParsedModule) =>
  module.imports.some((b) => b.specifier === 'fastify' || b.specifier === 'fastify-plugin') ||
  /require\(\s*['"]fastify(-plugin)?['"]\s*\)/.test(module.file.text);

/** By file and line, the order a reader meets them in (a stable sort keeps one line's routes in scan order). */
export function byLocation(a: Endpoint, b: Endpoint): number {
  const [fa, fb] = [a.source?.file ?? '', b.source?.file ?? ''];
  return fa < fb ? -1 : fa > fb ? 1 : (a.source?.line ?? 0) - (b.source?.line ?? 0);
}

export const fastifyScanner: FrameworkScanner = {
  id: 'fastify',
  detect: (index) => [...index.modules.values()].some(usesFastify),
  scan(index: ProjectIndex) {
    const problems: ScanProblem[] = [];
    const sites: RouteSite[] = [];
    const shared: Shared = { visited: new Set(), decorations: new Map(), autoloadDirs: new Set(), handlers: new Map() };
    for (const root of findRoots(index.modules.values())) {
      const scanned = scanRoot(index, root, shared);
      sites.push(...scanned.sites);
      problems.push(...scanned.problems);
    }
    for (const orphan of findOrphans(index, shared)) {
      // Reached, or skipped by an autoload, from an orphan scanned before it.
      if (shared.visited.has(orphan.owner) || excluded(orphan.module.file.path, shared)) continue;
      if (orphan.routes) {
        const line = orphan.module.lines.line(orphan.owner.start);
        problems.push({
          file: orphan.module.file.path,
          line,
          message: 'fastify: plugin is not registered by any Fastify() instance we could follow; its routes are listed without a prefix',
          severity: 'warning',
        });
      }
      const scanned = scanRoot(index, orphan, shared);
      sites.push(...scanned.sites);
      problems.push(...scanned.problems);
    }
    const endpoints: Endpoint[] = [];
    const seen = new Set<string>();
    for (const site of sites) {
      const decls = readRoute(index, site);
      if (!decls) {
        const line = site.module.lines.line(site.call.start);
        problems.push({
          file: site.module.file.path,
          line,
          message: `fastify: ${site.method}() route path is not static; route skipped`,
          severity: 'warning',
        });
        continue;
      }
      for (const decl of decls) {
        for (const endpoint of declEndpoints(index, site, decl, shared)) {
          if (seen.has(endpoint.id)) continue;
          seen.add(endpoint.id);
          endpoints.push(endpoint);
        }
      }
    }
    return { endpoints: endpoints.sort(byLocation), problems };
  },
};
