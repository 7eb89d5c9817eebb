import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireLock, isProcessAlive, withLock } from '../../src/store/file/lock.js';
import { tempDir } from '../helpers/tasks.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', '0']);
    child.on('exit', () => resolve(child.pid as number));
  });
}

describe('file lock', () => {
  it('serialises critical sections in one process', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withLock(t.dir, 'x', async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await new Promise((r) => setTimeout(r, 2));
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(existsSync(path.join(t.dir, 'x.lock'))).toBe(false);
  });

  it('breaks a lock whose owner process is dead', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const pid = await deadPid();
    expect(isProcessAlive(pid)).toBe(false);
    writeFileSync(path.join(t.dir, 'x.lock'), JSON.stringify({ pid, host: (await import('node:os')).hostname(), at: Date.now(), token: 'old' }));
    const lock = await acquireLock(t.dir, 'x', { timeoutMs: 2000 });
    expect(JSON.parse(readFileSync(path.join(t.dir, 'x.lock'), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('breaks a lock older than staleMs and a damaged lock file', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    writeFileSync(path.join(t.dir, 'old.lock'), JSON.stringify({ pid: process.pid, host: 'elsewhere', at: Date.now() - 60_000, token: 'x' }));
    const old = await acquireLock(t.dir, 'old', { staleMs: 1000, timeoutMs: 2000 });
    // The lock file is ours now, not the stale owner's.
    expect(JSON.parse(readFileSync(path.join(t.dir, 'old.lock'), 'utf8')).host).not.toBe('elsewhere');
    await old.release();
    expect(existsSync(path.join(t.dir, 'old.lock'))).toBe(false);
    writeFileSync(path.join(t.dir, 'junk.lock'), 'not json');
    const junk = await acquireLock(t.dir, 'junk', { timeoutMs: 2000 });
    expect(JSON.parse(readFileSync(path.join(t.dir, 'junk.lock'), 'utf8')).pid).toBe(process.pid);
    await junk.release();
  });

  it('times out on a live lock with a clear error', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const held = await acquireLock(t.dir, 'busy');
    await expect(acquireLock(t.dir, 'busy', { timeoutMs: 50 })).rejects.toMatchObject({ code: 'BO_ERR_LOCK_TIMEOUT' });
    await held.release();
  });

  it('creates the lock directory on demand', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const dir = path.join(t.dir, 'a', 'b');
    const inside = await withLock(dir, 'x', async () => existsSync(path.join(dir, 'x.lock')));
    expect(inside).toBe(true);
    expect(existsSync(path.join(dir, 'x.lock'))).toBe(false);
  });
});
