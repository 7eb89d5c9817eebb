/**
 * The generated sections of `backend-developer.md` (spec: events.md, "Human docs"): the endpoint
 * table, the schema, the services with their third-party integrations and the changelog. Pure:
 * registry and previous snapshot in, sections and the next snapshot out; the same input gives
 * the same bytes, so an unchanged registry never rewrites the file.
 */
import { compareText } from '../core/compare.js';
import { HTTP_METHODS, type Endpoint, type Registry, type Service } from '../registry/schema.js';
import { recordRun, renderChangelog, type ChangelogEntry } from './changelog.js';
import { computeDocsChanges, integrationUsers, type DocsChanges } from './changes.js';
import { code, count, sourceLink, table } from './markdown.js';
import type { DocSection } from './markers.js';
import { renderSchema } from './render-schema.js';
import type { DocsSnapshot } from './snapshot.js';

export const DOCS_TITLE = 'Backend developer guide';
export const SECTION_IDS = ['endpoints', 'schema', 'services', 'changelog'] as const;

export interface RenderOptions {
  /** The way from the document's folder to the project root, for source links (`''`, `'../'`). */
  sourceBase?: string;
}

const methodRank = (method: string) => (HTTP_METHODS as readonly string[]).indexOf(method);

/** By path, then method in the usual order (GET before POST…), then id: the same on every machine. */
export function sortEndpoints(endpoints: readonly Endpoint[]): Endpoint[] {
  return [...endpoints].sort((a, b) => compareText(a.path, b.path) || methodRank(a.method) - methodRank(b.method) || compareText(a.id, b.id));
}

function authCell(endpoint: Endpoint): string {
  const by = endpoint.authBy.map(code).join(', ');
  return by ? `${endpoint.auth}: ${by}` : endpoint.auth;
}

export function renderEndpoints(endpoints: readonly Endpoint[], options: RenderOptions = {}): string[] {
  const heading = ['## Endpoints', ''];
  if (endpoints.length === 0) return [...heading, '_No endpoints in the registry yet: run `bo scan`._', ''];
  const documented = endpoints.filter((e) => e.documented).length;
  const authenticated = endpoints.filter((e) => e.auth === 'required').length;
  const summary = `${count(endpoints.length, 'endpoint')}: ${documented} documented in the OpenAPI document, ${endpoints.length - documented} not; ${authenticated} require authentication.`;
  const rows = sortEndpoints(endpoints).map((e) => [
    e.method,
    code(e.path),
    authCell(e),
    sourceLink(e.source, options.sourceBase ?? ''),
    e.documented ? 'yes' : '**no**',
  ]);
  return [...heading, summary, '', ...table(['Method', 'Path', 'Auth', 'Source', 'Documented'], rows), ''];
}

const SERVICE_KINDS: readonly Service['kind'][] = ['service', 'repository', 'job', 'integration', 'middleware'];

export function renderServices(services: readonly Service[], options: RenderOptions = {}): string[] {
  const integrations = integrationUsers(services);
  const heading = ['## Services and integrations', ''];
  if (services.length === 0) return [...heading, '_No services in the registry yet: run `bo scan`._', ''];
  const sorted = [...services].sort((a, b) => SERVICE_KINDS.indexOf(a.kind) - SERVICE_KINDS.indexOf(b.kind) || compareText(a.name, b.name));
  const list = (items: readonly string[]) => (items.length ? items.map(code).join(', ') : '—');
  const rows = sorted.map((s) => [code(s.name), s.kind, list(s.dependsOn), list(s.integrations), sourceLink(s.source, options.sourceBase ?? '')]);
  const third = integrations.size
    ? table(['Integration', 'Used by'], [...integrations.entries()].map(([name, users]) => [code(name), list(users)]))
    : ['_No third-party integrations found._'];
  return [
    ...heading,
    `${count(services.length, 'service')}; ${count(integrations.size, 'third-party integration')}.`,
    '',
    ...table(['Service', 'Kind', 'Depends on', 'Integrations', 'Source'], rows),
    '',
    '### Third-party integrations',
    '',
    ...third,
    '',
  ];
}

export function renderSections(registry: Registry, history: readonly ChangelogEntry[], options: RenderOptions = {}): DocSection[] {
  const parts: Record<(typeof SECTION_IDS)[number], string[]> = {
    endpoints: renderEndpoints(registry.endpoints, options),
    schema: renderSchema(registry.models, options),
    services: renderServices(registry.services, options),
    changelog: renderChangelog(history),
  };
  return SECTION_IDS.map((id) => ({ id, content: parts[id].join('\n') }));
}

export interface DocsPlan {
  sections: DocSection[];
  /** What to remember for the next run. */
  snapshot: DocsSnapshot;
  /** What changed since the previous snapshot (what the changelog entry lists, if any). */
  changes: DocsChanges;
  /** No previous snapshot: everything counts as added and the entry says so. */
  firstRun: boolean;
}

/**
 * One run: compare the registry with the previous snapshot, add a dated changelog entry when
 * something changed (`time` is the run's RFC 3339 time), and render every section.
 */
export function planDocs(input: { registry: Registry; previous: DocsSnapshot | undefined; time: string; options?: RenderOptions }): DocsPlan {
  const { registry, previous, time } = input;
  const before: Registry = previous?.registry ?? { endpoints: [], models: [], services: [] };
  const changes = computeDocsChanges(before, registry);
  const changelog = recordRun(previous?.changelog ?? [], { time, initial: !previous, changes });
  const snapshot: DocsSnapshot = {
    version: 1,
    registry: { endpoints: registry.endpoints, models: registry.models, services: registry.services },
    changelog,
  };
  return { sections: renderSections(registry, changelog, input.options), snapshot, changes, firstRun: !previous };
}
