/**
 * A cross-process lock on a name, as a file created with O_EXCL. The file holds the owner's pid,
 * host and time, so a lock left behind by a killed process is recognised (dead pid on this host,
 * or older than `staleMs`) and broken. Breaking happens under a second, short-lived "breaker"
 * lock and re-checks the owner, so two waiters never both break and then both hold the lock.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BoError } from '../../core/errors.js';

export interface LockOptions {
  /** Give up waiting after this long (BO_ERR_LOCK_TIMEOUT). */
  timeoutMs?: number;
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

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(owner: Owner | undefined, staleMs: number, now: number): boolean {
  if (!owner) return true; // unreadable: locks appear whole (hard link), so this is damage
  if (now - owner.at > staleMs) return true;
  return owner.host === HOST && !isProcessAlive(owner.pid);
}

async function readOwner(file: string): Promise<Owner | undefined | 'gone'> {
  try {
    const text = await readFile(file, 'utf8');
    const owner = JSON.parse(text) as Owner;
    return typeof owner.pid === 'number' ? owner : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    return undefined;
  }
}

/**
 * Creates `file` holding `content`, or returns false if it exists. The content is written to a
 * private temp file first and hard-linked into place, so the lock never exists half-written.
 */
async function tryCreate(file: string, content: string): Promise<boolean> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, content, { flag: 'wx' });
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Removes `file` if it still holds the stale `seen` owner, serialised by a breaker lock. */
async function breakStale(file: string, seen: Owner | undefined, staleMs: number): Promise<void> {
  const breaker = `${file}.break`;
  const me = JSON.stringify({ pid: process.pid, host: HOST, at: Date.now(), token: 'breaker' });
  if (!(await tryCreate(breaker, me))) {
    const info = await stat(breaker).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > BREAKER_STALE_MS) await unlink(breaker).catch(() => undefined);
    return;
  }
  try {
    const current = await readOwner(file);
    if (current === 'gone') return;
    const sameOwner = current?.token === seen?.token;
    if (sameOwner && isStale(current, staleMs, Date.now())) await unlink(file).catch(() => undefined);
  } finally {
    await unlink(breaker).catch(() => undefined);
  }
}

export interface Lock {
  release(): Promise<void>;
}

export async function acquireLock(dir: string, name: string, options: LockOptions = {}): Promise<Lock> {
  const file = path.join(dir, `${name}.lock`);
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const token = randomBytes(8).toString('hex');
  const content = JSON.stringify({ pid: process.pid, host: HOST, at: Date.now(), token });
  let wait = 1;
  for (;;) {
    let created: boolean;
    try {
      created = await tryCreate(file, content);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(dir, { recursive: true });
      continue;
    }
    if (created) {
      return {
        release: async () => {
          // Only remove the file if it is still ours (it could have been broken as stale).
          const owner = await readOwner(file);
          if (owner !== 'gone' && owner?.token === token) await unlink(file).catch(() => undefined);
        },
      };
    }
    const owner = await readOwner(file);
    if (owner === 'gone') continue;
    if (isStale(owner, staleMs, Date.now())) {
      await breakStale(file, owner, staleMs);
      continue;
    }
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
