/**
 * What the token budget may leave out, and in which order. Every entry of a trimmable list gets
 * a rank (higher is kept longer) and an estimated size; the renderer drops entries lowest rank
 * first, so each list loses its tail, and irrelevant endpoints go before any relevant model.
 */
import type { PackageRanks, ScoredList } from './ranks.js';
import type { ContextBody } from './types.js';

export type Format = 'yaml' | 'json';

interface ListSpec {
  /** The name used in `omitted`. */
  key: string;
  /** Rank of the first entry when no relevance scores are known; later entries rank one lower each. */
  base: number;
  scored?: ScoredList;
  /** Indentation of the entries in block YAML, for the size estimate. */
  indent: number;
  /** The entries are `[key, value]` pairs of a map. */
  pairs?: true;
  get(body: ContextBody): unknown[];
  set(body: ContextBody, items: unknown[]): void;
}

/**
 * The task's own words (requirements, gates, thresholds) go last; then what tells the agent how
 * to work (tests, patterns, standards, description); relevance decides among the registry lists.
 * Files are a short list already cut to the most relevant, so they rank just below the target itself.
 */
export const LISTS: readonly ListSpec[] = [
  { key: 'requirements', base: 5000, indent: 4, get: (b) => b.requirements, set: (b, v) => void (b.requirements = v as string[]) },
  { key: 'gates', base: 4900, indent: 6, get: (b) => b.success_criteria.gates, set: (b, v) => void (b.success_criteria.gates = v as string[]) },
  {
    key: 'thresholds',
    base: 4800,
    indent: 6,
    pairs: true,
    get: (b) => Object.entries(b.success_criteria.thresholds),
    set: (b, v) => void (b.success_criteria.thresholds = Object.fromEntries(v as [string, number][])),
  },
  { key: 'test_requirements', base: 3000, indent: 6, get: (b) => b.test_requirements.functional, set: (b, v) => void (b.test_requirements.functional = v as string[]) },
  { key: 'patterns', base: 2000, indent: 6, get: (b) => b.endpoints.patterns, set: (b, v) => void (b.endpoints.patterns = v as string[]) },
  { key: 'standards', base: 1900, indent: 4, get: (b) => b.standards, set: (b, v) => void (b.standards = v as string[]) },
  {
    key: 'description',
    base: 1800,
    indent: 2,
    get: (b) => (b.description === undefined ? [] : [b.description]),
    set: (b, v) => void (v.length > 0 ? (b.description = v[0] as string) : delete b.description),
  },
  { key: 'endpoints', base: 1000, scored: 'endpoints', indent: 6, get: (b) => b.endpoints.existing, set: (b, v) => void (b.endpoints.existing = v as string[]) },
  { key: 'models', base: 1000, scored: 'models', indent: 6, get: (b) => b.database.schema, set: (b, v) => void (b.database.schema = v as ContextBody['database']['schema']) },
  { key: 'indexes', base: 999, scored: 'indexes', indent: 6, get: (b) => b.database.indexes, set: (b, v) => void (b.database.indexes = v as string[]) },
  { key: 'files', base: 998, indent: 4, get: (b) => b.files, set: (b, v) => void (b.files = v as string[]) },
];

export interface Entry {
  list: number;
  index: number;
  rank: number;
  /** Estimated characters the entry adds to the rendered text. */
  cost: number;
}

const scalarSize = (value: unknown) => (typeof value === 'string' ? value.length + 2 : String(value).length);

/** Block-YAML size of a value whose first line starts at `indent` (quotes counted, so it errs high). */
function yamlSize(value: unknown, indent: number): number {
  if (Array.isArray(value)) return value.reduce<number>((n, item) => n + indent + 2 + yamlSize(item, indent + 2), 0);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).reduce<number>((n, [key, item]) => {
      const nested = item !== null && typeof item === 'object';
      return n + indent + key.length + 2 + (nested ? 1 + yamlSize(item, indent + 2) : scalarSize(item) + 1);
    }, 0);
  }
  return scalarSize(value) + 1;
}

/** Estimated characters of one entry: a list item, or (for a map shown as a list) one `key: value` pair. */
export function entryCost(value: unknown, format: Format, indent: number, pair = false): number {
  const shown = pair ? Object.fromEntries([value as [string, unknown]]) : value;
  if (format === 'json') return JSON.stringify(shown).length + (pair ? -1 : 1);
  return pair ? yamlSize(shown, indent) : indent + 2 + yamlSize(shown, indent + 2);
}

/** Every trimmable entry, in the order to drop them: lowest rank first, a list's tail before its head. */
export function dropOrder(body: ContextBody, ranks: PackageRanks | undefined, format: Format): Entry[] {
  const entries: Entry[] = [];
  LISTS.forEach((spec, list) => {
    const scores = spec.scored ? ranks?.[spec.scored] : undefined;
    spec.get(body).forEach((value, index) => {
      const rank = scores?.[index] ?? spec.base - index;
      entries.push({ list, index, rank, cost: entryCost(value, format, spec.indent, spec.pairs) });
    });
  });
  return entries.sort((a, b) => a.rank - b.rank || b.index - a.index || b.list - a.list);
}

/** A copy of the body keeping only the entries not dropped, in the shape's key order. */
export function keepEntries(body: ContextBody, dropped: readonly Entry[]): { body: ContextBody; counts: Record<string, number> } {
  const gone = LISTS.map(() => new Set<number>());
  for (const entry of dropped) gone[entry.list]?.add(entry.index);
  const copy: ContextBody = {
    ...body,
    endpoints: { ...body.endpoints },
    database: { ...body.database },
    test_requirements: { ...body.test_requirements },
    success_criteria: { ...body.success_criteria },
  };
  const counts: Record<string, number> = {};
  LISTS.forEach((spec, list) => {
    const drop = gone[list] as Set<number>;
    if (drop.size === 0) return;
    spec.set(copy, spec.get(body).filter((_, index) => !drop.has(index)));
    counts[spec.key] = drop.size;
  });
  return { body: copy, counts };
}
