/**
 * Which naming case a set of names follows. Only names with two or more words decide: `users`
 * fits every lower-case style, so it is no evidence for any of them.
 */
import type { Config } from '../config/schema.js';
import { compareText } from './terms.js';

export type Casing = NonNullable<NonNullable<Config['conventions']>['paths']>;

export function casingOf(name: string): Casing | undefined {
  if (/^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/.test(name)) return 'kebab-case';
  if (/^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/.test(name)) return 'snake_case';
  if (/^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$/.test(name)) return 'camelCase';
  if (/^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+$/.test(name)) return 'PascalCase';
  return undefined;
}

/**
 * The casing that at least two thirds of the distinct multi-word names follow, `mixed (…)`
 * when none does, undefined when no name has two words.
 */
export function dominantCasing(names: Iterable<string>): string | undefined {
  const counts = new Map<Casing, number>();
  for (const name of new Set(names)) {
    const casing = casingOf(name);
    if (casing) counts.set(casing, (counts.get(casing) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
  const total = ranked.reduce((sum, [, n]) => sum + n, 0);
  const top = ranked[0];
  if (!top) return undefined;
  if (top[1] * 3 >= total * 2) return top[0];
  return `mixed (${ranked.map(([casing, n]) => `${casing} ${n}`).join(', ')})`;
}
