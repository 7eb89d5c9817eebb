/**
 * The state store: where tasks, the registry and (later) reports and events live. The file store
 * serves one machine; a PostgreSQL store implements the same interface for teams. Every method
 * is safe to call from many processes at once.
 */
import type { Registry, RegistryKind } from '../registry/schema.js';
import type { Task } from '../tasks/schema.js';

/** A state file that could not be read, and why: reported, never fatal to the rest. */
export interface StateProblem {
  file: string;
  message: string;
  line?: number;
  column?: number;
}

export interface TaskSnapshot {
  tasks: Task[];
  problems: StateProblem[];
}

export type TaskScope = 'active' | 'archived' | 'all';

export interface CreateContext {
  /** The active tasks (not archived). */
  active: readonly Task[];
  /** Looks a task up among the active ones and the archive. */
  lookup(id: string): Promise<Task | undefined>;
  /** The number to use for the first new task id (`task-<NNN>-…`). */
  nextNumber: number;
}

/** What `updateTask`'s function returns: the new task, or `undefined` to leave it unchanged. */
export type TaskMutation = (task: Task) => Task | undefined;

export interface Store {
  readonly kind: string;
  /** Creates the layout if missing. Idempotent. */
  init(): Promise<void>;
  /** Active tasks (the default), archived ones, or both. */
  listTasks(scope?: TaskScope): Promise<TaskSnapshot>;
  /** An active or archived task, or undefined. */
  getTask(id: string): Promise<Task | undefined>;
  /** Builds and writes new tasks while holding the store's creation lock (ids stay unique). */
  createTasks(build: (context: CreateContext) => Promise<Task[]> | Task[]): Promise<Task[]>;
  /**
   * Read-modify-write of one task under its lock. A task whose new status is done or cancelled
   * moves to the archive. Throws BO_ERR_TASK_NOT_FOUND when there is no such task, and with
   * `noWait` BO_ERR_LOCK_BUSY instead of waiting while another writer holds the task.
   */
  updateTask(id: string, mutate: TaskMutation, options?: { noWait?: boolean }): Promise<{ task: Task; changed: boolean }>;
  /**
   * Optional fast check for claim loops: is `task` (an object this store returned) still what is
   * stored? `changed` when it was rewritten since, `busy` when a writer holds it right now,
   * `unknown` when the store cannot tell cheaply.
   */
  peek?(task: Task): 'unchanged' | 'changed' | 'busy' | 'unknown';
  /**
   * Optional: a token that changes whenever a task may have become claimable (created, or moved
   * to ready or done, which can free its dependents). Claim loops use it to skip re-reading every
   * task when nothing new can be there; it is read before a listing, so a change during the
   * listing is seen next time.
   */
  readyVersion?(): string;
  /**
   * Optional: calls `onChange` whenever a task may have changed, on this or any other instance
   * (until the returned function is called), so that a server can drop a listing it keeps. Stores
   * that cannot tell leave it out or answer undefined (a file store without a live index).
   */
  watch?(onChange: () => void): (() => void) | undefined;
  readRegistry(): Promise<{ registry: Registry; problems: StateProblem[] }>;
  /**
   * The registry's stored texts, one per kind in REGISTRY_KINDS order (a kind never written: ''
   * or its empty text): hashed into the scan cache's "registry unchanged?" stamp.
   */
  registryTexts(): string[] | Promise<string[]>;
  /**
   * Saves a gate report under `reports/<scope>/<id>.json` and as `reports/<scope>/latest.json`
   * (scope: `project` for `bo check`, a task id for `bo submit`). Returns where it went.
   */
  saveReport(scope: string, id: string, report: unknown): Promise<string>;
  /** A saved report (`latest` for the newest), or undefined. */
  readReport(scope: string, id: string): Promise<unknown>;
  writeRegistry(kind: RegistryKind, entries: Registry[RegistryKind]): Promise<void>;
  /** Optional: releases connections and listeners (PostgreSQL); the file store holds none. */
  close?(): void | Promise<void>;
}
