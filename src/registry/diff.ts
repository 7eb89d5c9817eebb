/**
 * What changed between two registries: entries added, removed, and changed (same id, different
 * facts). Where an entry sits in the code (`source`) is not a change of the backend, so moving a
 * route down a file is not reported. Pure; `scan` prints it and later events carry it.
 */
import { stableStringify } from '../core/json.js';
import type { Registry } from './schema.js';

export interface KindDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

export interface RegistryDiff {
  endpoints: KindDiff;
  models: KindDiff;
  services: KindDiff;
}

function comparable(entry: object): string {
  const { source: _source, ...rest } = entry as { source?: unknown };
  return stableStringify(rest);
}

function diffKind<T extends object>(before: readonly T[], after: readonly T[], key: (entry: T) => string): KindDiff {
  const old = new Map(before.map((entry) => [key(entry), comparable(entry)]));
  const now = new Map(after.map((entry) => [key(entry), comparable(entry)]));
  return {
    added: [...now.keys()].filter((k) => !old.has(k)).sort(),
    removed: [...old.keys()].filter((k) => !now.has(k)).sort(),
    changed: [...now.keys()].filter((k) => old.has(k) && old.get(k) !== now.get(k)).sort(),
  };
}

export function diffRegistry(before: Registry, after: Registry): RegistryDiff {
  return {
    endpoints: diffKind(before.endpoints, after.endpoints, (e) => e.id),
    models: diffKind(before.models, after.models, (m) => m.name),
    services: diffKind(before.services, after.services, (s) => s.name),
  };
}
