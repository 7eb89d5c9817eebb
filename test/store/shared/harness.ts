/**
 * What the shared store suite needs from a store implementation: fresh state, a second instance on
 * the same state (another process or machine would be one), and a few ways to reach behind the
 * store's back (hold a task's lock, damage a task or a registry kind) to test the unhappy paths.
 */
import { afterEach } from 'vitest';
import type { OpenedStore } from '../../../src/store/open.js';

export interface StoreInstance {
  /** The first instance on fresh, empty state. */
  opened: OpenedStore;
  /** Another instance on the same state, with nothing kept in memory from the first. */
  another(): Promise<OpenedStore>;
  /** Holds task `id` the way a writer in the middle of changing it does, until `release`. */
  holdTask(id: string): Promise<{ release(): Promise<void> }>;
  /** Replaces task `id`'s stored form with something that does not parse as a task. */
  damageTask(id: string): Promise<void>;
  /** Replaces a registry kind's stored text with invalid JSON. */
  damageRegistry(kind: 'endpoints' | 'models' | 'services'): Promise<void>;
  /** Waits until `opened` (or the given instance) hears other instances' changes (PostgreSQL: LISTEN is up). */
  listening(opened?: OpenedStore): Promise<void>;
  cleanup(): Promise<void>;
}

export interface StoreHarness {
  name: string;
  /** Why the suite is skipped here (no server), or undefined to run it. */
  skip?: string | undefined;
  open(): Promise<StoreInstance>;
}

/**
 * What every case file of the suite starts with: test titles that say why they are skipped, fresh
 * instances, and cleanups (`later`) run newest first after each test. Call it inside the file's
 * cases function, where vitest collects the `afterEach`.
 */
export function caseKit(harness: StoreHarness): { title(part: string): string; fresh(): Promise<StoreInstance>; later(cleanup: () => Promise<void>): void } {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    title: (part) => `${harness.name}: ${part}${harness.skip ? ` (skipped: ${harness.skip})` : ''}`,
    fresh: async () => {
      const instance = await harness.open();
      cleanups.push(() => instance.cleanup());
      return instance;
    },
    later: (cleanup) => cleanups.push(cleanup),
  };
}
