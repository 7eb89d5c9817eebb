/**
 * What the shared store suite needs from a store implementation: fresh state, a second instance on
 * the same state (another process or machine would be one), and a few ways to reach behind the
 * store's back (hold a task's lock, damage a task or a registry kind) to test the unhappy paths.
 */
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
