/**
 * The ranked candidates `claimNext` walks: taken from the front one at a time by every claim of
 * the process, so taking must not cost the queue's length (Array#shift moves every element: with
 * 17,000 ready tasks that was a sixth of a claim's time on the event loop).
 */
import type { Task } from './schema.js';

/**
 * How many equally ranked candidates a lost race shuffles: several times the agents that may be
 * racing (64 across 4 instances in `npm run bench`), so that after one lost race they spread out
 * instead of colliding again (32 measured 2,851 claims/s there, 256 3,721).
 */
export const SPREAD_WINDOW = 256;

export class CandidateQueue {
  private head = 0;

  constructor(private readonly items: Task[] = []) {}

  get size(): number {
    return this.items.length - this.head;
  }

  /** The next candidate, removed from the queue; undefined when none is left. */
  take(): Task | undefined {
    if (this.head >= this.items.length) return undefined;
    const task = this.items[this.head] as Task;
    // Let the taken task be collected, and drop the dead prefix once it is most of the array.
    this.items[this.head++] = undefined as unknown as Task;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    return task;
  }

  /** Shuffles the leading run of equally ranked candidates (at most SPREAD_WINDOW) in place. */
  spreadEqualRanks(rankOf: (task: Task) => string, random = Math.random): void {
    const { items, head } = this;
    const first = items[head];
    if (!first) return;
    const rank = rankOf(first);
    let run = 1;
    while (head + run < items.length && run < SPREAD_WINDOW && rankOf(items[head + run] as Task) === rank) run++;
    for (let i = run - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[head + i], items[head + j]] = [items[head + j] as Task, items[head + i] as Task];
    }
  }
}
