/**
 * Crash-safe file writes: the new content goes to a temp file in the same directory, is flushed
 * to disk, then renamed over the target. A reader sees the old file or the new one, never half.
 */
import * as fs from 'node:fs';
import path from 'node:path';
import { uniqueToken } from '../../core/unique.js';

export const TEMP_SUFFIX = '.tmp';

export function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.${process.pid}.${uniqueToken()}${TEMP_SUFFIX}`);
}

export interface WriteJob {
  /** The temp file beside the target (see tempPathFor). */
  temp: string;
  target: string;
  content: string;
}

/** What a cache needs to recognise the written file: the fields of its version key. */
export interface FileVersion {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** `version` is missing only if the file was written but could not be looked at afterwards. */
export type WriteOutcome = { ok: true; version?: FileVersion } | { ok: false; code?: string; message: string };

/** Flushes the written temp file, then calls `then` (with the error if it failed). */
export type Flush = (fd: number, then: (error: Error | null) => void) => void;

/**
 * The write itself: the content to the temp file, `flush`, the rename over the target, and the
 * new file's version. A failed write leaves the target as it was and no temp file. Self-contained
 * (the file system and the flush come in as arguments, nothing else from outside): the write
 * thread runs it from its source text (see write-thread.ts). `done` gets the error as thrown too.
 */
export function writeAtomic(job: WriteJob, files: typeof fs, flush: Flush, done: (outcome: WriteOutcome, error?: unknown) => void): void {
  let fd: number | undefined;
  const fail = (error: unknown) => {
    if (fd !== undefined) {
      try {
        files.closeSync(fd);
      } catch {
        // closing is all that is left to do
      }
    }
    try {
      files.rmSync(job.temp, { force: true });
    } catch {
      // an abandoned temp file is swept by the store (removeAbandonedTemps)
    }
    const e = error as NodeJS.ErrnoException;
    done({ ok: false, ...(typeof e?.code === 'string' ? { code: e.code } : {}), message: String(e?.message ?? error) }, error);
  };
  try {
    fd = files.openSync(job.temp, 'wx', 0o644);
    files.writeSync(fd, job.content);
  } catch (error) {
    fail(error);
    return;
  }
  const written = fd;
  flush(written, (flushError) => {
    if (flushError) {
      fail(flushError);
      return;
    }
    try {
      files.renameSync(job.temp, job.target);
    } catch (error) {
      fail(error);
      return;
    }
    // After the rename: it changes the file's ctime, which is part of the version.
    let version: FileVersion | undefined;
    try {
      const info = files.fstatSync(written);
      version = { ino: info.ino, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs };
    } catch {
      // written all the same; the caller looks itself
    }
    try {
      files.closeSync(written);
    } catch {
      // the data is flushed and renamed: nothing is lost
    }
    done(version ? { ok: true, version } : { ok: true });
  });
}

/**
 * Synchronous on purpose: each step is a short system call, and a thread-pool round trip per
 * step cost more than the work itself (claims/s in `npm run bench`).
 */
export async function writeFileAtomic(target: string, content: string): Promise<FileVersion | undefined> {
  return writeFileAtomicSync(target, content);
}

/**
 * Resolves with the written file's version. `durable: false` skips the fsync: still never
 * half-written, but may be lost in a power cut (caches).
 */
export function writeFileAtomicSync(target: string, content: string, options: { durable?: boolean } = {}): FileVersion | undefined {
  const flush: Flush = (fd, then) => {
    try {
      if (options.durable !== false) fs.fsyncSync(fd);
    } catch (error) {
      then(error as Error);
      return;
    }
    then(null);
  };
  let result: { outcome: WriteOutcome; error?: unknown } | undefined;
  writeAtomic({ temp: tempPathFor(target), target, content }, fs, flush, (outcome, error) => (result = { outcome, error }));
  // Every step above is synchronous, so the outcome is in.
  if (!result!.outcome.ok) throw result!.error;
  return result!.outcome.version;
}

/** `.name.json.<pid>.<rand>.tmp`: the pid of the writer that left a temp file behind. */
export function tempFileOwner(fileName: string): number | undefined {
  const match = /\.(\d+)\.[0-9a-f]+\.tmp$/.exec(fileName);
  return match ? Number(match[1]) : undefined;
}
