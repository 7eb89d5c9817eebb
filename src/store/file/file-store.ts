/**
 * The default store: the seed's `ai-state/` directory. Every write is atomic (temp + fsync +
 * rename), every read-modify-write holds a lock, and a file someone damaged is reported with its
 * path and position while the rest keeps working.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { BoError } from '../../core/errors.js';
import { uniqueToken } from '../../core/unique.js';
import { JsonParseError, parseJson, stableStringify } from '../../core/json.js';
import { check } from '../../core/validation.js';
import { REGISTRY_KINDS, type Registry, type RegistryKind } from '../../registry/schema.js';
import { FINISHED_STATUSES, TASK_ID_PATTERN, Task } from '../../tasks/schema.js';
import { sortByTaskNumber, taskNumber } from '../../tasks/task-number.js';
import { registryFromTexts } from '../registry-text.js';
import type { CreateContext, StateProblem, Store, TaskMutation, TaskScope, TaskSnapshot } from '../types.js';
import { TEMP_SUFFIX, tempFileOwner, writeFileAtomic as writeFileAtomicSyncStep, type FileVersion } from './atomic.js';
import { isTaskFileName, stateLayout, type StateLayout } from './layout.js';
import { LiveTaskIndex } from './live-index.js';
import { TaskCache, type ReadResult } from './task-cache.js';
import { isProcessAlive, withLock, type LockOptions } from './lock.js';
import { WriteThread } from './write-thread.js';


export interface FileStoreOptions {
  projectRoot: string;
  stateDir?: string;
  lock?: LockOptions;
  /**
   * Write on a thread of its own (a server: many requests at once, one event loop; see
   * write-thread.ts) instead of synchronous calls (the CLI: one short-lived process, where
   * starting a thread costs more than its writes).
   */
  asyncWrites?: boolean;
  /**
   * Keep the active tasks in memory, kept true by watching their directory (a long-lived process:
   * see live-index.ts). Off for one-shot commands, which read the directory once anyway.
   */
  liveIndex?: boolean;
}

export function assertTaskId(id: string): void {
  if (!TASK_ID_PATTERN.test(id)) {
    throw new BoError('BO_ERR_TASK_ID_INVALID', `invalid task id "${id}": expected task-<number>-<slug>, e.g. task-002-api`);
  }
}

const isFinished = (task: Task) => FINISHED_STATUSES.includes(task.status);

export function parseTaskText(file: string, text: string): { task: Task } | { problem: StateProblem } {
  let raw: unknown;
  try {
    raw = parseJson(text);
  } catch (error) {
    const e = error as JsonParseError;
    return { problem: { file, line: e.line, column: e.column, message: e.message } };
  }
  const result = check(Task, raw);
  if (!result.ok) return { problem: { file, message: result.errors.join('; ') } };
  const expected = path.basename(file, '.json');
  if (result.value.id !== expected) {
    return { problem: { file, message: `id "${result.value.id}" does not match the file name (${expected})` } };
  }
  return { task: result.value };
}

export function problemText(problem: StateProblem): string {
  const at = problem.line ? `:${problem.line}:${problem.column ?? 1}` : '';
  return `${problem.file}${at}: ${problem.message}`;
}

export class FileStore implements Store {
  readonly kind = 'file';
  readonly layout: StateLayout;
  private readonly lockOptions: LockOptions;
  private readonly cache: TaskCache;

  constructor(options: FileStoreOptions) {
    this.layout = stateLayout(options.projectRoot, options.stateDir);
    this.cache = new TaskCache(path.join(this.layout.root, '.cache', 'tasks.json'));
    this.lockOptions = options.lock ?? {};
    if (options.asyncWrites) {
      const thread = new WriteThread();
      this.writeThread = thread;
      this.write = (target, content) => thread.write(target, content);
    } else {
      this.write = writeFileAtomicSyncStep;
    }
    if (options.liveIndex) {
      this.live = new LiveTaskIndex({
        dir: this.layout.tasks,
        names: () => this.taskFileNames(this.layout.tasks),
        read: (file) => this.readTask(file),
        heldVersion: (file) => this.cache.entryFor(file)?.key,
        versionOf: versionKey,
      });
    }
  }

  private live: LiveTaskIndex | undefined;

  /** The live index if it is watching (started on first use), else undefined: read the directory. */
  private liveIndex(): LiveTaskIndex | undefined {
    if (!this.live) return undefined;
    if (this.live.live) return this.live;
    try {
      mkdirSync(this.layout.tasks, { recursive: true });
    } catch {
      return undefined;
    }
    return this.live.start() ? this.live : undefined;
  }

  /**
   * Calls `onChange` whenever an active task file may have changed, in this process or another;
   * undefined when this store cannot tell (no live index, or the directory cannot be watched).
   */
  watch(onChange: () => void): (() => void) | undefined {
    return this.liveIndex()?.subscribe(onChange);
  }

  /** Synchronous unless writes are on the write thread: they finish first. */
  close(): void | Promise<void> {
    const thread = this.writeThread;
    return thread ? thread.close().then(() => this.closeIndex()) : this.closeIndex();
  }

  private closeIndex(): void {
    if (!this.live) return;
    const live = this.live.live ? this.live.results() : [];
    this.live.close();
    // Hand what this process parsed to the next one-shot command (see TaskCache).
    this.cache.saveIfWorthIt(new Set(live.flatMap((result) => (result && 'task' in result ? [this.layout.taskFile(result.task.id)] : []))));
  }

  /** Resolves with the written file's version (undefined if it could not be looked at). */
  private readonly write: (target: string, content: string) => Promise<FileVersion | undefined>;
  private readonly writeThread: WriteThread | undefined;

  async init(): Promise<void> {
    const l = this.layout;
    for (const dir of [l.tasks, l.reports, l.archive, l.events, l.locks]) await mkdir(dir, { recursive: true });
    await this.ensureRegistryFiles();
  }

  /** Creates missing registry files without touching existing ones. */
  async ensureRegistryFiles(): Promise<void> {
    for (const kind of REGISTRY_KINDS) {
      const file = this.layout.registryFile(kind);
      try {
        await readFile(file);
      } catch {
        await this.write(file, stableStringify({ [kind]: [] }));
      }
    }
  }

  /**
   * Reads and validates one task file. Listing is the hot path (`next`, claim loops), so parsed
   * tasks are cached per file and reused while the file's inode, size and times are unchanged;
   * an atomic rename always gives a changed file a new inode.
   */
  private readTask(file: string): ReadResult {
    let text: string;
    let key = '';
    try {
      const info = statSync(file);
      key = versionKey(info);
      const hit = this.cache.get(file, key);
      if (hit !== 'miss') return hit;
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        this.cache.delete(file);
        return undefined;
      }
      throw error;
    }
    const result = parseTaskText(file, text);
    this.cache.set(file, key, result);
    return result;
  }

  readyVersion(): string {
    try {
      return readFileSync(this.readyMarker, 'utf8');
    } catch {
      return 'none';
    }
  }

  /**
   * Touched after a task is created or moves to ready or done (see Store.readyVersion). A new
   * unique token each time: timestamps are too coarse to tell two quick changes apart, and a
   * torn read only ever looks like a change (the safe side).
   */
  private markReady(): void {
    try {
      writeFileSync(this.readyMarker, uniqueToken());
    } catch {
      // no marker: readers see 'none' and fall back to listing on their time limit
    }
  }

  private get readyMarker(): string {
    return path.join(this.layout.locks, 'ready-version');
  }

  peek(task: Task): 'unchanged' | 'changed' | 'busy' | 'unknown' {
    const file = this.layout.taskFile(task.id);
    const hit = this.cache.entryFor(file);
    if (!hit || !('task' in (hit.result ?? {})) || (hit.result as { task: Task }).task !== task) return 'unknown';
    // Nothing heard about the file since it was read: no need to look. (A change not heard yet
    // is found by the claim itself, which re-reads the task under its lock.)
    if (this.live?.live && !this.live.isDirty(file)) return 'unchanged';
    try {
      if (hit.key !== versionKey(statSync(file))) return 'changed';
    } catch {
      return 'changed';
    }
    // A lock file present means a writer is at it this instant (or died there: the real
    // acquisition recognises that); either way this is not the candidate to try first.
    return existsSync(path.join(this.layout.locks, `task-${task.id}.lock`)) ? 'busy' : 'unchanged';
  }

  private taskFileNames(dir: string): string[] {
    try {
      return readdirSync(dir).filter(isTaskFileName);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  private readDir(dir: string, snapshot: TaskSnapshot, seen: Set<string>): void {
    this.collect(
      this.taskFileNames(dir).map((name) => this.readTask(path.join(dir, name))),
      snapshot,
      seen,
      dir,
    );
  }

  private collect(results: readonly ReadResult[], snapshot: TaskSnapshot, seen: Set<string>, dir: string): void {
    for (const result of results) {
      if (!result) continue; // moved or removed since the listing
      if ('problem' in result) {
        snapshot.problems.push(result.problem);
      } else if (!seen.has(result.task.id)) {
        seen.add(result.task.id);
        snapshot.tasks.push(result.task);
      } else {
        snapshot.problems.push({ file: path.join(dir, `${result.task.id}.json`), message: `task ${result.task.id} exists in both the active directory and the archive` });
      }
    }
  }

  async listTasks(scope: TaskScope = 'active'): Promise<TaskSnapshot> {
    const snapshot: TaskSnapshot = { tasks: [], problems: [] };
    const seen = new Set<string>();
    const live = scope !== 'archived' ? this.liveIndex() : undefined;
    if (live) await live.caughtUp();
    if (live && scope === 'active') return this.liveSnapshot(live);
    if (live) this.collect(live.results(), snapshot, seen, this.layout.tasks);
    else if (scope !== 'archived') this.readDir(this.layout.tasks, snapshot, seen);
    if (scope !== 'active') this.readDir(this.layout.archive, snapshot, seen);
    // A long-lived process (live index) saves the parse cache when it closes, not on the hot path.
    if (scope === 'active' && !live) this.cache.saveIfWorthIt(new Set(snapshot.tasks.map((task) => this.layout.taskFile(task.id))));
    snapshot.tasks = sortByTaskNumber(snapshot.tasks);
    return snapshot;
  }

  /** The active listing from the live index, collected and sorted once per change. */
  private liveSnapshot(live: LiveTaskIndex): TaskSnapshot {
    const results = live.results();
    if (this.lastLive?.results !== results) {
      const snapshot: TaskSnapshot = { tasks: [], problems: [] };
      this.collect(results, snapshot, new Set(), this.layout.tasks);
      snapshot.tasks = sortByTaskNumber(snapshot.tasks);
      this.lastLive = { results, snapshot };
    }
    // Copies: callers may add to what they are given.
    return { tasks: [...this.lastLive.snapshot.tasks], problems: [...this.lastLive.snapshot.problems] };
  }

  private lastLive: { results: readonly ReadResult[]; snapshot: TaskSnapshot } | undefined;

  async getTask(id: string): Promise<Task | undefined> {
    assertTaskId(id);
    for (const file of [this.layout.taskFile(id), this.layout.archivedTaskFile(id)]) {
      const result = this.readTask(file);
      if (!result) continue;
      if ('problem' in result) throw corrupt(result.problem);
      return result.task;
    }
    return undefined;
  }

  async createTasks(build: (context: CreateContext) => Promise<Task[]> | Task[]): Promise<Task[]> {
    await mkdir(this.layout.tasks, { recursive: true });
    return withLock(
      this.layout.locks,
      'tasks',
      async () => {
        await this.removeAbandonedTemps();
        const activeNames = this.taskFileNames(this.layout.tasks);
        const archivedNames = this.taskFileNames(this.layout.archive);
        const highest = [...activeNames, ...archivedNames].reduce((max, name) => Math.max(max, taskNumber(name)), 0);
        const { tasks: active } = await this.listTasks();
        const created = await build({ active, lookup: (id) => this.getTask(id), nextNumber: highest + 1 });
        for (const task of created) {
          assertTaskId(task.id);
          const file = this.layout.taskFile(task.id);
          const version = await this.write(file, stableStringify(task));
          this.live?.touched(file);
          // What we just wrote is what the file holds: cache it (and let the next process reuse it).
          this.cache.set(file, versionKey(version ?? statSync(file)), { task: Task.parse(JSON.parse(stableStringify(task))) });
        }
        if (created.length > 0) {
          this.markReady();
          this.cache.saveIfWorthIt(new Set([...active, ...created].map((task) => this.layout.taskFile(task.id))));
        }
        return created;
      },
      this.lockOptions,
    );
  }

  async updateTask(id: string, mutate: TaskMutation, options: { noWait?: boolean } = {}): Promise<{ task: Task; changed: boolean }> {
    assertTaskId(id);
    return withLock(
      this.layout.locks,
      `task-${id}`,
      async () => {
        const activeFile = this.layout.taskFile(id);
        const active = this.readTask(activeFile);
        if (active && 'problem' in active) throw corrupt(active.problem);
        if (!active) {
          const archived = this.readTask(this.layout.archivedTaskFile(id));
          if (!archived) throw new BoError('BO_ERR_TASK_NOT_FOUND', `task ${id} not found`);
          if ('problem' in archived) throw corrupt(archived.problem);
          if (mutate(archived.task) !== undefined) {
            throw new BoError('BO_ERR_TASK_CONFLICT', `task ${id} is ${archived.task.status} and archived; it can no longer change`);
          }
          return { task: archived.task, changed: false };
        }
        const next = mutate(active.task);
        const task = next ?? active.task;
        if (next) {
          const version = await this.write(activeFile, stableStringify(next));
          // What we just wrote is what the file holds: the next listing need not parse it again.
          if (!isFinished(next)) this.cache.set(activeFile, versionKey(version ?? statSync(activeFile)), { task: next });
          this.live?.touched(activeFile);
        }
        if (next && next.status !== active.task.status && (next.status === 'ready' || next.status === 'done')) this.markReady();
        // Finished tasks leave the active directory. A rename is atomic, so the task is in exactly
        // one place at every instant; one left behind by a crash is moved on its next update.
        if (isFinished(task)) {
          await mkdir(this.layout.archive, { recursive: true });
          await rename(activeFile, this.layout.archivedTaskFile(id));
          this.live?.touched(activeFile);
        }
        return { task, changed: next !== undefined };
      },
      { ...this.lockOptions, ...(options.noWait ? { noWait: true } : {}) },
    );
  }

  async readRegistry(): Promise<{ registry: Registry; problems: StateProblem[] }> {
    const texts = await Promise.all(
      REGISTRY_KINDS.map(async (kind) => {
        try {
          return await readFile(this.layout.registryFile(kind), 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
          throw error;
        }
      }),
    );
    return registryFromTexts(texts, (kind) => this.layout.registryFile(kind));
  }

  /** The registry files' raw texts ('' for a missing one), for a cheap "unchanged?" check. */
  registryTexts(): string[] {
    return REGISTRY_KINDS.map((kind) => {
      try {
        return readFileSync(this.layout.registryFile(kind), 'utf8');
      } catch {
        return '';
      }
    });
  }

  async writeRegistry(kind: RegistryKind, entries: Registry[RegistryKind]): Promise<void> {
    await mkdir(this.layout.active, { recursive: true });
    await withLock(
      this.layout.locks,
      `registry-${kind}`,
      () => this.write(this.layout.registryFile(kind), stableStringify({ [kind]: entries })),
      this.lockOptions,
    );
  }

  async saveReport(scope: string, id: string, report: unknown): Promise<string> {
    const dir = this.reportDir(scope);
    await mkdir(dir, { recursive: true });
    const text = stableStringify(report);
    const file = path.join(dir, `${id}.json`);
    await this.write(file, text);
    await this.write(path.join(dir, 'latest.json'), text);
    return file;
  }

  async readReport(scope: string, id: string): Promise<unknown> {
    if (!/^[A-Za-z0-9._-]+$/.test(id)) return undefined;
    try {
      return parseJson(await readFile(path.join(this.reportDir(scope), `${id}.json`), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private reportDir(scope: string): string {
    if (!/^[A-Za-z0-9._-]+$/.test(scope) || scope.startsWith('.')) throw new BoError('BO_ERR_INPUT_INVALID', `invalid report scope "${scope}"`);
    return path.join(this.layout.reports, scope);
  }

  /** Temp files whose writer died (SIGKILL between write and rename) are removed. */
  private async removeAbandonedTemps(): Promise<void> {
    for (const dir of [this.layout.tasks, this.layout.archive]) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        continue;
      }
      for (const name of names) {
        if (!name.endsWith(TEMP_SUFFIX)) continue;
        const owner = tempFileOwner(name);
        if (owner !== undefined && owner !== process.pid && !isProcessAlive(owner)) {
          await rm(path.join(dir, name), { force: true });
        }
      }
    }
  }
}

/** A file's identity and version: an atomic rename always brings a new inode. */
const versionKey = (info: FileVersion) => `${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;


function corrupt(problem: StateProblem): BoError {
  return new BoError('BO_ERR_STATE_CORRUPT', problemText(problem), { file: problem.file });
}
