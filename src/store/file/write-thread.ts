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
 * The thread runs atomic.ts's `writeAtomic`, the same write as the CLI's, from its source text:
 * no second entry point to build.
 */
import { Worker } from 'node:worker_threads';
import { tempPathFor, writeAtomic, type FileVersion, type WriteJob, type WriteOutcome } from './atomic.js';

type Request = { id: number; op: 'write'; job: WriteJob } | { id: number; op: 'drain' };

type Failure = { code?: string; message: string };
type Answer = { id: number; outcome: WriteOutcome } | { id: number; drained: true };

const THREAD_SOURCE = `
const { parentPort } = require('node:worker_threads');
const files = require('node:fs');
// Loaders that keep function names (tsx, which runs the tests' processes) wrap functions in
// esbuild's __name helper, which this source text must then define.
const __name = (target) => target;
const writeAtomic = (${writeAtomic.toString()});
// The flush on libuv's pool: several run at once and share the file system's journal commits.
const flush = (fd, then) => files.fdatasync(fd, then);
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
      writeAtomic(request.job, files, flush, (outcome) => written(request.id, outcome));
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
  /** Set by close(): later writes are refused, so none can be cut off by the thread's end. */
  private closing: Promise<void> | undefined;

  /** Atomically replaces `target` with `content`; resolves with the new file's version. */
  write(target: string, content: string): Promise<FileVersion | undefined> {
    if (this.closing) return Promise.reject(fileError(`write ${target}`, { message: 'the store is closed' }));
    return this.ask((id) => ({ id, op: 'write', job: { temp: tempPathFor(target), target, content } }), `write ${target}`);
  }

  /** Stops the thread once the writes already asked for are done (they are answered first). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.worker) await this.ask((id) => ({ id, op: 'drain' }), 'finish the file writes').catch(() => undefined);
      const worker = this.worker;
      this.worker = undefined;
      await worker?.terminate();
    })();
    return this.closing;
  }

  private ask<T>(request: (id: number) => Request, what: string): Promise<T> {
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
