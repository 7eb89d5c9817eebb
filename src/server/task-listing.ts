/**
 * The active tasks for `GET /v1/tasks`, read once and reused until they may have changed. Even
 * from memory (the file store's live index, a PostgreSQL query), an engine listing of thousands of
 * tasks costs milliseconds, which at a thousand listings a second is most of a core. The listing
 * is kept instead, and dropped when:
 * - the store says a task may have changed (`Store.watch`: any write by any process or instance);
 * - this server mutates something (dropped at once, not when the notification arrives);
 * - a lease in it has lapsed (the engine's listing turns such a task back to ready);
 * - it is older than `maxAgeMs`, so a notification that never came costs at most that.
 * A store that cannot tell about changes gets no kept listing. Archived tasks (`archived=true`)
 * are not kept: they are read when asked for.
 */
import type { Store } from '../store/types.js';
import type { TaskEngine, TaskFilter } from '../tasks/engine.js';
import type { Task } from '../tasks/schema.js';

/** The engine's listing filter (TaskEngine.list), applied to a kept listing. */
export function matchesFilter(task: Task, filter: TaskFilter): boolean {
  return (
    (!filter.status || task.status === filter.status) &&
    (!filter.skill || task.skill === filter.skill || task.skill === `${filter.skill}-skill`) &&
    (!filter.agent || task.claim?.agent === filter.agent)
  );
}

/** When the first lease in `tasks` lapses (Infinity if none is held). */
function firstLeaseEnd(tasks: readonly Task[]): number {
  let first = Infinity;
  for (const task of tasks) {
    if (task.claim === null) continue;
    const end = Date.parse(task.claim.leaseUntil);
    if (end < first) first = end;
  }
  return first;
}

export class TaskListing {
  private kept: { tasks: Task[]; at: number; leaseEnds: number } | undefined;
  /** Bumped by every invalidation: a listing read while one happened is not kept. */
  private generation = 0;
  private unwatch: (() => void) | undefined | false;

  constructor(
    private readonly engine: Pick<TaskEngine, 'list'>,
    private readonly store: Pick<Store, 'watch'>,
    private readonly options: { maxAgeMs?: number; now?: () => number } = {},
  ) {}

  async list(filter: TaskFilter): Promise<Task[]> {
    if (filter.archived) return (await this.engine.list(filter)).tasks;
    const tasks = await this.active();
    // Unfiltered (the usual listing): the kept array itself; callers only read it.
    return filter.status || filter.skill || filter.agent ? tasks.filter((task) => matchesFilter(task, filter)) : tasks;
  }

  invalidate(): void {
    this.generation++;
    this.kept = undefined;
  }

  close(): void {
    if (this.unwatch) this.unwatch();
    this.unwatch = undefined;
    this.invalidate();
  }

  private async active(): Promise<Task[]> {
    const now = this.options.now?.() ?? Date.now();
    const kept = this.kept;
    if (kept && now - kept.at < (this.options.maxAgeMs ?? 30_000) && now < kept.leaseEnds) return kept.tasks;
    const watching = this.watch();
    const generation = this.generation;
    const { tasks } = await this.engine.list();
    if (watching && generation === this.generation) this.kept = { tasks, at: now, leaseEnds: firstLeaseEnd(tasks) };
    return tasks;
  }

  /** Subscribes on first use; false when the store cannot tell (then nothing is kept). */
  private watch(): boolean {
    if (this.unwatch === undefined) this.unwatch = this.store.watch?.(() => this.invalidate()) ?? false;
    return this.unwatch !== false;
  }
}
