/**
 * What a submit does with backend-developer.md, for every caller (the CLI, the server, MCP): before
 * the rescan, docs never generated are generated from the registry as it was, so the task's changes
 * show in the changelog; after a pass, they are regenerated.
 */
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { updateDeveloperDocs } from '../../docs/write.js';
import type { Registry } from '../../registry/schema.js';

export function submitDocsHooks(root: string, config: Config) {
  return {
    baselineDocs: async (registry: Registry): Promise<void> => {
      const preview = await updateDeveloperDocs({ projectRoot: root, config, registry, now: new Date(), dryRun: true });
      if (preview.firstRun) await updateDeveloperDocs({ projectRoot: root, config, registry, now: new Date() });
    },
    updateDocs: async (registry: Registry) => {
      const docs = await updateDeveloperDocs({ projectRoot: root, config, registry, now: new Date() });
      return { path: path.relative(root, docs.path) || docs.path, changed: docs.changed, changes: docs.diff };
    },
  };
}

