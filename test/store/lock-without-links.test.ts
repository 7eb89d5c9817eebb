/**
 * Where the file system has no hard links (some network and FUSE file systems), a lock is a file
 * of its own, created with O_EXCL, as before owner files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/tasks.js';

vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  return {
    ...fs,
    linkSync: () => {
      throw Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' });
    },
  };
});

const { acquireLock, withLock } = await import('../../src/store/file/lock.js');

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('file lock without hard links', () => {
  it('falls back to a lock file of its own, which still serialises and is removed on release', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const lock = await acquireLock(t.dir, 'x');
    const file = path.join(t.dir, 'x.lock');
    expect(statSync(file).nlink).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    await expect(acquireLock(t.dir, 'x', { noWait: true })).rejects.toMatchObject({ code: 'BO_ERR_LOCK_BUSY' });
    await lock.release();
    expect(existsSync(file)).toBe(false);
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, () =>
        withLock(t.dir, 'x', async () => {
          most = Math.max(most, ++inside);
          await new Promise((r) => setTimeout(r, 1));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(readdirSync(t.dir).filter((name) => name.endsWith('.lock'))).toEqual([]);
  });
});
