/** The shared suite's file store: a temp project directory per test. */
import { writeFileSync } from 'node:fs';
import { withLock } from '../../../src/store/file/lock.js';
import { openFileStores } from '../../../src/store/open.js';
import { tempDir } from '../../helpers/tasks.js';
import type { StoreHarness, StoreInstance } from './harness.js';

const config = { stateDir: 'ai-state', store: 'file' };

export const fileHarness: StoreHarness = {
  name: 'file store',
  async open(): Promise<StoreInstance> {
    const t = tempDir('bo-shared-store-');
    const opened = openFileStores({ projectRoot: t.dir, config });
    await opened.store.init();
    return {
      opened,
      another: async () => openFileStores({ projectRoot: t.dir, config }),
      holdTask: async (id) => {
        let release!: () => void;
        let held!: () => void;
        const acquired = new Promise<void>((resolve) => (held = resolve));
        const done = withLock(opened.layout.locks, `task-${id}`, () => {
          held();
          return new Promise<void>((resolve) => (release = resolve));
        });
        await acquired;
        return {
          release: async () => {
            release();
            await done;
          },
        };
      },
      damageTask: async (id) => writeFileSync(opened.layout.taskFile(id), '{\n  "id": "oops",\n  "title": \n}\n'),
      damageRegistry: async (kind) => writeFileSync(opened.layout.registryFile(kind), '{ "endpoints": [ oops'),
      listening: async () => undefined,
      cleanup: async () => t.cleanup(),
    };
  },
};
