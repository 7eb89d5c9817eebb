/**
 * The active tasks for `GET /v1/tasks`, read once and reused until they may have changed. Listing
 * the file store costs a directory read and a stat per task file (about 6 µs each), which at a
 * thousand listings a second is most of a core; the listing is kept instead, and dropped when:
 * - the task directories change (fs.watch: any write, rename or archive by any process);
 * - this server mutates something (dropped at once, not when the notification arrives);
 * - a lease in it has lapsed (the engine's listing turns such a task back to ready);
 * - it is older than `maxAgeMs`, so a notification the platform failed to send costs at most that.
 * Archived tasks (`archived=true`) are not kept: they are read when asked for.
 */
import { mkdirSync, watch, type FSWatcher } from 'node:fs';
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

const leaseLapsed = (now: number) => (task: Task) => task.claim !== null && Date.parse(task.claim.leaseUntil) <= now;

export class TaskListing {
  private kept: { tasks: Task[]; at: number } | undefined;
  /** Bumped by every invalidation: a listing read while one happened is not kept. */
  private generation = 0;
  private watchers: FSWatcher[] | undefined;

  constructor(
    private readonly engine: Pick<TaskEngine, 'list'>,
    private readonly dirs: readonly string[],
    private readonly options: { maxAgeMs?: number; now?: () => number } = {},
  ) {}

  async list(filter: TaskFilter): Promise<Task[]> {
    if (filter.archived) return (await this.engine.list(filter)).tasks;
    return (await this.active()).filter((task) => matchesFilter(task, filter));
  }

  invalidate(): void {
    this.generation++;
    this.kept = undefined;
  }

  close(): void {
    for (const watcher of this.watchers ?? []) watcher.close();
    this.watchers = undefined;
    this.invalidate();
  }

  private async active(): Promise<Task[]> {
    const now = this.options.now?.() ?? Date.now();
    const kept = this.kept;
    if (kept && now - kept.at < (this.options.maxAgeMs ?? 1_000) && !kept.tasks.some(leaseLapsed(now))) return kept.tasks;
    const watching = this.watch();
    const generation = this.generation;
    const { tasks } = await this.engine.list();
    if (watching && generation === this.generation) this.kept = { tasks, at: now };
    return tasks;
  }

  /** Starts watching on first use; false when the platform cannot (then nothing is kept). */
  private watch(): boolean {
    if (this.watchers) return this.watchers.length === this.dirs.length;
    this.watchers = [];
    for (const dir of this.dirs) {
      try {
        mkdirSync(dir, { recursive: true });
        const watcher = watch(dir, () => this.invalidate());
        watcher.on('error', () => {
          watcher.close();
          this.watchers = this.watchers?.filter((w) => w !== watcher);
          this.invalidate();
        });
        this.watchers.push(watcher);
      } catch {
        // no notifications for this directory: every listing is read from the store
      }
    }
    return this.watchers.length === this.dirs.length;
  }
}
