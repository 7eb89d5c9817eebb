import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
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

/** A process of its own running `body` with lock.ts's exports in scope, on the lock directory `dir` (process.argv[1]). */
function lockProcess(body: string, dir: string, stdio: 'inherit' | 'pipe') {
  const source = `import { acquireLock, withLock } from ${JSON.stringify(path.resolve('src/store/file/lock.ts'))};\n${body}`;
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source, dir], { stdio: ['ignore', stdio, 'inherit'] });
}

/** A temporary directory, removed after the test. */
function scratch() {
  const t = tempDir();
  cleanup = t.cleanup;
  return t;
}

describe('file lock', () => {
  it('serialises critical sections in one process', async () => {
    const t = scratch();
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
    const t = scratch();
    const pid = await deadPid();
    expect(isProcessAlive(pid)).toBe(false);
    writeFileSync(path.join(t.dir, 'x.lock'), JSON.stringify({ pid, host: (await import('node:os')).hostname(), at: Date.now(), token: 'old' }));
    const lock = await acquireLock(t.dir, 'x', { timeoutMs: 2000 });
    expect(JSON.parse(readFileSync(path.join(t.dir, 'x.lock'), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('breaks a lock older than staleMs and a damaged lock file', async () => {
    const t = scratch();
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
    const t = scratch();
    const held = await acquireLock(t.dir, 'busy');
    await expect(acquireLock(t.dir, 'busy', { timeoutMs: 50 })).rejects.toMatchObject({ code: 'BO_ERR_LOCK_TIMEOUT' });
    await held.release();
  });

  it('creates the lock directory on demand', async () => {
    const t = scratch();
    const dir = path.join(t.dir, 'a', 'b');
    const inside = await withLock(dir, 'x', async () => existsSync(path.join(dir, 'x.lock')));
    expect(inside).toBe(true);
    expect(existsSync(path.join(dir, 'x.lock'))).toBe(false);
  });

  it('links the lock to an owner file of this process, and a release leaves the owner file alone', async () => {
    const t = scratch();
    const lock = await acquireLock(t.dir, 'x');
    const owners = readdirSync(t.dir).filter((name) => name.startsWith('.owner-'));
    expect(owners).toHaveLength(1);
    const owner = path.join(t.dir, owners[0] as string);
    expect(statSync(path.join(t.dir, 'x.lock')).ino).toBe(statSync(owner).ino);
    expect(statSync(owner).nlink).toBe(2);
    expect(JSON.parse(readFileSync(path.join(t.dir, 'x.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
    expect(existsSync(path.join(t.dir, 'x.lock'))).toBe(false);
    expect(statSync(owner).nlink).toBe(1);
  });

  it('replaces its owner file after a second of use, so the owner time tells a lock\'s age', async () => {
    const t = scratch();
    const first = await acquireLock(t.dir, 'a');
    await new Promise((r) => setTimeout(r, 1100));
    const second = await acquireLock(t.dir, 'b');
    const read = (name: string) => JSON.parse(readFileSync(path.join(t.dir, name), 'utf8')) as { at: number; token: string };
    expect(read('b.lock').token).not.toBe(read('a.lock').token);
    expect(read('b.lock').at - read('a.lock').at).toBeGreaterThanOrEqual(1000);
    // The old owner file's name is gone; the lock still linked to it keeps its contents.
    expect(readdirSync(t.dir).filter((name) => name.startsWith('.owner-'))).toHaveLength(1);
    expect(statSync(path.join(t.dir, 'a.lock')).nlink).toBe(1);
    await first.release();
    await second.release();
    expect(readdirSync(t.dir).filter((name) => name.endsWith('.lock'))).toEqual([]);
  });

  it('sweeps owner files left by killed processes and removes its own when the process exits', async () => {
    const t = scratch();
    const litter = path.join(t.dir, '.owner-999999-abc');
    writeFileSync(litter, JSON.stringify({ pid: 999999, host: 'elsewhere', at: Date.now() - 120_000, token: 'abc' }));
    const fresh = path.join(t.dir, '.owner-999998-def');
    writeFileSync(fresh, JSON.stringify({ pid: 999998, host: 'elsewhere', at: Date.now(), token: 'def' }));
    // A child process takes a lock there and exits normally.
    const code = await new Promise<number | null>((resolve) => lockProcess(`await withLock(process.argv[1], 'x', async () => {});`, t.dir, 'inherit').on('exit', resolve));
    expect(code).toBe(0);
    expect(existsSync(litter)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(readdirSync(t.dir).sort()).toEqual(['.owner-999998-def']);
  });

  it('breaks a lock linked by a process that was killed while holding it', async () => {
    const t = scratch();
    const child = lockProcess(`await acquireLock(process.argv[1], 'x'); process.stdout.write('held'); setInterval(() => {}, 1000);`, t.dir, 'pipe');
    await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(JSON.parse(readFileSync(path.join(t.dir, 'x.lock'), 'utf8')).pid).toBe(child.pid);
    const lock = await acquireLock(t.dir, 'x', { timeoutMs: 2000 });
    expect(JSON.parse(readFileSync(path.join(t.dir, 'x.lock'), 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('wakes a waiter in the same process at the release, without waiting for its next poll', async () => {
    const t = scratch();
    const held = await acquireLock(t.dir, 'x');
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      let acquired = false;
      const waiting = acquireLock(t.dir, 'x').then((lock) => {
        acquired = true;
        return lock;
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(acquired).toBe(false);
      // No timer moves from here on: only the release can let the waiter in.
      await held.release();
      for (let turn = 0; turn < 5 && !acquired; turn++) await new Promise((r) => setImmediate(r));
      expect(acquired).toBe(true);
      const lock = await waiting;
      await lock.release();
    } finally {
      vi.useRealTimers();
    }
  });
});
