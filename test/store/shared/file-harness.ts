/** The shared suite's file store: a temp project directory per test. */
import { writeFileSync } from 'node:fs';
import { withLock } from '../../../src/store/file/lock.js';
import { openFileStores, type OpenStoreOptions } from '../../../src/store/open.js';
import { tempDir } from '../../helpers/tasks.js';
import type { StoreHarness, StoreInstance } from './harness.js';

const config = { stateDir: 'ai-state', store: 'file' };
type FileStoreSettings = NonNullable<OpenStoreOptions['file']>;

/** The one-shot commands' file store, or (`server`) bo serve's: write thread and live index. */
function harness(name: string, file?: FileStoreSettings): StoreHarness {
  return {
    name,
    async open(): Promise<StoreInstance> {
      const t = tempDir('bo-shared-store-');
      const opened = openFileStores({ projectRoot: t.dir, config, ...(file ? { file } : {}) });
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
        cleanup: async () => {
          await opened.close();
          t.cleanup();
        },
      };
    },
  };
}

export const fileHarness = harness('file store');
export const serverFileHarness = harness('file store, server settings', { asyncWrites: true, liveIndex: true });
