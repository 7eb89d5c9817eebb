/**
 * Atomic file writes on a thread of their own, for a long-running server (`bo serve`).
 *
 * A claim is a locked read-modify-write of one task file. Done on the event loop, its file-system
 * calls took more of a claim's time than the HTTP work: creating the temp file, and renaming it
 * over the old file (replacing a file frees the old inode: ~60 µs on ext4, longer when the journal
 * is busy with another flush), and each thread-pool hop for the flush costs a thread wake-up.
 * Here the event loop hands the whole write to one thread in a single message and goes on
 * answering requests. The answer carries the new file's version (inode, size, times), so the
 * caller's cache needs no second look; answers ready at the same time come back as one message.
 *
 * The thread runs `writeOne` itself, from its source text: no second entry point to build, and
 * the function is tested directly like any other.
 */
import type * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { tempPathFor } from './atomic.js';

export interface WriteJob {
  /** The temp file beside the target (see tempPathFor): named here, where the pid is ours. */
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

/**
 * Writes the job's content to its temp file, flushes it (on the thread pool: several flushes run
 * at once and share the file system's journal commits), and renames it over the target; a job
 * that fails leaves its target as it was and its temp file removed. Self-contained (no imports,
 * no closure over module state): it is also the write thread's source text.
 */
export function writeOne(job: WriteJob, files: typeof fs, done: (outcome: WriteOutcome) => void): void {
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
    done({ ok: false, ...(typeof e?.code === 'string' ? { code: e.code } : {}), message: String(e?.message ?? error) });
  };
  try {
    fd = files.openSync(job.temp, 'wx', 0o644);
    files.writeSync(fd, job.content);
  } catch (error) {
    fail(error);
    return;
  }
  const written = fd;
  files.fdatasync(written, (flushError) => {
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

type Request = { id: number; op: 'write'; job: WriteJob } | { id: number; op: 'drain' };

type Failure = { code?: string; message: string };
type Answer = { id: number; outcome: WriteOutcome } | { id: number; drained: true };

const THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const files = require('node:fs');
// Loaders that keep function names (tsx, which runs the tests' processes) wrap functions in
// esbuild's __name helper, which this source text must then define.
const __name = (target) => target;
const writeOne = (${writeOne.toString()});
let answers = [];
const answer = (message) => {
  // Answers that are ready in the same turn go back in one message.
  if (answers.push(message) === 1) {
    setImmediate(() => {
      parentPort.postMessage(answers);
      answers = [];
    });
  }
};
const failure = (error) => ({ ...(error && typeof error.code === 'string' ? { code: error.code } : {}), message: String((error && error.message) || error) });
// Writes wait on their flush; a drain is answered once every write before it is done.
let writing = 0;
let drains = [];
const written = (id, outcome) => {
  writing -= 1;
  answer({ id, outcome });
  if (writing === 0) {
    for (const drain of drains) answer({ id: drain, drained: true });
    drains = [];
  }
};
parentPort.on('message', (requests) => {
  for (const request of requests) {
    if (request.op === 'drain') {
      if (writing === 0) answer({ id: request.id, drained: true });
      else drains.push(request.id);
      continue;
    }
    writing += 1;
    try {
      writeOne(request.job, files, (outcome) => written(request.id, outcome));
    } catch (error) {
      written(request.id, { ok: false, ...failure(error) });
    }
  }
});
`;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  what: string;
}

function fileError(what: string, failure: Failure): Error {
  const error = new Error(`could not ${what}: ${failure.message}`) as NodeJS.ErrnoException;
  if (failure.code) error.code = failure.code;
  return error;
}

/**
 * The thread and the requests waiting on it. It starts on the first request, holds the process
 * open only while requests are waiting, and `close()` stops it once they are done. Requests made
 * in one turn of the event loop go to the thread as one message, and are carried out in order.
 */
export class WriteThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private queued: Request[] = [];
  private nextId = 1;
  private closed = false;

  /** Atomically replaces `target` with `content`; resolves with the new file's version. */
  write(target: string, content: string): Promise<FileVersion | undefined> {
    return this.ask((id) => ({ id, op: 'write', job: { temp: tempPathFor(target), target, content } }), `write ${target}`);
  }

  /** Stops the thread once the writes already asked for are done (they are answered first). */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.worker) await this.ask((id) => ({ id, op: 'drain' }), 'finish the file writes').catch(() => undefined);
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private ask<T>(request: (id: number) => Request, what: string): Promise<T> {
    if (this.closed) return Promise.reject(fileError(what, { message: 'the store is closed' }));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, what });
      this.send(request(id));
    });
  }

  private send(request: Request): void {
    const worker = this.thread();
    if (this.queued.push(request) > 1) return;
    worker.ref();
    setImmediate(() => {
      if (this.worker !== worker) return; // it died meanwhile: its requests have failed
      const requests = this.queued;
      this.queued = [];
      worker.postMessage(requests);
      if (this.pending.size === 0) worker.unref();
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(THREAD_SOURCE, { eval: true, name: 'bo file writes' });
    worker.unref();
    worker.on('message', (answers: Answer[]) => {
      for (const answer of answers) {
        const waiting = this.pending.get(answer.id);
        if (!waiting) continue;
        this.pending.delete(answer.id);
        if ('drained' in answer) waiting.resolve(undefined);
        else if (answer.outcome.ok) waiting.resolve(answer.outcome.version);
        else waiting.reject(fileError(waiting.what, answer.outcome));
      }
      if (this.pending.size === 0 && this.queued.length === 0) worker.unref();
    });
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`the file write thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** The thread died: what it had not answered fails (written files are unchanged or replaced whole). */
  private lost(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.queued = [];
    for (const [id, waiting] of this.pending) {
      this.pending.delete(id);
      waiting.reject(fileError(waiting.what, { message: error.message }));
    }
  }
}
