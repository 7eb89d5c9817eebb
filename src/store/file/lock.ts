/**
 * A cross-process lock on a name: the file `<name>.lock` exists while someone holds it. It holds
 * the owner's pid, host and time, so a lock left behind by a killed process is recognised (dead pid
 * on this host, or older than `staleMs`) and broken. Breaking happens under a second, short-lived
 * "breaker" lock and re-checks the owner, so two waiters never both break and then both hold the
 * lock.
 *
 * Taking a lock is one hard link: each process keeps an owner file per lock directory
 * (`.owner-<pid>-<token>`, its pid, host and time) and links the lock's name to it; releasing is
 * one unlink. A fresh file per lock (create with O_EXCL, write the owner, close, unlink) allocates
 * and frees an inode every time, which on ext4 under a server's stream of fsyncs cost ~150 µs of
 * kernel time per claim on the event loop; a link costs a directory entry. The owner file is
 * replaced every second of use, so its time tells a lock's age to within a second, and removed
 * when the process exits (one left by a killed process is swept by the next process to start
 * locking there). Where hard links are not supported the lock falls back to a file of its own.
 *
 * A waiter in the process that holds the lock is woken by its release instead of polling.
 */
import { hostname } from 'node:os';
import { closeSync, existsSync, fstatSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
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

/** Use an owner file for at most this long: its time is then a lock's age to within this. */
const OWNER_FILE_MS = 1_000;
/** Owner files are only ever linked from while younger than OWNER_FILE_MS: older ones are litter. */
const OWNER_LITTER_MS = 60_000;
const OWNER_PREFIX = '.owner-';

interface OwnerFile {
  path: string;
  ino: number;
  at: number;
}

/** This process's current owner file per lock directory. */
const ownerFiles = new Map<string, OwnerFile>();
/** Lock directories where hard links failed: locks there are files of their own. */
const noLinks = new Set<string>();
/** When this process last swept each lock directory for owner files left by killed processes. */
const swept = new Map<string, number>();
let removesOwnerFilesAtExit = false;

function removeOwnerFilesAtExit(): void {
  for (const owner of ownerFiles.values()) unlinkQuiet(owner.path);
}

/** The owner file to link a lock to in `dir`: a new one when there is none or it is a second old. */
function ownerFile(dir: string, now: number): OwnerFile {
  const current = ownerFiles.get(dir);
  if (current && now - current.at < OWNER_FILE_MS) return current;
  const token = uniqueToken();
  const file = path.join(dir, `${OWNER_PREFIX}${process.pid}-${token}`);
  const fd = tryCreate(file, JSON.stringify({ pid: process.pid, host: HOST, at: now, token }));
  if (fd === undefined) throw new Error(`owner file ${file} exists already`); // a name unique to this call: cannot happen
  let ino: number;
  try {
    ino = fstatSync(fd).ino;
  } finally {
    closeSync(fd);
  }
  const created = { path: file, ino, at: now };
  ownerFiles.set(dir, created);
  if (!removesOwnerFilesAtExit) {
    process.once('exit', removeOwnerFilesAtExit);
    removesOwnerFilesAtExit = true;
  }
  // Locks linked to the old file keep its contents; only its name goes.
  if (current) unlinkQuiet(current.path);
  sweepOwnerLitter(dir, now);
  return created;
}

/** Removes owner files nobody links new locks from any more (their process was killed), once a minute. */
function sweepOwnerLitter(dir: string, now: number): void {
  if (now - (swept.get(dir) ?? 0) < OWNER_LITTER_MS) return;
  swept.set(dir, now);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(OWNER_PREFIX)) continue;
    const file = path.join(dir, name);
    const owner = readOwner(file);
    if (owner === 'gone') continue;
    let age: number;
    try {
      age = now - (owner?.at ?? statSync(file).mtimeMs);
    } catch {
      continue;
    }
    if (age > OWNER_LITTER_MS) unlinkQuiet(file);
  }
}

/** What tryLink answers when this file system has no hard links. */
const NO_LINKS = Symbol('no hard links');

/**
 * Links `file` to this process's owner file: the lock's inode, undefined if someone holds it, or
 * NO_LINKS where hard links are not supported (the directory then uses files of their own).
 */
function tryLink(dir: string, file: string): number | undefined | typeof NO_LINKS {
  const owner = ownerFile(dir, Date.now());
  try {
    linkSync(owner.path, file);
    return owner.ino;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return undefined;
    if (code === 'ENOENT' && existsSync(dir)) {
      // Our owner file was removed (by hand, or the directory was recreated): make a new one.
      ownerFiles.delete(dir);
      return tryLink(dir, file);
    }
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS' || code === 'EMLINK' || code === 'EXDEV') {
      noLinks.add(dir);
      return NO_LINKS;
    }
    throw error;
  }
}

/** Locks this process holds, by file, each with its release: a waiter here is woken by it. */
const heldHere = new Map<string, Promise<void>>();

function holdHere(file: string): () => void {
  let wake = () => {};
  const released = new Promise<void>((resolve) => (wake = resolve));
  heldHere.set(file, released);
  return () => {
    if (heldHere.get(file) === released) heldHere.delete(file);
    wake();
  };
}

/** Takes the lock once: its release, or undefined if someone holds it. */
function tryAcquire(dir: string, file: string): (() => void) | undefined {
  const ino = noLinks.has(dir) ? NO_LINKS : tryLink(dir, file);
  if (ino === undefined) return undefined;
  if (ino !== NO_LINKS) {
    return () => {
      // Only remove the name if it is still ours: a lock broken as stale and taken by someone
      // else links to their owner file.
      try {
        if (statSync(file).ino === ino) unlinkQuiet(file);
      } catch {
        // gone already
      }
    };
  }
  // A file of its own holds its owner: this process, now.
  const fd = tryCreate(file, JSON.stringify({ pid: process.pid, host: HOST, at: Date.now(), token: uniqueToken() }));
  if (fd === undefined) return undefined;
  return () => {
    // A lock file of its own is never renamed, so while it has a link, the path is still ours.
    const { nlink } = fstatSync(fd);
    closeSync(fd);
    if (nlink > 0) unlinkQuiet(file);
  };
}

export async function acquireLock(dir: string, name: string, options: LockOptions = {}): Promise<Lock> {
  const file = path.join(dir, `${name}.lock`);
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let wait = 1;
  for (;;) {
    let release: (() => void) | undefined;
    try {
      release = tryAcquire(dir, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dir, { recursive: true });
      continue;
    }
    if (release !== undefined) {
      const releaseHere = holdHere(file);
      const unlock = release;
      return {
        release: async () => {
          unlock();
          releaseHere();
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
    const pause = sleep(wait + Math.random() * wait);
    const local = heldHere.get(file);
    await (local ? Promise.race([local, pause]) : pause);
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
