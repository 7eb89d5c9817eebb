/**
 * Scan the project and write what changed to the registry (`bo scan`, and `bo submit` before its
 * gates): the registry kinds whose content changed are rewritten, the others left alone, and
 * the difference from what was there is returned (for `bo scan`'s output and the change events).
 */
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { stableStringify } from '../core/json.js';
import { diffRegistry, type RegistryDiff } from '../registry/diff.js';
import { REGISTRY_KINDS, type Registry } from '../registry/schema.js';
import { stateLayout } from '../store/file/layout.js';
import type { StateProblem, Store } from '../store/types.js';
import { registryStamp, scanProject, type ScanResult } from './scan.js';

export const EMPTY_DIFF: RegistryDiff = {
  endpoints: { added: [], removed: [], changed: [] },
  models: { added: [], removed: [], changed: [] },
  services: { added: [], removed: [], changed: [] },
};

export interface RegistryUpdate {
  result: ScanResult;
  /**
   * The registry before the scan (what the diff compares with); undefined when the scan's cache
   * shows that nothing changed, so that the registry on disk is this scan's and was not read.
   */
  before: Registry | undefined;
  diff: RegistryDiff;
  /** Registry files that could not be read (then treated as empty). */
  problems: StateProblem[];
}

export async function updateRegistry(options: {
  root: string;
  config: Config;
  store: Store;
  cache?: boolean;
  onProgress?: (phase: string, done: number, total: number) => void;
}): Promise<RegistryUpdate> {
  const { root, config, store } = options;
  const result = await scanProject({
    root,
    config,
    // The scan cache belongs to this machine: the local state directory, whichever the store.
    cacheDir: options.cache === false ? undefined : path.join(stateLayout(root, config.stateDir).root, '.cache'),
    currentRegistryStamp: registryStamp(await store.registryTexts()),
    onProgress: options.onProgress,
  });
  // Nothing changed: the registry on disk is what this scan would write. Reading (and validating)
  // it was most of a no-change rescan of a large project.
  if (!result.registry) return { result, before: undefined, diff: EMPTY_DIFF, problems: [] };
  const { registry: before, problems } = await store.readRegistry();
  const diff = diffRegistry(before, result.registry);
  await store.init();
  for (const kind of REGISTRY_KINDS) {
    if (stableStringify(before[kind]) !== stableStringify(result.registry[kind])) await store.writeRegistry(kind, result.registry[kind]);
  }
  return { result, before, diff, problems };
}

/** Is anything in the diff? */
export const hasChanges = (diff: RegistryDiff): boolean => Object.values(diff).some((kind) => kind.added.length + kind.removed.length + kind.changed.length > 0);
