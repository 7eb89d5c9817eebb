/**
 * Gate runs started over HTTP (`POST /v1/checks`): each runs in the background and is kept in
 * memory (the last `keep` of them) so that clients can poll it or follow its progress. One run at
 * a time per server: the gates use the machine's cores (and live gates a service and a database),
 * so a second run while one is going is refused with 409 and the running one's id, rather than
 * queued behind it where a client could not tell how long it waits.
 */
import { randomUUID } from 'node:crypto';
import type { CheckRequest } from '../orchestrator.js';
import type { Report } from '../report/model.js';
import { ProblemError } from './problem.js';

export interface CheckProgress {
  phase: string;
  done: number;
  total: number;
}

export interface CheckRun {
  id: string;
  status: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt?: string;
  progress: CheckProgress | null;
  /** Set when done: the saved report's id (GET /v1/reports/{id}) and its outcome. */
  report?: { id: string; verdict: Report['verdict']; summary: Report['summary'] };
  /** Set when failed: why. */
  error?: string;
}

export type CheckUpdate = { type: 'progress'; progress: CheckProgress } | { type: 'done' | 'failed'; run: CheckRun };

export class CheckRuns {
  private readonly runs = new Map<string, CheckRun>();
  private readonly listeners = new Map<string, Set<(update: CheckUpdate) => void>>();
  private running: { id: string; controller: AbortController; settled: Promise<void> } | undefined;

  constructor(
    private readonly check: (request: CheckRequest) => Promise<Report>,
    private readonly options: { keep?: number; now?: () => Date } = {},
  ) {}

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  /** Starts a run in the background; throws a 409 problem while another one runs. */
  start(request: Omit<CheckRequest, 'signal' | 'progress'>): CheckRun {
    if (this.running) {
      throw new ProblemError(409, `a check is running already (${this.running.id}): follow it at /v1/checks/${this.running.id}, then start another`, {
        code: 'BO_ERR_CHECK_RUNNING',
        running: this.running.id,
      });
    }
    const run: CheckRun = { id: randomUUID(), status: 'running', startedAt: this.now(), progress: null };
    this.remember(run);
    const controller = new AbortController();
    const settled = this.check({
      ...request,
      signal: controller.signal,
      progress: (phase, done, total) => {
        run.progress = { phase, done, total };
        this.emit(run.id, { type: 'progress', progress: run.progress });
      },
    }).then(
      (report) => {
        run.report = { id: report.id, verdict: report.verdict, summary: report.summary };
        this.finish(run, 'done');
      },
      (error: unknown) => {
        run.error = error instanceof Error ? error.message : String(error);
        this.finish(run, 'failed');
      },
    );
    this.running = { id: run.id, controller, settled };
    return run;
  }

  get(id: string): CheckRun | undefined {
    return this.runs.get(id);
  }

  /** Calls `listener` with the run's updates until it ends; returns the unsubscribe function. */
  subscribe(id: string, listener: (update: CheckUpdate) => void): () => void {
    let set = this.listeners.get(id);
    if (!set) this.listeners.set(id, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Stops the running check (server shutdown) and waits for it to settle. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.controller.abort();
    await running.settled;
  }

  private finish(run: CheckRun, status: 'done' | 'failed'): void {
    run.status = status;
    run.finishedAt = this.now();
    if (this.running?.id === run.id) this.running = undefined;
    this.emit(run.id, { type: status, run });
    this.listeners.delete(run.id);
  }

  private emit(id: string, update: CheckUpdate): void {
    for (const listener of this.listeners.get(id) ?? []) listener(update);
  }

  /** Keeps the newest runs only (a Map iterates in insertion order: the oldest goes first). */
  private remember(run: CheckRun): void {
    this.runs.set(run.id, run);
    const keep = this.options.keep ?? 20;
    for (const id of this.runs.keys()) {
      if (this.runs.size <= keep) break;
      if (this.runs.get(id)?.status !== 'running') this.runs.delete(id);
    }
  }
}
