/**
 * `search_registry`: the registry's endpoints, models or services filtered by text, method, path
 * or model, one compact row each (an agent reads the row and asks `get_context` for the rest).
 * Pure: the registry in, a page of rows out.
 */
import { BoError } from '../core/errors.js';
import type { Endpoint, Model, Registry, RegistryKind, Service } from '../registry/schema.js';
import { place } from './answers.js';

export interface RegistryQuery {
  kind: RegistryKind;
  /** Words that must all appear (any case) in the entry's id, name, path, fields or source file. */
  q?: string | undefined;
  /** Endpoints only: the HTTP method. */
  method?: string | undefined;
  /** Endpoints only: text the path contains (`:id` and `{id}` are the same). */
  path?: string | undefined;
  /** Models only: the model's name or table. */
  model?: string | undefined;
  limit: number;
  offset: number;
}

export type RegistryRow = Record<string, unknown>;

const FILTER_KINDS: Record<'method' | 'path' | 'model', RegistryKind> = { method: 'endpoints', path: 'endpoints', model: 'models' };

/** `/users/:id` → `/users/{id}`, lower case: one spelling of path parameters for matching. */
const normalisePath = (path: string): string => path.toLowerCase().replace(/:([a-z0-9_]+)/gi, '{$1}');

const endpointRow = (e: Endpoint): RegistryRow => {
  const at = e.source ? place(e.source.file, e.source.line ?? 0) : undefined;
  return { id: e.id, auth: e.auth, ...(e.documented ? {} : { documented: false }), ...(at ? { at } : {}) };
};

/** Fields as one string: `id*` marks the primary key, `→Model` a reference. */
const modelRow = (m: Model): RegistryRow => {
  const at = m.source ? place(m.source.file, m.source.line ?? 0) : undefined;
  const fields = m.fields.map((f) => `${f.name}${f.primaryKey ? '*' : ''}${f.references ? `→${f.references.model}` : ''}`).join(', ');
  return { name: m.name, ...(m.table && m.table !== m.name ? { table: m.table } : {}), fields, ...(at ? { at } : {}) };
};

const serviceRow = (s: Service): RegistryRow => {
  const at = s.source ? place(s.source.file, s.source.line ?? 0) : undefined;
  return { name: s.name, kind: s.kind, ...(s.dependsOn.length ? { dependsOn: s.dependsOn } : {}), ...(s.integrations.length ? { integrations: s.integrations } : {}), ...(at ? { at } : {}) };
};

const searchText: { [K in RegistryKind]: (entry: Registry[K][number]) => string } = {
  endpoints: (e) => [e.id, e.summary ?? '', e.source?.file ?? ''].join(' '),
  models: (m) => [m.name, m.table ?? '', m.kind, ...m.fields.map((f) => f.name), m.source?.file ?? ''].join(' '),
  services: (s) => [s.name, s.kind, ...s.dependsOn, ...s.integrations, s.source?.file ?? ''].join(' '),
};

function matches(kind: RegistryKind, entry: Endpoint | Model | Service, query: RegistryQuery): boolean {
  if (query.q) {
    const text = (searchText[kind] as (e: typeof entry) => string)(entry).toLowerCase();
    if (!query.q.toLowerCase().split(/\s+/).filter(Boolean).every((word) => text.includes(word))) return false;
  }
  if (kind === 'endpoints') {
    const e = entry as Endpoint;
    if (query.method && e.method !== query.method.toUpperCase()) return false;
    if (query.path && !normalisePath(e.path).includes(normalisePath(query.path))) return false;
  }
  if (kind === 'models' && query.model) {
    const m = entry as Model;
    const wanted = query.model.toLowerCase();
    if (m.name.toLowerCase() !== wanted && (m.table ?? '').toLowerCase() !== wanted) return false;
  }
  return true;
}

export function searchRegistry(registry: Registry, query: RegistryQuery): { total: number; rows: RegistryRow[] } {
  for (const [filter, kind] of Object.entries(FILTER_KINDS)) {
    if (query[filter as keyof typeof FILTER_KINDS] && query.kind !== kind) {
      throw new BoError('BO_ERR_INPUT_INVALID', `${filter} filters ${kind} only (kind is ${query.kind}); use q to search ${query.kind} by text`);
    }
  }
  const entries = (registry[query.kind] as (Endpoint | Model | Service)[]).filter((entry) => matches(query.kind, entry, query));
  const page = entries.slice(query.offset, query.offset + query.limit);
  const row = { endpoints: endpointRow, models: modelRow, services: serviceRow }[query.kind] as (entry: Endpoint | Model | Service) => RegistryRow;
  return { total: entries.length, rows: page.map(row) };
}
