/**
 * Relevance scores travel beside a built package, not in it, so the package stays the seed's
 * plain data while the renderer can still trim by relevance. A package without scores (parsed
 * back from JSON, or copied) is trimmed by position instead: its lists are already ordered.
 */
import type { ContextPackage } from './types.js';

/** The relevance-ordered lists, each with one score per entry (same scale as `RELEVANCE`). */
export type ScoredList = 'endpoints' | 'models' | 'indexes';
export type PackageRanks = Partial<Record<ScoredList, readonly number[]>>;

const RANKS = new WeakMap<ContextPackage, PackageRanks>();

export function attachRanks(pkg: ContextPackage, ranks: PackageRanks): ContextPackage {
  RANKS.set(pkg, ranks);
  return pkg;
}

export const ranksOf = (pkg: ContextPackage): PackageRanks | undefined => RANKS.get(pkg);
