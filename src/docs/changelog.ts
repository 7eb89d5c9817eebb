/**
 * The changelog of the human docs: one dated entry per run of `bo docs` that found a change,
 * newest first, the last MAX_CHANGELOG_ENTRIES kept. A run that finds nothing adds nothing, so
 * regenerating the docs twice changes no byte. Pure: the time comes in as a value.
 */
import * as z from 'zod/mini';
import { DocsChanges, hasChanges, type ChangedEntry } from './changes.js';
import { bullets, code, count, text } from './markdown.js';

export const MAX_CHANGELOG_ENTRIES = 20;
/** Items shown per list in one entry; a scan that adds 500 endpoints should not bury the rest. */
export const MAX_LISTED = 50;
export const NO_CHANGES = 'No changes since the last run.';

export const ChangelogEntry = z.object({
  /** RFC 3339 time of the run. */
  time: z.string(),
  /** The first run: there was no previous snapshot, so everything counts as added. */
  initial: z._default(z.boolean(), false),
  changes: DocsChanges,
});
export type ChangelogEntry = z.infer<typeof ChangelogEntry>;

/** The history after a run: a new entry on top when the run changed something, else as it was. */
export function recordRun(history: readonly ChangelogEntry[], entry: ChangelogEntry): ChangelogEntry[] {
  if (!hasChanges(entry.changes)) return [...history];
  return [entry, ...history].slice(0, MAX_CHANGELOG_ENTRIES);
}

/** `2025-03-01T14:03:07.123Z` → `2025-03-01 14:03 UTC`; anything else is shown as it is. */
export function entryTitle(time: string): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return text(time);
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function group(title: string, lines: readonly string[]): string[] {
  return lines.length ? [`**${title}**`, '', ...lines, ''] : [];
}

function changedList(entries: readonly ChangedEntry[]): string[] {
  const shown = entries.slice(0, MAX_LISTED).flatMap(({ name, changes }) =>
    changes.length === 1 ? [`- ${code(name)}: ${text(changes[0] ?? '')}`] : [`- ${code(name)}:`, ...bullets(changes.map(text), MAX_LISTED, '  ')],
  );
  return entries.length > MAX_LISTED ? [...shown, `- … and ${entries.length - MAX_LISTED} more`] : shown;
}

/** Added, removed and changed entries of one kind as one list, e.g. the "Schema changes". */
function kindList(changes: DocsChanges[keyof DocsChanges], noun: string): string[] {
  return [
    ...bullets(changes.added.map((name) => `${noun} ${code(name)} added`), MAX_LISTED),
    ...bullets(changes.removed.map((name) => `${noun} ${code(name)} removed`), MAX_LISTED),
    ...changedList(changes.changed),
  ];
}

export function renderEntry(entry: ChangelogEntry): string[] {
  const { endpoints, models, services, integrations } = entry.changes;
  const heading = [`### ${entryTitle(entry.time)}`, ''];
  if (entry.initial) {
    const first = [
      count(endpoints.added.length, 'endpoint'),
      count(models.added.length, 'model'),
      count(services.added.length, 'service'),
      count(integrations.added.length, 'third-party integration'),
    ];
    return [...heading, `First generated: ${first.join(', ')}.`, ''];
  }
  return [
    ...heading,
    ...group('New endpoints added', bullets(endpoints.added.map(code), MAX_LISTED)),
    ...group('Endpoints removed', bullets(endpoints.removed.map(code), MAX_LISTED)),
    ...group('Endpoints changed', changedList(endpoints.changed)),
    ...group('Schema changes', kindList(models, 'model')),
    ...group('Service modifications', kindList(services, 'service')),
    ...group('Integration updates', kindList(integrations, 'integration')),
  ];
}

export function renderChangelog(history: readonly ChangelogEntry[]): string[] {
  const intro = [
    '## Changelog',
    '',
    `What changed in the endpoints, schema and services between runs of \`bo docs\`, newest first (the last ${MAX_CHANGELOG_ENTRIES} runs with a change are kept).`,
    '',
  ];
  if (history.length === 0) return [...intro, NO_CHANGES, ''];
  return [...intro, ...history.flatMap(renderEntry)];
}
