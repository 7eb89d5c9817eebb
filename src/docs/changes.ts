/**
 * What the human docs' changelog lists for one run: the registry diff (src/registry/diff.ts)
 * spelled out — which facts of an endpoint changed, which fields of a model, which links of a
 * service — plus the third-party integrations that came, went or changed hands. Pure; the
 * `backend.docs.updated` event carries the same value.
 */
import * as z from 'zod/mini';
import { compareText } from '../core/compare.js';
import { stableStringify } from '../core/json.js';
import { diffRegistry } from '../registry/diff.js';
import type { Endpoint, Model, ModelField, ModelIndex, Registry, Service } from '../registry/schema.js';
import { count } from './markdown.js';

export const ChangedEntry = z.object({ name: z.string(), changes: z.array(z.string()) });
export type ChangedEntry = z.infer<typeof ChangedEntry>;

export const KindChanges = z.object({
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(ChangedEntry),
});
export type KindChanges = z.infer<typeof KindChanges>;

export const DocsChanges = z.object({
  endpoints: KindChanges,
  models: KindChanges,
  services: KindChanges,
  /** Third-party integrations (stripe, sendgrid, bullmq…) as the services use them. */
  integrations: KindChanges,
});
export type DocsChanges = z.infer<typeof DocsChanges>;

const show = (value: unknown): string => (value === undefined || value === null || value === '' ? '(none)' : String(value));
const scalar = (label: string, before: unknown, after: unknown): string[] =>
  stableStringify(before ?? null) === stableStringify(after ?? null) ? [] : [`${label}: ${show(before)} → ${show(after)}`];
const flag = (before: boolean | undefined, after: boolean | undefined, on: string, off: string): string[] =>
  Boolean(before) === Boolean(after) ? [] : [after ? on : off];

function list(label: string, before: readonly string[], after: readonly string[]): string[] {
  const added = after.filter((item) => !before.includes(item));
  const removed = before.filter((item) => !after.includes(item));
  return [...(added.length ? [`${label} added: ${added.join(', ')}`] : []), ...(removed.length ? [`${label} removed: ${removed.join(', ')}`] : [])];
}

/** Facts a describer below does not know yet still show up, so a change is never listed blank. */
function otherFacts(before: object, after: object, known: readonly string[]): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !known.includes(k)).sort(compareText);
  const value = (entry: object, key: string) => stableStringify((entry as Record<string, unknown>)[key] ?? null);
  return keys.filter((key) => value(before, key) !== value(after, key)).map((key) => `${key} changed`);
}

function endpointChanges(before: Endpoint, after: Endpoint): string[] {
  return [
    ...scalar('auth', before.auth, after.auth),
    ...list('auth middleware', before.authBy, after.authBy),
    ...list('path parameters', before.params.path, after.params.path),
    ...list('query parameters', before.params.query, after.params.query),
    ...list('body fields', before.params.body, after.params.body),
    ...scalar('validation', before.validation, after.validation),
    ...list('responses', before.responses, after.responses),
    ...flag(before.documented, after.documented, 'now documented in the OpenAPI document', 'no longer documented in the OpenAPI document'),
    ...scalar('version', before.version, after.version),
    ...(before.summary !== after.summary ? [`summary: ${show(after.summary)}`] : []),
    ...flag(before.rateLimited, after.rateLimited, 'now rate-limited', 'no longer rate-limited'),
    ...scalar('framework', before.framework, after.framework),
    ...otherFacts(before, after, ['id', 'method', 'path', 'source', 'auth', 'authBy', 'params', 'validation', 'responses', 'documented', 'version', 'summary', 'rateLimited', 'framework']),
  ];
}

export function describeField(field: ModelField): string {
  const facts = [
    field.type,
    field.nullable ? 'nullable' : 'required',
    ...(field.primaryKey ? ['primary key'] : []),
    ...(field.unique ? ['unique'] : []),
    ...(field.default !== undefined && field.default !== null ? [`default ${field.default}`] : []),
    ...(field.references ? [`→ ${field.references.model}.${field.references.field}`] : []),
  ];
  return `${field.name} (${facts.join(', ')})`;
}

export function describeIndex(index: ModelIndex): string {
  return `${index.name ? `${index.name} ` : ''}${index.unique ? 'unique ' : ''}(${index.fields.join(', ')})`;
}

function fieldChanges(before: ModelField, after: ModelField): string[] {
  const ref = (f: ModelField) => (f.references ? `${f.references.model}.${f.references.field}` : undefined);
  return [
    ...scalar('type', before.type, after.type),
    ...(before.nullable !== after.nullable ? [after.nullable ? 'now nullable' : 'now required'] : []),
    ...flag(before.primaryKey, after.primaryKey, 'now the primary key', 'no longer the primary key'),
    ...flag(before.unique, after.unique, 'now unique', 'no longer unique'),
    ...scalar('default', before.default, after.default),
    ...scalar('references', ref(before), ref(after)),
  ];
}

function modelChanges(before: Model, after: Model): string[] {
  const old = new Map(before.fields.map((f) => [f.name, f]));
  const now = new Map(after.fields.map((f) => [f.name, f]));
  const fields = [
    ...after.fields.filter((f) => !old.has(f.name)).map((f) => `field added: ${describeField(f)}`),
    ...before.fields.filter((f) => !now.has(f.name)).map((f) => `field removed: ${f.name}`),
    ...after.fields.flatMap((f) => {
      const was = old.get(f.name);
      const changes = was ? fieldChanges(was, f) : [];
      return changes.length ? [`field changed: ${f.name} (${changes.join('; ')})`] : [];
    }),
  ];
  const key = (index: ModelIndex) => stableStringify(index);
  const oldIndexes = new Set(before.indexes.map(key));
  const newIndexes = new Set(after.indexes.map(key));
  return [
    ...scalar('kind', before.kind, after.kind),
    ...scalar('table', before.table, after.table),
    ...fields,
    ...after.indexes.filter((i) => !oldIndexes.has(key(i))).map((i) => `index added: ${describeIndex(i)}`),
    ...before.indexes.filter((i) => !newIndexes.has(key(i))).map((i) => `index removed: ${describeIndex(i)}`),
    ...otherFacts(before, after, ['name', 'kind', 'table', 'fields', 'indexes', 'source']),
  ];
}

function serviceChanges(before: Service, after: Service): string[] {
  return [
    ...scalar('kind', before.kind, after.kind),
    ...list('dependencies', before.dependsOn, after.dependsOn),
    ...list('integrations', before.integrations, after.integrations),
    ...otherFacts(before, after, ['name', 'kind', 'source', 'dependsOn', 'integrations']),
  ];
}

/** Each third-party integration with the services that use it, both sorted. */
export function integrationUsers(services: readonly Service[]): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const service of services) {
    for (const name of service.integrations) users.set(name, [...(users.get(name) ?? []), service.name]);
  }
  return new Map([...users.entries()].sort(([a], [b]) => compareText(a, b)).map(([name, by]) => [name, [...new Set(by)].sort(compareText)]));
}

function integrationChanges(before: readonly Service[], after: readonly Service[]): KindChanges {
  const old = integrationUsers(before);
  const now = integrationUsers(after);
  return {
    added: [...now.keys()].filter((name) => !old.has(name)),
    removed: [...old.keys()].filter((name) => !now.has(name)),
    changed: [...now.entries()].flatMap(([name, users]) => {
      const was = old.get(name);
      if (!was) return [];
      const gained = users.filter((u) => !was.includes(u));
      const lost = was.filter((u) => !users.includes(u));
      const changes = [...(gained.length ? [`now also used by ${gained.join(', ')}`] : []), ...(lost.length ? [`no longer used by ${lost.join(', ')}`] : [])];
      return changes.length ? [{ name, changes }] : [];
    }),
  };
}

function detailed<T>(names: readonly string[], before: readonly T[], after: readonly T[], key: (entry: T) => string, describe: (a: T, b: T) => string[]): ChangedEntry[] {
  const old = new Map(before.map((entry) => [key(entry), entry]));
  const now = new Map(after.map((entry) => [key(entry), entry]));
  return names.map((name) => ({ name, changes: describe(old.get(name) as T, now.get(name) as T) }));
}

export function computeDocsChanges(before: Registry, after: Registry): DocsChanges {
  const diff = diffRegistry(before, after);
  return {
    endpoints: { ...diff.endpoints, changed: detailed(diff.endpoints.changed, before.endpoints, after.endpoints, (e) => e.id, endpointChanges) },
    models: { ...diff.models, changed: detailed(diff.models.changed, before.models, after.models, (m) => m.name, modelChanges) },
    services: { ...diff.services, changed: detailed(diff.services.changed, before.services, after.services, (s) => s.name, serviceChanges) },
    integrations: integrationChanges(before.services, after.services),
  };
}

export const DOCS_CHANGE_KINDS = ['endpoints', 'models', 'services', 'integrations'] as const;

export function hasChanges(changes: DocsChanges): boolean {
  return DOCS_CHANGE_KINDS.some((kind) => changes[kind].added.length + changes[kind].removed.length + changes[kind].changed.length > 0);
}

const NOUNS = { endpoints: 'endpoint', models: 'model', services: 'service', integrations: 'integration' } as const;

/** One line for a terminal or an event summary: `+2 endpoints, 1 model changed, -1 integration`. */
export function summarizeChanges(changes: DocsChanges): string {
  const parts = DOCS_CHANGE_KINDS.flatMap((kind) => {
    const { added, removed, changed } = changes[kind];
    return [
      ...(added.length ? [`+${count(added.length, NOUNS[kind])}`] : []),
      ...(removed.length ? [`-${count(removed.length, NOUNS[kind])}`] : []),
      ...(changed.length ? [`${count(changed.length, NOUNS[kind])} changed`] : []),
    ];
  });
  return parts.length ? parts.join(', ') : 'no changes since the last run';
}
