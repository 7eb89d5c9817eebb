/**
 * What `bo docs` remembers between runs (`<stateDir>/active/backend/docs-snapshot.json`): the
 * registry it last documented, to tell what changed since, and the changelog history, so the
 * dated entries survive regeneration even if someone deletes the document. Parsing is pure.
 */
import * as z from 'zod/mini';
import { BoError } from '../core/errors.js';
import { JsonParseError, parseJson, stableStringify } from '../core/json.js';
import { check } from '../core/validation.js';
import { Endpoint, Model, Service } from '../registry/schema.js';
import { ChangelogEntry } from './changelog.js';

export const SNAPSHOT_FILE = 'docs-snapshot.json';

export const DocsSnapshot = z.object({
  version: z.literal(1),
  registry: z.object({
    endpoints: z.array(Endpoint),
    models: z.array(Model),
    services: z.array(Service),
  }),
  changelog: z.array(ChangelogEntry),
});
export type DocsSnapshot = z.infer<typeof DocsSnapshot>;

const corrupt = (file: string, where: string, what: string) =>
  new BoError('BO_ERR_STATE_CORRUPT', `${where}: ${what} (fix it, or delete it to start the docs changelog afresh)`, { file });

export function parseSnapshot(file: string, content: string): DocsSnapshot {
  let raw: unknown;
  try {
    raw = parseJson(content);
  } catch (error) {
    const e = error as JsonParseError;
    throw corrupt(file, `${file}:${e.line}:${e.column}`, e.message);
  }
  const result = check(DocsSnapshot, raw);
  if (!result.ok) throw corrupt(file, file, result.errors.slice(0, 5).join('; '));
  return result.value;
}

export function serializeSnapshot(snapshot: DocsSnapshot): string {
  return stableStringify(snapshot);
}
