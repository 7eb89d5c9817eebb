/**
 * Crash-safe file writes: the new content goes to a temp file in the same directory, is flushed
 * to disk, then renamed over the target. A reader sees the old file or the new one, never half.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { uniqueToken } from '../../core/unique.js';

export const TEMP_SUFFIX = '.tmp';

export function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.${process.pid}.${uniqueToken()}${TEMP_SUFFIX}`);
}

/**
 * Synchronous on purpose: each step is a short system call, and a thread-pool round trip per
 * step cost more than the work itself (claims/s in `npm run bench`).
 */
export async function writeFileAtomic(target: string, content: string): Promise<void> {
  writeFileAtomicSync(target, content);
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
