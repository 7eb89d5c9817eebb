/** Task ids are `task-<number>-<slug>`: their number, and the order by it that every listing uses. */
import { compareText } from '../core/compare.js';

/** The number in `task-<number>-…` (a file name works too); 0 when there is none. */
export function taskNumber(idOrFile: string): number {
  const match = /^task-(\d+)-/.exec(idOrFile);
  return match ? Number(match[1]) : 0;
}

/** By task number, then id, as a new array: each number is read once, not once per comparison. */
export function sortByTaskNumber<T extends { id: string }>(items: readonly T[]): T[] {
  return items
    .map((item) => ({ item, n: taskNumber(item.id) }))
    .sort((a, b) => a.n - b.n || compareText(a.item.id, b.item.id))
    .map((entry) => entry.item);
}
