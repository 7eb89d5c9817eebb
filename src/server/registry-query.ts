/**
 * Filters of `GET /v1/registry/*`: plain functions over the registry's entries (the store reads,
 * the route pages). `q` is a case-insensitive substring search over the fields a person would
 * search by: an endpoint's path, summary and source file; a model's name, table and fields; a
 * service's name, kind, dependencies and integrations.
 */
import type { Endpoint, Model, Service } from '../registry/schema.js';

export interface EndpointQuery {
  q?: string;
  method?: string;
  /** Path prefix, e.g. `/api/v1/orders`. */
  path?: string;
  auth?: Endpoint['auth'];
  documented?: boolean;
}

const contains = (needle: string | undefined, ...haystack: (string | undefined)[]) => {
  if (!needle) return true;
  const lower = needle.toLowerCase();
  return haystack.some((text) => text?.toLowerCase().includes(lower));
};

export function filterEndpoints(endpoints: readonly Endpoint[], query: EndpointQuery): Endpoint[] {
  const method = query.method?.toUpperCase();
  return endpoints.filter(
    (e) =>
      (!method || e.method === method) &&
      (!query.path || e.path.startsWith(query.path)) &&
      (!query.auth || e.auth === query.auth) &&
      (query.documented === undefined || e.documented === query.documented) &&
      contains(query.q, e.id, e.summary, e.source?.file),
  );
}

export function filterModels(models: readonly Model[], q: string | undefined): Model[] {
  return models.filter((m) => contains(q, m.name, m.table, m.kind, ...m.fields.map((f) => f.name)));
}

export function filterServices(services: readonly Service[], q: string | undefined): Service[] {
  return services.filter((s) => contains(q, s.name, s.kind, s.source?.file, ...s.dependsOn, ...s.integrations));
}
