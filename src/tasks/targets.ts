/**
 * A task's targets: what it touches, for `next --batch` and the context package. Given targets
 * are matched to the registry (so `GET /api/products/:id` becomes the registered
 * `GET /api/products/{id}`); without any, endpoints named in the title (`GET /api/x`) are used.
 * Pure.
 */
import type { Registry } from '../registry/schema.js';
import { normalizeTarget } from './rank.js';

const ENDPOINT_IN_TEXT = /\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\/[^\s,;)]*)/gi;

export function endpointsInText(text: string): string[] {
  return [...text.matchAll(ENDPOINT_IN_TEXT)].map((m) => `${(m[1] as string).toUpperCase()} ${(m[2] as string).replace(/[.:]+$/, '')}`);
}

export function resolveTargets(given: readonly string[], title: string, registry: Pick<Registry, 'endpoints' | 'models'>): string[] {
  const wanted = given.length > 0 ? given : endpointsInText(title);
  const resolved = wanted.map((target) => {
    const t = normalizeTarget(target);
    const endpoint = registry.endpoints.find((e) => {
      const n = normalizeTarget(e.id);
      return n.name === t.name && n.method === t.method;
    });
    if (endpoint) return endpoint.id;
    const model = registry.models.find((m) => m.name.toLowerCase() === target.toLowerCase() || m.table?.toLowerCase() === target.toLowerCase());
    return model ? model.name : target.trim();
  });
  return [...new Set(resolved)];
}
