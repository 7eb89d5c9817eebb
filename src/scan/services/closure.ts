/**
 * What a service uses: starting from its own statements, every module-level statement it reaches
 * by name (a class using `const stripe = new Stripe(key)` reaches that statement and through it
 * the `stripe` import). Reaching another service of the same module records a dependency and
 * stops there: that service's own uses are its own.
 */
import type { Declaration, Unit } from './units.js';

export interface Reach {
  units: number[];
  refs: Set<string>;
  called: Set<string>;
  /** Other services of the same module it uses. */
  localDeps: Set<string>;
}

export function reach(
  roots: Iterable<number>,
  units: readonly Unit[],
  declarations: ReadonlyMap<string, Declaration>,
  owners: ReadonlyMap<number, string>,
): Reach {
  const result: Reach = { units: [], refs: new Set(), called: new Set(), localDeps: new Set() };
  const seen = new Set<number>(roots);
  const queue = [...seen];
  for (let i = 0; i < queue.length; i++) {
    const index = queue[i] as number;
    const unit = units[index];
    if (!unit) continue;
    result.units.push(index);
    for (const name of unit.facts.called) result.called.add(name);
    for (const name of unit.facts.refs) {
      result.refs.add(name);
      const target = declarations.get(name)?.unit;
      if (target === undefined || seen.has(target)) continue;
      const owner = owners.get(target);
      if (owner !== undefined) {
        result.localDeps.add(owner);
        continue;
      }
      seen.add(target);
      queue.push(target);
    }
  }
  return result;
}
