/**
 * Crash-safe file writes: the new content goes to a temp file in the same directory, is flushed
 * to disk, then renamed over the target. A reader sees the old file or the new one, never half.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

export const TEMP_SUFFIX = '.tmp';

export function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
}

/**
 * Synchronous on purpose: each step is a short system call, and a thread-pool round trip per
 * step cost more than the work itself (claims/s in `npm run bench`).
 */
export async function writeFileAtomic(target: string, content: string): Promise<void> {
  writeFileAtomicSync(target, content);
}

/**
 * The same, with every step on libuv's thread pool: a long-running server (`bo serve`) keeps its
 * event loop free while the disk flushes, and concurrent writers' fsyncs share the filesystem's
 * journal commits instead of queueing one by one behind a blocked loop.
 */
export async function writeFileAtomicAsync(target: string, content: string): Promise<void> {
  const temp = tempPathFor(target);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(content);
    await handle.datasync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** `durable: false` skips the fsync: still never half-written, but may be lost in a power cut (caches). */
export function writeFileAtomicSync(target: string, content: string, options: { durable?: boolean } = {}): void {
  const temp = tempPathFor(target);
  const fd = openSync(temp, 'wx', 0o644);
  try {
    writeSync(fd, content);
    if (options.durable !== false) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** `.name.json.<pid>.<rand>.tmp`: the pid of the writer that left a temp file behind. */
export function tempFileOwner(fileName: string): number | undefined {
  const match = /\.(\d+)\.[0-9a-f]+\.tmp$/.exec(fileName);
  return match ? Number(match[1]) : undefined;
}
