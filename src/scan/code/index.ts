/**
 * Endpoints from code: every framework scanner whose `detect` matches runs over the project;
 * results are merged (first registration of an id wins, later ones are reported with both
 * locations) and sorted by path, then method. Test files are left out: the apps they build are
 * fixtures, not the backend's endpoints.
 */
import type { Endpoint } from '../../registry/schema.js';
import type { ScanProblem } from '../types.js';
import { expressScanner } from './express/index.js';
import { fastifyScanner } from './fastify/index.js';
import type { ProjectIndex } from './graph.js';
import { honoScanner } from './hono/index.js';
import { koaScanner } from './koa/index.js';
import { nestScanner } from './nest/index.js';
import type { FrameworkScanner } from './types.js';

export type { FrameworkScanner } from './types.js';

export const DEFAULT_SCANNERS: readonly FrameworkScanner[] = [expressScanner, fastifyScanner, nestScanner, koaScanner, honoScanner];

const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export function scanCodeEndpoints(index: ProjectIndex, scanners: readonly FrameworkScanner[] = DEFAULT_SCANNERS): { endpoints: Endpoint[]; problems: ScanProblem[] } {
  const source: ProjectIndex = { ...index, modules: new Map([...index.modules].filter(([path]) => !isTestFile(path))) };
  const byId = new Map<string, Endpoint>();
  const problems: ScanProblem[] = [];
  for (const scanner of scanners) {
    if (!scanner.detect(source)) continue;
    const result = scanner.scan(source);
    problems.push(...result.problems);
    for (const endpoint of result.endpoints) {
      const first = byId.get(endpoint.id);
      if (!first) {
        byId.set(endpoint.id, endpoint);
        continue;
      }
      if (sameSource(first, endpoint)) continue;
      problems.push({
        file: endpoint.source?.file ?? '',
        ...(endpoint.source?.line !== undefined ? { line: endpoint.source.line } : {}),
        message: `duplicate endpoint ${endpoint.id}: also registered at ${where(first)}; the first registration is kept`,
        severity: 'warning',
      });
    }
  }
  const endpoints = [...byId.values()].sort(
    (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method)),
  );
  return { endpoints, problems };
}

/** `*.test.ts`, `*.spec.js`, and anything under `test/`, `tests/`, `__tests__/`, `__mocks__/`, `e2e/`. */
export const isTestFile = (path: string): boolean =>
  /\.(test|spec|e2e-spec)\.[cm]?[jt]sx?$/.test(path) || /(^|\/)(__tests__|__mocks__|tests?|e2e)\//.test(path);

const where = (endpoint: Endpoint) => `${endpoint.source?.file ?? '?'}:${endpoint.source?.line ?? '?'}`;
const sameSource = (a: Endpoint, b: Endpoint) => a.source?.file === b.source?.file && a.source?.line === b.source?.line;
