/**
 * A cross-process lock on a name, as a file created with O_EXCL. The file holds the owner's pid,
 * host and time, so a lock left behind by a killed process is recognised (dead pid on this host,
 * or older than `staleMs`) and broken. Breaking happens under a second, short-lived "breaker"
 * lock and re-checks the owner, so two waiters never both break and then both hold the lock.
 */
import { hostname } from 'node:os';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { BoError } from '../../core/errors.js';
import { uniqueToken } from '../../core/unique.js';

export interface LockOptions {
  /** Give up waiting after this long (BO_ERR_LOCK_TIMEOUT). */
  timeoutMs?: number;
  /** Do not wait at all: throw BO_ERR_LOCK_BUSY if a live owner holds the lock. */
  noWait?: boolean;
  /** A lock older than this is taken to be abandoned even if its pid seems alive (pid reuse). */
  staleMs?: number;
}

interface Owner {
  pid: number;
  host: string;
  at: number;
  token: string;
}

const HOST = hostname();
/** Locks are held for one read-modify-write of a small file: milliseconds. */
const DEFAULT_STALE_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 20_000;
/** A breaker lock is held for microseconds; older than this, its holder died. */
const BREAKER_STALE_MS = 2_000;
/** How long an unreadable (empty) lock file may exist before it is taken to be abandoned. */
const UNREADABLE_GRACE_MS = 2_000;

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An owner that cannot be read is a lock being written this instant (created, not yet filled)
 * or one whose creator died right there: it is stale only once it is older than a grace period.
 */
function isStale(owner: Owner | undefined, staleMs: number, now: number, file?: string): boolean {
  if (!owner) {
    if (!file) return false;
    try {
      return now - statSync(file).mtimeMs > UNREADABLE_GRACE_MS;
    } catch {
      return false; // gone: the next attempt will create it
    }
  }
  if (now - owner.at > staleMs) return true;
  return owner.host === HOST && !isProcessAlive(owner.pid);
}

// The file operations are synchronous: each is one short system call, and thread-pool round
// trips dominated the cost of a claim when they were not.
const unlinkQuiet = (file: string) => {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
};

function readOwner(file: string): Owner | undefined | 'gone' {
  try {
    const text = readFileSync(file, 'utf8');
    const owner = JSON.parse(text) as Owner;
    return typeof owner.pid === 'number' ? owner : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return undefined;
  }
}

/**
 * Creates `file` holding `content` (O_EXCL), or returns false if it exists. One create and one
 * write: fewer metadata operations than a temp file plus link, which matters because every
 * fsync of a state file makes concurrent metadata operations on the file system wait.
 */
function tryCreate(file: string, content: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  }
  try {
    writeSync(fd, content);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Removes `file` if it still holds the stale `seen` owner, serialised by a breaker lock. */
function breakStale(file: string, seen: Owner | undefined, staleMs: number): void {
  const breaker = `${file}.break`;
  const me = JSON.stringify({ pid: process.pid, host: HOST, at: Date.now(), token: 'breaker' });
  const breakerFd = tryCreate(breaker, me);
  if (breakerFd === undefined) {
    let age = 0;
    try {
      age = Date.now() - statSync(breaker).mtimeMs;
    } catch {
      return;
    }
    if (age > BREAKER_STALE_MS) unlinkQuiet(breaker);
    return;
  }
  closeSync(breakerFd);
  try {
    const current = readOwner(file);
    if (current === 'gone') return;
    const sameOwner = current?.token === seen?.token;
    if (sameOwner && isStale(current, staleMs, Date.now(), file)) unlinkQuiet(file);
  } finally {
    unlinkQuiet(breaker);
  }
}

export interface Lock {
  release(): Promise<void>;
}

export async function acquireLock(dir: string, name: string, options: LockOptions = {}): Promise<Lock> {
  const file = path.join(dir, `${name}.lock`);
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const token = uniqueToken();
  const content = JSON.stringify({ pid: process.pid, host: HOST, at: Date.now(), token });
  let wait = 1;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = tryCreate(file, content);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dir, { recursive: true });
      continue;
    }
    if (fd !== undefined) {
      const held = fd;
      return {
        release: async () => {
          // Only remove the file if it is still ours: a lock broken as stale has no link left
          // (lock files are never renamed, so a linked inode is still the one at the path).
          const { nlink } = fstatSync(held);
          closeSync(held);
          if (nlink > 0) unlinkQuiet(file);
        },
      };
    }
    const owner = readOwner(file);
    if (owner === 'gone') continue;
    if (isStale(owner, staleMs, Date.now(), file)) {
      breakStale(file, owner, staleMs);
      continue;
    }
    if (options.noWait) throw new BoError('BO_ERR_LOCK_BUSY', `lock ${file} is held by pid ${owner?.pid ?? '?'}`);
    if (Date.now() > deadline) {
      throw new BoError('BO_ERR_LOCK_TIMEOUT', `timed out waiting for lock ${file} (held by pid ${owner?.pid ?? '?'} on ${owner?.host ?? '?'})`);
    }
    await sleep(wait + Math.random() * wait);
    wait = Math.min(wait * 2, 25);
  }
}

export async function withLock<T>(dir: string, name: string, fn: () => Promise<T>, options?: LockOptions): Promise<T> {
  const lock = await acquireLock(dir, name, options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
