/**
 * The task engine: the lifecycle rules of the product spec (section 5) applied to a store.
 * The rules themselves are pure (lifecycle, graph, rank); this module reads, decides and writes.
 */
import type { Config } from '../config/schema.js';
import { BoError, isBoError } from '../core/errors.js';
import { check } from '../core/validation.js';
import { REQUIREMENT_GATES, type Skill } from '../skills/builtin.js';
import { skillCatalog } from '../skills/catalog.js';
import { routeTask } from '../skills/route.js';
import type { StateProblem, Store } from '../store/types.js';
import { CandidateQueue } from './candidate-queue.js';
import { findCycle, unblockCounts } from './graph.js';
import { taskId } from './ids.js';
import * as life from './lifecycle.js';
import { rankTasks, selectBatch } from './rank.js';
import { resolveTargets } from './targets.js';
import { TASK_ID_PATTERN, TaskInput, type Task, type TaskStatus } from './schema.js';

/** A lifecycle event for the outbox (`backend.task.created`, `.claimed`, `.progress`, `.blocked`…). */
export interface TaskEvent {
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

export interface EngineOptions {
  store: Store;
  config: Config;
  now?: () => Date;
  /** Publishes lifecycle events (the outbox); without it, none are sent. */
  publish?: (events: TaskEvent[]) => Promise<unknown>;
}

const taskData = (task: Task): Record<string, unknown> => ({
  task: task.id,
  title: task.title,
  skill: task.skill,
  status: task.status,
  priority: task.priority,
  ...(task.targets.length ? { targets: task.targets } : {}),
  ...(task.claim ? { agent: task.claim.agent, leaseUntil: task.claim.leaseUntil } : {}),
});

export interface TaskFilter {
  status?: TaskStatus | undefined;
  skill?: string | undefined;
  agent?: string | undefined;
  archived?: boolean | undefined;
}

export interface Listing {
  tasks: Task[];
  problems: StateProblem[];
}

const minutes = (n: number) => Math.round(n * 60_000);

/** What `task` waits on, with each dependency looked up in `lookup` (undefined: missing). */
function dependencyStateOf(task: Task, lookup: (id: string) => Task | undefined): life.DependencyState {
  if (task.dependencies.length === 0) return NO_DEPENDENCIES;
  const waitingOn: life.DependencyState['waitingOn'] = [];
  for (const dep of task.dependencies) {
    const found = lookup(dep);
    if (!found) waitingOn.push({ id: dep, status: 'missing' });
    else if (found.status !== 'done') waitingOn.push({ id: dep, status: found.status });
  }
  return { waitingOn };
}

const NO_DEPENDENCIES: life.DependencyState = { waitingOn: [] };

const dependencyEdges = (tasks: readonly Task[]) => new Map(tasks.map((task) => [task.id, task.dependencies]));

/** How long `claimNext` may reuse its ranked candidates before reading the tasks again. */
export const CANDIDATE_TTL_MS = 10_000;

/** Ranked ready tasks, kept between claims (see `claimNext`). */
interface Candidates {
  at: number;
  readyVersion: string | undefined;
  queue: CandidateQueue;
  known: Map<string, Task>;
  rankOf: (task: Task) => string;
}

interface CandidateSlot {
  current?: Candidates;
  refreshing?: Promise<Candidates>;
}

/**
 * Candidates per store object and claim kind (skill, batch), shared by every engine of this
 * process over that store: the agents one server or worker serves take turns on one ranked queue
 * instead of each listing every task and then racing the others for the same top candidates.
 */
const sharedCandidates = new WeakMap<Store, Map<string, CandidateSlot>>();

export class TaskEngine {
  readonly store: Store;
  readonly config: Config;
  readonly skills: Skill[];
  private readonly now: () => Date;
  private readonly publishEvents: EngineOptions['publish'];

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.config = options.config;
    this.skills = skillCatalog(options.config);
    this.now = options.now ?? (() => new Date());
    this.publishEvents = options.publish;
  }

  /** Publishes after the change is stored: an event never announces what did not happen. */
  private async emit(type: string, tasks: readonly Task[], extra: (task: Task) => Record<string, unknown> = () => ({})): Promise<void> {
    if (!this.publishEvents || tasks.length === 0) return;
    await this.publishEvents(tasks.map((task) => ({ type, subject: task.id, data: { ...taskData(task), ...extra(task) } })));
  }

  get defaultLeaseMs(): number {
    return minutes(this.config.tasks.leaseMinutes);
  }

  // ── creating ────────────────────────────────────────────────────────────────────────────

  /** Creates tasks from inputs; `depends` may name existing task ids or `key`s in the same batch. */
  async add(rawInputs: readonly unknown[], actor: string, options: { source?: NonNullable<Task['source']> } = {}): Promise<Task[]> {
    const inputs = rawInputs.map((raw, index) => {
      const result = check(TaskInput, raw);
      if (!result.ok) {
        const where = rawInputs.length > 1 ? `task ${index + 1}: ` : '';
        throw new BoError('BO_ERR_INPUT_INVALID', `${where}${result.errors.join('; ')}`);
      }
      return result.value;
    });
    const routed = inputs.map((input) => ({
      input,
      route: routeTask(
        { title: input.title, requirements: input.requirements, type: input.type, skill: input.skill },
        this.skills,
        this.config.routing,
      ),
    }));
    const keys = new Map<string, number>();
    inputs.forEach((input, index) => {
      if (input.key === undefined) return;
      if (keys.has(input.key)) throw new BoError('BO_ERR_INPUT_INVALID', `task key "${input.key}" is used twice`);
      keys.set(input.key, index);
    });

    // Targets are matched to the registry as it is now (a damaged registry file just matches less).
    const { registry } = await this.store.readRegistry();
    const targets = inputs.map((input) => resolveTargets(input.targets ?? [], input.title, registry));

    const created = await this.store.createTasks(async ({ active, lookup, nextNumber }) => {
      const now = this.now();
      const at = now.toISOString();
      const ids = inputs.map((input, index) => taskId(nextNumber + index, input.title));
      const known = new Map<string, Task>(active.map((task) => [task.id, task]));
      const resolveDependency = async (ref: string, owner: string): Promise<string> => {
        const batchIndex = keys.get(ref);
        if (batchIndex !== undefined) return ids[batchIndex] as string;
        if (!TASK_ID_PATTERN.test(ref)) {
          throw new BoError('BO_ERR_TASK_DEPENDENCY_UNKNOWN', `${owner} depends on "${ref}", which is neither a task id nor a key in this batch`);
        }
        const existing = known.get(ref) ?? (await lookup(ref));
        if (!existing) throw new BoError('BO_ERR_TASK_DEPENDENCY_UNKNOWN', `${owner} depends on unknown task ${ref}`);
        known.set(existing.id, existing);
        return existing.id;
      };

      const created: Task[] = [];
      for (const [index, { input, route }] of routed.entries()) {
        const id = ids[index] as string;
        const dependencies: string[] = [];
        for (const ref of input.depends ?? []) {
          const dep = await resolveDependency(ref, id);
          if (!dependencies.includes(dep)) dependencies.push(dep);
        }
        created.push({ ...this.buildTask(id, { ...input, targets: targets[index] }, route, dependencies, at), source: options.source ?? null });
      }

      const edges = new Map<string, string[]>([...known.values(), ...created].map((task) => [task.id, task.dependencies]));
      const cycle = findCycle(edges);
      if (cycle) throw new BoError('BO_ERR_TASK_DEPENDENCY_CYCLE', `dependency cycle: ${cycle.join(' → ')}`, { cycle });

      // A new task waits if any dependency is not done yet (in the batch, or existing and unfinished).
      const status = new Map<string, TaskStatus>([...known.values()].map((task) => [task.id, task.status]));
      return created.map((task) => {
        const waiting = task.dependencies.some((dep) => status.get(dep) !== 'done');
        const initial: TaskStatus = waiting ? 'pending' : 'ready';
        return { ...task, status: initial, history: [{ at, from: null, to: initial, by: actor, note: 'created' }] };
      });
    });
    await this.emit('backend.task.created', created, (task) => ({ requirements: task.requirements, ...(task.source ? { request: task.source } : {}) }));
    return created;
  }

  private buildTask(
    id: string,
    input: TaskInput,
    route: { skill: string; type: string },
    dependencies: string[],
    at: string,
  ): Task {
    const skill = this.skills.find((s) => s.name === route.skill);
    const requirements = input.requirements ?? [];
    const gates = [...(skill?.gates ?? [])];
    for (const requirement of requirements) {
      const gate = REQUIREMENT_GATES[requirement.toLowerCase()];
      if (gate && !gates.includes(gate)) gates.push(gate);
    }
    return {
      id,
      title: input.title.trim(),
      description: input.description ?? '',
      type: route.type,
      skill: route.skill,
      status: 'pending',
      priority: input.priority ?? this.config.tasks.defaultPriority,
      requirements,
      targets: input.targets ?? [],
      dependencies,
      claim: null,
      attempts: 0,
      history: [],
      progress: [],
      criteria: { gates, thresholds: { ...this.config.thresholds } },
      result: null,
      source: null,
      createdAt: at,
      updatedAt: at,
    };
  }

  // ── reading ─────────────────────────────────────────────────────────────────────────────

  /**
   * The active tasks (and archived ones on request), with lapsed leases and finished
   * dependencies applied first, so what is shown is what `next` and `claim` will act on.
   */
  async list(filter: TaskFilter = {}): Promise<Listing> {
    const snapshot = await this.store.listTasks('active');
    const tasks = await this.reconcileAll(snapshot.tasks);
    const problems = [...snapshot.problems];
    if (filter.archived) {
      const archived = await this.store.listTasks('archived');
      tasks.push(...archived.tasks);
      problems.push(...archived.problems);
    }
    return {
      problems,
      tasks: tasks.filter(
        (task) =>
          (!filter.status || task.status === filter.status) &&
          (!filter.skill || task.skill === filter.skill || task.skill === `${filter.skill}-skill`) &&
          (!filter.agent || task.claim?.agent === filter.agent),
      ),
    };
  }

  async show(id: string): Promise<Task> {
    const task = await this.store.getTask(id);
    if (!task) throw new BoError('BO_ERR_TASK_NOT_FOUND', `task ${id} not found`);
    if (life.isFinished(task)) return task;
    return this.reconcileOne(task);
  }

  /** The best ready task(s): ranked; with `batch`, up to N with disjoint targets. */
  async next(options: { skill?: string | undefined; batch?: number | undefined } = {}): Promise<Task[]> {
    const { tasks } = await this.list();
    return this.pick(tasks, options);
  }

  private ranked(tasks: readonly Task[], skill: string | undefined, unblocks: ReadonlyMap<string, number> = unblockCounts(dependencyEdges(tasks))): Task[] {
    const ready = tasks.filter(
      (task) => task.status === 'ready' && (!skill || task.skill === skill || task.skill === `${skill}-skill`),
    );
    return rankTasks(ready, unblocks);
  }

  private pick(tasks: readonly Task[], options: { skill?: string | undefined; batch?: number | undefined }, unblocks?: ReadonlyMap<string, number>): Task[] {
    const ranked = this.ranked(tasks, options.skill, unblocks);
    if (options.batch === undefined) return ranked.slice(0, 1);
    const busy = tasks.filter((task) => task.status === 'in_progress').flatMap((task) => task.targets);
    return selectBatch(ranked, options.batch, busy);
  }

  // ── claims and monitoring ───────────────────────────────────────────────────────────────

  async claim(id: string, agent: string, leaseMs = this.defaultLeaseMs, known?: ReadonlyMap<string, Task>, noWait = false): Promise<Task> {
    const task = known?.get(id) ?? (await this.store.getTask(id));
    if (!task) throw new BoError('BO_ERR_TASK_NOT_FOUND', `task ${id} not found`);
    const deps = await this.dependencyState(task, known);
    // The claim itself re-reads the task under its lock; a lapsed lease is expired there.
    // Decided under the lock from the task as it was, not from timestamps: a renewal in the
    // same millisecond as the claim looks just like a new claim afterwards.
    let renewal = false;
    const { task: claimed, changed } = await this.store.updateTask(
      id,
      (current) => {
        const now = this.now();
        renewal = life.isLiveClaim(current, now);
        return life.claimTask(current, agent, leaseMs, deps, now);
      },
      { noWait },
    );
    // A renewal by the holder adds no history entry and announces nothing.
    if (changed && !renewal) await this.emit('backend.task.claimed', [claimed]);
    return claimed;
  }

  /**
   * Claims the best ready task(s) for `agent`. Candidates are tried in rank order; one that
   * another agent took in the meantime is skipped, so concurrent callers never share a task.
   * A long-lived caller (a server, a worker loop) reuses the ranked candidates for up to
   * `CANDIDATE_TTL_MS` instead of re-reading every task per claim, and shares them with the
   * other engines of this process over the same store; each claim still re-checks the task
   * under its lock, so a stale candidate can only be skipped, never double-claimed.
   */
  async claimNext(options: { agent: string; skill?: string | undefined; batch?: number | undefined; leaseMs?: number | undefined }): Promise<Task[]> {
    const want = options.batch ?? 1;
    const slot = this.candidateSlot(`${options.skill ?? ''}|${options.batch ?? ''}`);
    const claimed: Task[] = [];
    const kept = slot.current && Date.now() - slot.current.at < CANDIDATE_TTL_MS ? slot.current : undefined;
    for (const refresh of kept ? [false, true] : [true]) {
      let state: Candidates;
      if (refresh) {
        // Nothing can have become ready since our listing if the store says no task became ready
        // or done since (claims never make work): then an exhausted queue means there is none.
        const version = this.store.readyVersion?.();
        if (kept && version !== undefined && version === kept.readyVersion) break;
        state = await this.refreshCandidates(slot, version, options);
      } else {
        state = kept as Candidates;
      }
      // A candidate whose lock is held is being claimed by someone else right now: rather than
      // queue behind them (a thundering herd on the top task), try the next one, and come back
      // to the busy ones, waiting this time, only if nothing else was free.
      const busy: Task[] = [];
      for (const wait of [false, true]) {
        const queue = wait ? new CandidateQueue(busy.splice(0)) : state.queue;
        while (claimed.length < want && queue.size > 0) {
          const candidate = queue.take() as Task;
          // A cheap look first: a candidate rewritten since the listing was almost surely taken
          // by another agent; skip it (the next listing shows it again if it is ready after all).
          const seen = this.store.peek?.(candidate) ?? 'unknown';
          let lost = seen === 'changed';
          if (seen === 'unknown') {
            const current = await this.store.getTask(candidate.id).catch(() => undefined);
            lost = !current || current.status !== 'ready';
          }
          if (seen === 'busy' && !wait) busy.push(candidate);
          else if (!lost) {
            try {
              claimed.push(await this.claim(candidate.id, options.agent, options.leaseMs ?? this.defaultLeaseMs, state.known, !wait));
              continue;
            } catch (error) {
              if (isBoError(error) && error.code === 'BO_ERR_LOCK_BUSY') busy.push(candidate);
              else if (!isBoError(error) || (error.code !== 'BO_ERR_TASK_CLAIMED' && error.code !== 'BO_ERR_TASK_CONFLICT')) throw error;
              // Lost a race: other agents walk the same ranking. Shuffle the next few equally
              // ranked candidates so that we stop trailing each other (an agent alone never
              // gets here; a stale candidate skipped by the cheap look above costs no shuffle).
              queue.spreadEqualRanks(state.rankOf);
            }
          }
        }
      }
      if (claimed.length >= want) break;
    }
    return claimed;
  }

  private candidateSlot(key: string): CandidateSlot {
    let byKey = sharedCandidates.get(this.store);
    if (!byKey) sharedCandidates.set(this.store, (byKey = new Map()));
    let slot = byKey.get(key);
    if (!slot) byKey.set(key, (slot = {}));
    return slot;
  }

  /** Lists and ranks the ready tasks; callers that ask while a listing is under way share it. */
  private refreshCandidates(slot: CandidateSlot, version: string | undefined, options: { skill?: string | undefined; batch?: number | undefined }): Promise<Candidates> {
    slot.refreshing ??= (async () => {
      try {
        const { tasks } = await this.list();
        const unblocks = unblockCounts(dependencyEdges(tasks));
        // One task: plain rank order, as `next` shows. A batch: disjoint targets, as `next --batch`.
        const ranked =
          options.batch === undefined
            ? this.ranked(tasks, options.skill, unblocks)
            : this.pick(tasks, { skill: options.skill, batch: Number.MAX_SAFE_INTEGER }, unblocks);
        slot.current = {
          at: Date.now(),
          readyVersion: version,
          queue: new CandidateQueue(ranked),
          known: new Map(tasks.map((task) => [task.id, task])),
          rankOf: (task) => `${task.priority}:${unblocks.get(task.id) ?? 0}`,
        };
        return slot.current;
      } finally {
        slot.refreshing = undefined;
      }
    })();
    return slot.refreshing;
  }

  heartbeat(id: string, agent: string): Promise<Task> {
    return this.mutate(id, (task) => life.heartbeat(task, agent, this.now()));
  }

  release(id: string, agent?: string): Promise<Task> {
    return this.mutate(id, (task) => life.release(task, agent, this.now()));
  }

  async progress(id: string, message: string, percent?: number, agent?: string): Promise<Task> {
    if (!message.trim()) throw new BoError('BO_ERR_INPUT_INVALID', 'a progress message must not be empty');
    if (percent !== undefined && (!Number.isFinite(percent) || percent < 0 || percent > 100)) {
      throw new BoError('BO_ERR_INPUT_INVALID', `--percent must be between 0 and 100 (got ${percent})`);
    }
    const task = await this.mutate(id, (current) => life.recordProgress(current, message, percent, agent, this.now()));
    await this.emit('backend.task.progress', [task], () => ({ message, ...(percent !== undefined ? { percent } : {}) }));
    return task;
  }

  async block(id: string, reason: string, actor: string): Promise<Task> {
    if (!reason.trim()) throw new BoError('BO_ERR_INPUT_INVALID', 'blocking a task needs a reason (--reason)');
    const task = await this.mutate(id, (current) => life.block(current, reason, actor, this.now()));
    await this.emit('backend.task.blocked', [task], () => ({ reason }));
    return task;
  }

  async unblock(id: string, actor: string): Promise<Task> {
    const deps = await this.dependencyState(await this.show(id));
    return this.mutate(id, (task) => life.unblock(task, actor, deps, this.now()));
  }

  async cancel(id: string, actor: string, reason?: string): Promise<Task> {
    const task = await this.mutate(id, (current) => life.cancel(current, actor, reason, this.now()));
    await this.emit('backend.task.cancelled', [task], () => (reason ? { reason } : {}));
    return task;
  }

  /** Marks a task done (the end of a passing `submit`); the store archives it. */
  complete(id: string, actor: string, note?: string): Promise<Task> {
    return this.mutate(id, (task) => life.complete(task, actor, this.now(), note));
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────

  private async mutate(id: string, fn: (task: Task) => Task): Promise<Task> {
    const { task } = await this.store.updateTask(id, fn);
    return task;
  }

  private async dependencyState(task: Task, known?: ReadonlyMap<string, Task>): Promise<life.DependencyState> {
    const fetched = new Map<string, Task>();
    for (const dep of task.dependencies) {
      if (known?.has(dep)) continue;
      const found = await this.store.getTask(dep).catch(() => undefined);
      if (found) fetched.set(dep, found);
    }
    return dependencyStateOf(task, (id) => known?.get(id) ?? fetched.get(id));
  }


  /** Applies a lapsed lease or finished dependencies to one task; takes its lock only if needed. */
  private async reconcileOne(task: Task): Promise<Task> {
    const deps = await this.dependencyState(task);
    if (life.reconcile(task, deps, this.now()) === undefined) return task;
    const { task: updated } = await this.store.updateTask(task.id, (current) => life.reconcile(current, deps, this.now()));
    return updated;
  }

  private async reconcileAll(tasks: Task[]): Promise<Task[]> {
    const byId = new Map(tasks.map((task) => [task.id, task]));
    // Dependencies already archived are read once each, not once per dependent.
    const archived = new Map<string, Task>();
    for (const task of tasks) {
      for (const dep of task.dependencies) {
        if (byId.has(dep) || archived.has(dep)) continue;
        const found = await this.store.getTask(dep).catch(() => undefined);
        if (found) archived.set(dep, found);
      }
    }
    const known = archived.size === 0 ? byId : new Map([...archived, ...byId]);
    const now = this.now();
    const result: Task[] = [];
    for (const task of tasks) {
      // Without an await when every dependency is at hand (the usual case, thousands of times a listing).
      const deps = task.dependencies.every((dep) => known.has(dep)) ? dependencyStateOf(task, (id) => known.get(id)) : await this.dependencyState(task, known);
      const stale = life.isFinished(task) || life.reconcile(task, deps, now) !== undefined;
      if (!stale) {
        result.push(task);
        continue;
      }
      try {
        const { task: updated } = await this.store.updateTask(task.id, (current) => life.reconcile(current, deps, this.now()));
        result.push(updated);
      } catch (error) {
        if (!isBoError(error) || error.code !== 'BO_ERR_TASK_NOT_FOUND') throw error;
      }
    }
    return result;
  }
}
