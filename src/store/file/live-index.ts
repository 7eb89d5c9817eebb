/**
 * The active task directory kept in memory by a long-lived process (`bo serve`, `bo run`), so that
 * a listing costs no system call per task file. A one-shot CLI command lists by reading the
 * directory (with the on-disk parse cache); a server listing 10,000 tasks that way a thousand
 * times a second would spend a core on `stat` alone and stall every request behind it.
 *
 * How it stays true:
 * - the directory is watched (inotify on Linux); a notification names the file, which is marked
 *   dirty and read again (stat, and parse only if its version changed) on the next listing;
 * - this process's own writes mark their file dirty at once, before the notification arrives;
 * - a notification without a file name, or a watcher error, makes the next listing read the
 *   whole directory again;
 * - notifications can be lost (a full inotify queue, a network file system), so a sweep compares
 *   every file's version with what is held every `sweepMs`, asynchronously (thread-pool stats,
 *   a batch at a time), so it never blocks the event loop for long.
 * When the directory cannot be watched at all, `start` returns false and the store lists by
 * reading the directory every time, as the CLI does.
 */
import { stat, watch, type FSWatcher, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isTaskFileName } from './layout.js';
import type { ReadResult } from './task-cache.js';

export interface LiveIndexOptions {
  dir: string;
  /** The task files' names in `dir` now ([] when it is missing). */
  names(): string[];
  /** Reads one task file (stat + parse cache); undefined when it is gone. */
  read(file: string): ReadResult;
  /** The version key the store holds for a file, if any (for the sweep). */
  heldVersion(file: string): string | undefined;
  /** The version key of a file's current stat. */
  versionOf(info: { ino: number; size: number; mtimeMs: number; ctimeMs: number }): string;
  /** Between sweeps (0: no sweep). */
  sweepMs?: number;
  /** How to watch the directory (fs.watch; a test passes one that loses notifications). */
  watch?: (dir: string, listener: (event: string, name: string | null) => void) => FSWatcher;
}

/**
 * Stats in flight at once during a sweep: enough to keep the thread pool busy, few enough that
 * their callbacks never hold the event loop for more than a fraction of a millisecond.
 */
const SWEEP_BATCH = 16;

/**
 * Files read again per turn of the event loop when a listing catches up with many changes: a
 * claiming server lists again every few seconds, by which time thousands of task files have
 * been written; reading them all in one go held the event loop for ~60 ms (10,000 files).
 */
const CATCH_UP_CHUNK = 256;

const statFile = (file: string) =>
  new Promise<Stats>((resolve, reject) => stat(file, (error, info) => (error ? reject(error) : resolve(info))));

export class LiveTaskIndex {
  private readonly files = new Map<string, ReadResult>();
  private readonly dirty = new Set<string>();
  private readAll = true;
  private watcher: FSWatcher | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = false;
  private readonly listeners = new Set<() => void>();
  /** Bumped whenever the held results change: the sorted listing is rebuilt only then. */
  private generation = 0;
  private listed: { generation: number; results: ReadResult[] } | undefined;

  constructor(private readonly options: LiveIndexOptions) {}

  /** Starts watching; false if the directory cannot be watched (then do not use this index). */
  start(): boolean {
    if (this.watcher) return true;
    try {
      const listener = (_event: string, name: string | null) => this.heard(name ?? undefined);
      this.watcher = this.options.watch ? this.options.watch(this.options.dir, listener) : watch(this.options.dir, { persistent: false }, listener);
    } catch {
      return false;
    }
    this.watcher.on('error', () => {
      // Watching stopped: everything may be missed from now on; read the directory each time.
      this.watcher?.close();
      this.watcher = undefined;
      this.readAll = true;
      this.notify();
    });
    const sweepMs = this.options.sweepMs ?? 10_000;
    if (sweepMs > 0) {
      this.sweeper = setInterval(() => void this.sweep(), sweepMs);
      this.sweeper.unref();
    }
    return true;
  }

  get live(): boolean {
    return this.watcher !== undefined;
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.listeners.clear();
  }

  /** Calls `onChange` whenever a task file may have changed (any process's write). */
  subscribe(onChange: () => void): () => void {
    this.listeners.add(onChange);
    return () => this.listeners.delete(onChange);
  }

  /** This process wrote (or moved) `file`: read it again on the next listing. */
  touched(file: string): void {
    this.dirty.add(path.basename(file));
    this.notify();
  }

  /** Has `file` been written (or heard of) since the last listing? */
  isDirty(file: string): boolean {
    return this.readAll || this.dirty.has(path.basename(file));
  }

  /**
   * Resolves once the event loop has polled for notifications after this call, so a change
   * another process finished before it is heard (read-your-writes across processes). Two turns:
   * called from an I/O callback, the first turn's poll may already be behind it.
   */
  async caughtUp(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    // What was heard is read a chunk per turn, so requests waiting meanwhile get their turns.
    while (this.watcher && this.pending() > CATCH_UP_CHUNK) {
      this.readDirty(CATCH_UP_CHUNK);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Every held task file's read result, in the order first read (the store sorts). */
  results(): ReadResult[] {
    if (!this.watcher) {
      // Not watching: nothing can be trusted between listings; read the directory every time.
      this.files.clear();
      this.dirty.clear();
      this.readAll = true;
    }
    this.readDirty(Infinity);
    if (this.listed?.generation !== this.generation) this.listed = { generation: this.generation, results: [...this.files.values()] };
    return this.listed.results;
  }

  /** Files to read before the next listing is current. */
  private pending(): number {
    if (this.readAll) this.expandReadAll();
    return this.dirty.size;
  }

  /** "Read the whole directory again": every file in it, and every file held that is gone. */
  private expandReadAll(): void {
    this.readAll = false;
    const names = this.options.names();
    const present = new Set(names);
    for (const name of this.files.keys()) if (!present.has(name)) this.dirty.add(name);
    for (const name of names) this.dirty.add(name);
    this.generation++;
  }

  /** Reads up to `count` of the files heard of, in the order heard. */
  private readDirty(count: number): void {
    if (this.readAll) this.expandReadAll();
    let read = 0;
    for (const name of this.dirty) {
      if (read++ >= count) break;
      this.dirty.delete(name);
      const before = this.files.get(name);
      const after = this.options.read(path.join(this.options.dir, name));
      if (after === undefined) this.files.delete(name);
      else this.files.set(name, after);
      if (after !== before) this.generation++;
    }
  }

  private heard(name: string | undefined): void {
    if (name === undefined) this.readAll = true;
    else if (isTaskFileName(name)) this.dirty.add(name);
    else return; // a temp file being written: its rename to the task file is heard next
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Marks dirty every file whose version differs from what is held, and files come or gone. */
  async sweep(): Promise<void> {
    if (this.sweeping || !this.watcher) return;
    this.sweeping = true;
    try {
      const names = (await readdir(this.options.dir)).filter(isTaskFileName);
      const present = new Set(names);
      const missed: string[] = [];
      for (const name of this.files.keys()) if (!present.has(name)) missed.push(name);
      for (let i = 0; i < names.length; i += SWEEP_BATCH) {
        await Promise.all(
          names.slice(i, i + SWEEP_BATCH).map(async (name) => {
            const file = path.join(this.options.dir, name);
            const held = this.options.heldVersion(file);
            try {
              if (!this.files.has(name) || held !== this.options.versionOf(await statFile(file))) missed.push(name);
            } catch {
              if (this.files.has(name)) missed.push(name);
            }
          }),
        );
      }
      if (missed.length > 0) {
        for (const name of missed) this.dirty.add(name);
        this.notify();
      }
    } catch {
      this.readAll = true;
    } finally {
      this.sweeping = false;
    }
  }
}
