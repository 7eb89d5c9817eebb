/**
 * The store on PostgreSQL, for teams: any number of instances share one database. Tasks are rows
 * of `bo_tasks` (the task as a jsonb doc, a version, and the archive as `status IN (done,
 * cancelled)`); read-modify-write is a compare-and-set on the version, sent in groups by
 * TaskWriter (rows taken with FOR UPDATE SKIP LOCKED); creation holds a transaction advisory lock
 * so task numbers stay unique. Each process keeps the tasks it has read: a listing fetches only
 * the docs whose version changed (and, while listening, only those NOTIFY named since the last
 * full listing), done and cancelled tasks (which never change again) are read once, and NOTIFY
 * on every write tells `peek` and `readyVersion` what other instances did.
 */
import { randomBytes } from 'node:crypto';
import { BoError } from '../../core/errors.js';
import { parseJson, stableStringify } from '../../core/json.js';
import { REGISTRY_KINDS, type Registry, type RegistryKind } from '../../registry/schema.js';
import { FINISHED_STATUSES, Task } from '../../tasks/schema.js';
import { assertTaskId } from '../file/file-store.js';
import { registryFromTexts } from '../registry-text.js';
import type { CreateContext, StateProblem, Store, TaskMutation, TaskScope, TaskSnapshot } from '../types.js';
import type { PgConnection } from './connection.js';
import type { PgNotifications } from './notifications.js';
import { sortByTaskNumber } from '../../tasks/task-number.js';
import { parseTaskDoc, taskRow, type TaskRowInput } from './task-rows.js';
import { TaskWriter } from './task-writer.js';

/** Write tokens: unique across processes (a random prefix) and cheap (a counter). */
const PROCESS_TOKEN = randomBytes(6).toString('base64url');
let tokenCount = 0;
const token = () => `${PROCESS_TOKEN}.${(tokenCount++).toString(36)}`;
const isFinished = (task: Task) => FINISHED_STATUSES.includes(task.status);
const REPORT_NAME = /^[A-Za-z0-9._-]+$/;
/** A listing reads every active row at least this often (else only those NOTIFY named). */
const FULL_LISTING_MS = 30_000;
/** How long a write waits, in all, for a row other writers keep holding (each hold is one statement). */
const BUSY_WAIT_MS = 10_000;

type Query = (sql: string, params: readonly unknown[]) => Promise<object[]>;

interface Known {
  version: number;
  task: Task;
  /** Read from the database by this call (not a copy kept from earlier). */
  fresh: boolean;
}

export const INSERT_TASKS = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS i(id text, number integer, doc jsonb, status text, agent text, lease_until timestamptz, token text, history jsonb)
), inserted AS (
  INSERT INTO bo_tasks (id, number, status, version, doc, agent, lease_until, write_token)
  SELECT id, number, status, 1, doc, agent, lease_until, token FROM input
  RETURNING id, version, status
), history AS (
  INSERT INTO bo_task_history (task_id, at, from_status, to_status, actor, note)
  SELECT i.id, h.value->>'at', h.value->>'from', h.value->>'to', h.value->>'by', h.value->>'note'
  FROM input i CROSS JOIN LATERAL jsonb_array_elements(i.history) WITH ORDINALITY AS h(value, n)
  ORDER BY i.number, h.n
), notified AS (
  -- New tasks are in no one's memory yet: saying that some were created is enough (and stays small).
  SELECT pg_notify(current_schema() || '_bo_tasks', 'created') AS sent FROM inserted n HAVING count(*) > 0
)
SELECT n.id, (SELECT count(*) FROM notified) AS notices FROM inserted n`;

/** Active, archived or all rows; only the docs whose version differs from the one given ($1: id → version). */
const LIST_TASKS = `
SELECT t.id, t.version, t.archived, CASE WHEN k.version IS DISTINCT FROM t.version::text THEN t.doc END AS doc
FROM bo_tasks t LEFT JOIN jsonb_each_text($1::jsonb) AS k(id, version) ON k.id = t.id
WHERE $2::text = 'all' OR t.archived = ($2::text = 'archived')`;

export class PgStore implements Store {
  readonly kind = 'postgres';
  private readonly writer: TaskWriter;
  /** The active tasks as last read or written by this process (`stamp`: when, in remember calls). */
  private readonly active = new Map<string, { version: number; task: Task; stamp: number }>();
  private stamps = 0;
  /**
   * Set by a full listing made while listening: from then on, within the same listening epoch,
   * `active` is every active task (kept current by this process's writes and by NOTIFY), and a
   * listing only reads again the tasks heard changed.
   */
  private view: { epoch: number; at: number } | undefined;
  /** Tasks heard written at a newer version than kept. */
  private readonly stale = new Set<string>();
  /** Tasks were created since the last full listing (that NOTIFY does not name them). */
  private created = false;
  /** Active rows whose doc does not validate, as of the last listing. */
  private readonly damaged = new Map<string, StateProblem>();
  /** Done and cancelled tasks never change again: once read, they are never read twice. */
  private readonly archived = new Map<string, Task>();
  /** The version of every task object this store handed out (what `peek` compares). */
  private readonly versions = new WeakMap<Task, number>();
  /** The newest version heard of per task (own writes, reads, and other instances' NOTIFY). */
  private readonly heard = new Map<string, number>();
  private readyCount = 0;
  /** Leases seen to run out, and when the next known one does. */
  private lapses = 0;
  private nextLapse = Infinity;
  private creating: Promise<unknown> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly connection: PgConnection,
    private readonly notifications: PgNotifications,
  ) {
    // What a write did is known here before any caller continues: another agent of this process
    // must not try, in between, a task that has just been taken.
    this.writer = new TaskWriter(connection, (write, outcome) => {
      if (outcome.kind === 'written') this.remember(write.row.doc, outcome.version);
      else if (outcome.kind === 'changed' && outcome.version > (this.heard.get(write.row.id) ?? 0)) this.heard.set(write.row.id, outcome.version);
    });
  }

  get label(): string {
    return this.connection.label;
  }

  async init(): Promise<void> {
    await this.connection.ready();
  }

  // ── what other instances did ───────────────────────────────────────────────────────────────

  private listen(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.notifications.subscribe('bo_tasks', (payload) => {
      if (payload === 'created') {
        this.created = true;
        this.readyCount++;
        return;
      }
      for (const entry of payload.split(',')) {
        const [id, version, status] = entry.split(' ');
        if (!id || !version) continue;
        this.hear(id, Number(version), status);
      }
    });
    this.notifications.start();
  }

  /** Calls `onChange` after every task write NOTIFY announces (any instance's, this one's too). */
  watch(onChange: () => void): () => void {
    const stop = this.notifications.subscribe('bo_tasks', () => onChange());
    const stopState = this.notifications.onStateChange(() => onChange()); // reconnected: something may have been missed
    this.notifications.start();
    return () => {
      stop();
      stopState();
    };
  }

  private hear(id: string, version: number, status: string | undefined): void {
    if (version > (this.heard.get(id) ?? 0)) this.heard.set(id, version);
    if (!this.archived.has(id) && version > (this.active.get(id)?.version ?? 0)) this.stale.add(id);
    if (status === 'ready' || status === 'done') this.readyCount++;
  }

  /**
   * `changed` when a newer version of the task was written since this object was read (by this
   * process, or by another instance as NOTIFY told); `unknown` while not listening.
   */
  peek(task: Task): 'unchanged' | 'changed' | 'busy' | 'unknown' {
    this.listen();
    const version = this.versions.get(task);
    if (version === undefined || !this.notifications.live) return 'unknown';
    if ((this.heard.get(task.id) ?? 0) > version) return 'changed';
    return this.writer.busy(task.id) ? 'busy' : 'unchanged';
  }

  /**
   * Changes whenever a task was created or moved to ready or done, here or on another instance,
   * and when the lease of a claimed task this process knows of runs out (nothing is written then,
   * but the task is claimable again).
   */
  readyVersion(): string {
    this.listen();
    // Not listening: notifications may have been missed, so every call looks like a change.
    if (!this.notifications.live) return `offline:${token()}`;
    const now = Date.now();
    if (now >= this.nextLapse) {
      this.lapses++;
      this.nextLapse = Infinity;
      for (const { task } of this.active.values()) {
        const end = leaseEnd(task);
        if (end > now && end < this.nextLapse) this.nextLapse = end;
      }
    }
    return `${this.notifications.epoch}:${this.readyCount}:${this.lapses}`;
  }

  // ── reading ─────────────────────────────────────────────────────────────────────────────────

  private remember(task: Task, version: number): void {
    this.versions.set(task, version);
    const newest = this.heard.get(task.id) ?? 0;
    // A read that started before a write this process made (or heard of) is older than what is
    // kept; and a task once archived never comes back.
    if (version < newest && (this.active.get(task.id)?.version ?? 0) >= version) return;
    if (this.archived.has(task.id) && !isFinished(task)) return;
    if (version > newest) this.heard.set(task.id, version);
    if (isFinished(task)) {
      this.active.delete(task.id);
      this.archived.set(task.id, task);
    } else {
      this.active.set(task.id, { version, task, stamp: ++this.stamps });
      this.nextLapse = Math.min(this.nextLapse, leaseEnd(task));
    }
  }

  /**
   * Listings asked for while one is running share the next one, which starts when the running one
   * ends: every caller gets a listing begun after its call (never an older one), and a crowd of
   * agents asking at once costs two listings, not one each.
   */
  listTasks(scope: TaskScope = 'active'): Promise<TaskSnapshot> {
    const slot = this.listings[scope];
    if (!slot.running) {
      slot.running = this.list(scope, (sql, params) => this.connection.query(sql, params)).finally(() => (slot.running = undefined));
      return slot.running.then(copySnapshot);
    }
    slot.next ??= slot.running
      .catch(() => undefined)
      .then(() => {
        slot.next = undefined;
        return this.listTasks(scope);
      });
    return slot.next.then(copySnapshot);
  }

  private readonly listings: Record<TaskScope, { running?: Promise<TaskSnapshot> | undefined; next?: Promise<TaskSnapshot> | undefined }> = { active: {}, archived: {}, all: {} };

  /** The listing through `query` (the pool, or the connection of a transaction under way). */
  private async list(scope: TaskScope, query: Query): Promise<TaskSnapshot> {
    if (scope === 'active' && (await this.viewHolds())) return this.listChanged(query);
    return this.listAll(scope, query);
  }

  /**
   * Is the kept view of the active tasks complete? Only within the listening epoch it was made in,
   * with no task created since (NOTIFY does not name new ones), not older than FULL_LISTING_MS
   * (rows changed by hand, without NOTIFY, are seen then), and once every notification committed
   * before now has arrived.
   */
  private async viewHolds(): Promise<boolean> {
    const view = this.view;
    const fresh = () =>
      view !== undefined && this.view === view && this.unsubscribe !== undefined && view.epoch === this.notifications.epoch && !this.created && Date.now() - view.at < FULL_LISTING_MS;
    return fresh() && (await this.notifications.sync()) && fresh();
  }

  /** The kept view, with the tasks heard changed (and damaged ones) read again. */
  private async listChanged(query: Query): Promise<TaskSnapshot> {
    const ids = [...new Set([...this.stale, ...this.damaged.keys()])];
    for (const id of ids) this.stale.delete(id);
    if (ids.length > 0) {
      const rows = (await query('SELECT id, version, archived, doc FROM bo_tasks WHERE id = ANY($1::text[])', [ids])) as { id: string; version: number; archived: boolean; doc: unknown }[];
      const found = new Set(rows.map((row) => row.id));
      for (const row of rows) this.take(row);
      for (const id of ids) {
        if (found.has(id)) continue;
        this.active.delete(id);
        this.damaged.delete(id);
      }
    }
    const tasks = sortByTaskNumber([...this.active.values()].map((entry) => entry.task));
    return { tasks, problems: [...this.damaged.values()] };
  }

  /** A row read now: kept (active or archived), or recorded as damaged. */
  private take(row: { id: string; version: number; archived: boolean; doc: unknown }): Task | undefined {
    const parsed = parseTaskDoc(this.label, row.id, row.doc);
    if ('problem' in parsed) {
      this.active.delete(row.id);
      this.damaged.set(row.id, parsed.problem);
      return undefined;
    }
    this.damaged.delete(row.id);
    this.remember(parsed.task, row.version);
    // Heard of a newer version than this read saw: read it again next time.
    if ((this.heard.get(row.id) ?? 0) > row.version && !row.archived) this.stale.add(row.id);
    return parsed.task;
  }

  private async listAll(scope: TaskScope, query: Query): Promise<TaskSnapshot> {
    // The view can be kept current only while this store hears task writes (peek, readyVersion).
    const listening = this.unsubscribe && this.notifications.live ? this.notifications.epoch : undefined;
    const startStamp = this.stamps;
    if (scope !== 'archived') this.created = false;
    const known: Record<string, string> = {};
    if (scope !== 'archived') for (const [id, entry] of this.active) known[id] = String(entry.version);
    // Archived tasks are immutable: any version of one kept here is the current one.
    if (scope !== 'active') for (const [id] of this.archived) known[id] = String(this.versions.get(this.archived.get(id) as Task) ?? 0);
    const rows = (await query(LIST_TASKS, [JSON.stringify(known), scope])) as { id: string; version: number; archived: boolean; doc: unknown }[];
    const snapshot: TaskSnapshot = { tasks: [], problems: [] };
    const seen = new Set<string>();
    if (scope !== 'archived') this.damaged.clear();
    for (const row of rows) {
      seen.add(row.id);
      const kept = row.archived ? this.archived.get(row.id) : this.active.get(row.id)?.task;
      if (row.doc === null && kept) {
        snapshot.tasks.push(kept);
        continue;
      }
      // Unchanged, but no longer kept (archived by this process while the listing ran): as stored now.
      const current = row.doc === null ? ((await query('SELECT id, version, archived, doc FROM bo_tasks WHERE id = $1', [row.id])) as (typeof rows)[number][])[0] : row;
      if (!current) continue;
      const task = this.take(current);
      if (task) snapshot.tasks.push(task);
      else snapshot.problems.push(this.damaged.get(row.id) as StateProblem);
    }
    if (scope !== 'archived') {
      // Gone from the active rows (archived by another instance since, or deleted): no longer
      // kept as active, unless this process wrote it after the listing began.
      for (const [id, entry] of [...this.active]) if (!seen.has(id) && entry.stamp <= startStamp) this.active.delete(id);
      if (listening !== undefined && this.unsubscribe && this.notifications.live && this.notifications.epoch === listening) this.view = { epoch: listening, at: Date.now() };
    }
    snapshot.tasks = sortByTaskNumber(snapshot.tasks);
    return snapshot;
  }

  /** The stored task and its version, read now. */
  private async fetch(id: string, query: Query = (sql, params) => this.connection.query(sql, params)): Promise<Known | undefined> {
    const [row] = (await query('SELECT version, doc FROM bo_tasks WHERE id = $1', [id])) as { version: number; doc: unknown }[];
    if (!row) return undefined;
    const parsed = parseTaskDoc(this.label, id, row.doc);
    if ('problem' in parsed) throw corrupt(parsed.problem);
    this.remember(parsed.task, row.version);
    return { version: row.version, task: parsed.task, fresh: true };
  }

  async getTask(id: string): Promise<Task | undefined> {
    assertTaskId(id);
    return this.archived.get(id) ?? (await this.fetch(id))?.task;
  }

  // ── writing ─────────────────────────────────────────────────────────────────────────────────

  createTasks(build: (context: CreateContext) => Promise<Task[]> | Task[]): Promise<Task[]> {
    // One creator per process at a time: the others would only hold pool connections while they
    // wait for the advisory lock.
    const turn = this.creating.then(() => this.createLocked(build));
    this.creating = turn.catch(() => undefined);
    return turn;
  }

  private async createLocked(build: (context: CreateContext) => Promise<Task[]> | Task[]): Promise<Task[]> {
    const writeToken = token();
    let created: Task[] = [];
    await this.connection.transaction<Task[]>(
      async (client) => {
        // The creation lock: one creator at a time across every instance, so numbers are unique.
        await client.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':bo_tasks_create'))`);
        const [{ highest }] = (await client.query<{ highest: number }>('SELECT coalesce(max(number), 0)::integer AS highest FROM bo_tasks')).rows as [{ highest: number }];
        // Read through the transaction's own connection: waiting creators hold the others.
        const query: Query = async (sql, params) => (await client.query(sql, params as unknown[])).rows;
        const { tasks: active } = await this.listAll('active', query);
        const lookup = async (id: string) => {
          assertTaskId(id);
          return this.archived.get(id) ?? (await this.fetch(id, query))?.task;
        };
        created = await build({ active, lookup, nextNumber: highest + 1 });
        for (const task of created) assertTaskId(task.id);
        if (created.length === 0) return created;
        const rows: TaskRowInput[] = created.map((task) => taskRow(task, writeToken));
        await client.query(INSERT_TASKS, [JSON.stringify(rows)]);
        return created;
      },
      // The COMMIT's answer was lost: the tasks are there (with our token) or nothing is.
      async () => {
        if (created.length === 0) return undefined;
        const [row] = await this.connection.query<{ write_token: string | null }>('SELECT write_token FROM bo_tasks WHERE id = $1', [(created[0] as Task).id]);
        return row?.write_token === writeToken ? created : undefined;
      },
    );
    for (const task of created) this.remember(normalised(task), 1);
    if (created.length > 0) this.readyCount++;
    return created;
  }

  async updateTask(id: string, mutate: TaskMutation, options: { noWait?: boolean } = {}): Promise<{ task: Task; changed: boolean }> {
    assertTaskId(id);
    const archived = this.archived.get(id);
    const kept = this.active.get(id);
    let base: Known | undefined = archived
      ? { version: this.versions.get(archived) ?? 0, task: archived, fresh: true }
      : kept
        ? { ...kept, fresh: false }
        : await this.fetch(id);
    const deadline = Date.now() + BUSY_WAIT_MS;
    for (let round = 0; ; round++) {
      if (!base) throw new BoError('BO_ERR_TASK_NOT_FOUND', `task ${id} not found`);
      if (isFinished(base.task)) {
        if (mutate(base.task) !== undefined) throw new BoError('BO_ERR_TASK_CONFLICT', `task ${id} is ${base.task.status} and archived; it can no longer change`);
        return { task: base.task, changed: false };
      }
      let next: Task | undefined;
      try {
        next = mutate(base.task);
      } catch (error) {
        // A copy kept from earlier may be stale: only the stored task decides a refusal.
        if (base.fresh) throw error;
        base = await this.fetch(id);
        continue;
      }
      if (next === undefined) {
        if (base.fresh) return { task: base.task, changed: false };
        base = await this.fetch(id);
        continue;
      }
      const row = taskRow(next, token(), base.task);
      const outcome = await this.writer.write({ row, expected: base.version });
      if (outcome.kind === 'written') {
        this.remember(next, outcome.version);
        if (next.status !== base.task.status && (next.status === 'ready' || next.status === 'done')) this.readyCount++;
        return { task: next, changed: true };
      }
      if (outcome.kind === 'missing') throw new BoError('BO_ERR_TASK_NOT_FOUND', `task ${id} not found`);
      if (outcome.kind === 'changed') {
        const parsed = parseTaskDoc(this.label, id, outcome.doc);
        if ('problem' in parsed) throw corrupt(parsed.problem);
        this.remember(parsed.task, outcome.version);
        base = { version: outcome.version, task: parsed.task, fresh: true };
        continue;
      }
      // busy: another statement holds the row this instant.
      if (options.noWait) throw new BoError('BO_ERR_LOCK_BUSY', `task ${id} is being changed by another writer right now`);
      if (Date.now() > deadline) throw new BoError('BO_ERR_LOCK_TIMEOUT', `task ${id} stayed locked by other writers for ${BUSY_WAIT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, Math.min(2 ** round, 50)));
    }
  }

  // ── registry ────────────────────────────────────────────────────────────────────────────────

  /**
   * The newest snapshot's text per kind; a kind never written reads as empty, in the text the
   * file store's init writes for it, so that equal registries give equal stamps on both stores.
   */
  async registryTexts(): Promise<string[]> {
    const rows = await this.connection.query<{ kind: string; body: string }>('SELECT DISTINCT ON (kind) kind, body FROM bo_registry_snapshots ORDER BY kind, seq DESC');
    const byKind = new Map(rows.map((row) => [row.kind, row.body]));
    return REGISTRY_KINDS.map((kind) => byKind.get(kind) ?? stableStringify({ [kind]: [] }));
  }

  async readRegistry(): Promise<{ registry: Registry; problems: StateProblem[] }> {
    return registryFromTexts(await this.registryTexts(), (kind) => `postgres://${this.label}/bo_registry_snapshots/${kind}`);
  }

  async writeRegistry(kind: RegistryKind, entries: Registry[RegistryKind]): Promise<void> {
    // Snapshots are kept (the newest is the registry); older ones beyond the last 50 go.
    await this.connection.query(
      `WITH added AS (INSERT INTO bo_registry_snapshots (kind, body) VALUES ($1, $2) RETURNING seq)
       DELETE FROM bo_registry_snapshots WHERE kind = $1 AND seq IN (SELECT seq FROM bo_registry_snapshots WHERE kind = $1 ORDER BY seq DESC OFFSET 50)`,
      [kind, stableStringify({ [kind]: entries })],
    );
  }

  // ── reports ─────────────────────────────────────────────────────────────────────────────────

  async saveReport(scope: string, id: string, report: unknown): Promise<string> {
    checkScope(scope);
    if (!REPORT_NAME.test(id)) throw new BoError('BO_ERR_INPUT_INVALID', `invalid report id "${id}"`);
    await this.connection.query(
      `INSERT INTO bo_reports (scope, id, body, saved_seq) VALUES ($1, $2, $3, nextval('bo_report_saves'))
       ON CONFLICT (scope, id) DO UPDATE SET body = excluded.body, saved_seq = excluded.saved_seq, saved_at = now()`,
      [scope, id, stableStringify(report)],
    );
    return `postgres://${this.label}/bo_reports/${scope}/${id}`;
  }

  async readReport(scope: string, id: string): Promise<unknown> {
    if (!REPORT_NAME.test(id)) return undefined;
    checkScope(scope);
    const rows =
      id === 'latest'
        ? await this.connection.query<{ body: string }>('SELECT body FROM bo_reports WHERE scope = $1 ORDER BY saved_seq DESC LIMIT 1', [scope])
        : await this.connection.query<{ body: string }>('SELECT body FROM bo_reports WHERE scope = $1 AND id = $2', [scope, id]);
    return rows[0] ? parseJson(rows[0].body) : undefined;
  }

  /** Stops listening; the connection itself belongs to whoever opened the store. */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.view = undefined;
  }
}

/** When a claimed task's lease runs out (Infinity for a task nobody holds). */
const leaseEnd = (task: Task): number => ((task.status === 'in_progress' || task.status === 'validating') && task.claim ? Date.parse(task.claim.leaseUntil) : Infinity);

/** Each caller gets arrays of its own (the engine sorts and filters them); the tasks are shared, never changed. */
const copySnapshot = (snapshot: TaskSnapshot): TaskSnapshot => ({ tasks: [...snapshot.tasks], problems: [...snapshot.problems] });

function checkScope(scope: string): void {
  if (!REPORT_NAME.test(scope) || scope.startsWith('.')) throw new BoError('BO_ERR_INPUT_INVALID', `invalid report scope "${scope}"`);
}

/** The task as the database gives it back (JSON has no undefined): what later reads return. */
const normalised = (task: Task): Task => Task.parse(JSON.parse(JSON.stringify(task)));

function corrupt(problem: StateProblem): BoError {
  return new BoError('BO_ERR_STATE_CORRUPT', `${problem.file}: ${problem.message}`, { file: problem.file });
}

