/**
 * One project's orchestrator as the long-running edges use it (`bo serve`, `bo mcp`): the config,
 * the store, the task engine publishing its lifecycle events, the outbox, and the operations that
 * combine them (submit, checks, intake, context packages, webhook delivery). The HTTP routes and
 * MCP tools are thin adapters over these methods; nothing here knows about HTTP or MCP.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from './config/load.js';
import type { Config } from './config/schema.js';
import type { ContextPackage } from './context/types.js';
import { createEvent, defaultSource } from './events/envelope.js';
import type { IncomingInput } from './events/intake.js';
import type { IntakeOutcome } from './events/accept.js';
import type { EventDraft } from './events/publish.js';
import type { CloudEvent, StoredEvent } from './events/types.js';
import type { LiveOptions } from './gates/live/types.js';
import type { Area } from './gates/types.js';
import type { Report } from './report/model.js';
import type { DeliveryStore } from './events/webhooks/deliveries.js';
import type { EventLog } from './events/types.js';
import { FileEventLog } from './store/file/event-log.js';
import { stateLayout, type StateLayout } from './store/file/layout.js';
import { openFileStores, openedPostgres, storeLocation, type OpenedStore } from './store/open.js';
import { openPostgresStores } from './store/postgres/open-postgres.js';
import type { Store } from './store/types.js';
import { TaskEngine } from './tasks/engine.js';
import type { SubmitOutcome } from './tasks/submit/submit.js';

export interface CheckRequest {
  areas?: Area[];
  /** Rule ids, prefixes (`db/*`) or checklist item ids, as `bo check --only`. */
  only?: string;
  skip?: string;
  live?: LiveOptions | boolean;
  signal?: AbortSignal;
  progress?: (phase: string, done: number, total: number) => void;
}

/**
 * The store the config (or BO_STORE_URL in `env`) names, for a long-running process: the file
 * store writes through the thread pool, so concurrent requests share the disk flushes.
 */
export function openOrchestratorStore(root: string, config: Config, env: NodeJS.ProcessEnv): OpenedStore {
  const layout = stateLayout(root, config.stateDir);
  const location = storeLocation(config, env);
  if (location.kind === 'postgres') return openedPostgres(openPostgresStores(location, { max: 8 }), layout);
  const opened = openFileStores({ projectRoot: root, config, file: { asyncWrites: true, liveIndex: true } });
  const events = new FileEventLog(layout, { longLived: true });
  return {
    ...opened,
    events,
    close: async () => {
      events.close();
      await opened.close();
    },
  };
}

export class Orchestrator {
  readonly root: string;
  readonly config: Config;
  /** This machine's state directory (locks, caches, logs, the server token), with either store. */
  readonly layout: StateLayout;
  readonly store: Store;
  readonly events: EventLog;
  /** Webhook delivery state, in the same store as the outbox. */
  readonly deliveries: DeliveryStore;
  readonly engine: TaskEngine;
  readonly source: string;
  private readonly env: NodeJS.ProcessEnv;
  /** The store, outbox and delivery state as opened (another orchestrator on the same state can share it). */
  readonly opened: OpenedStore;

  /** `opened`: a store opened already (shared with another orchestrator); else the config's. */
  constructor(root: string, config: Config, env: NodeJS.ProcessEnv = process.env, opened?: OpenedStore) {
    this.root = root;
    this.config = config;
    this.env = env;
    this.layout = stateLayout(root, config.stateDir);
    this.opened = opened ?? openOrchestratorStore(root, config, env);
    this.store = this.opened.store;
    this.events = this.opened.events;
    this.deliveries = this.opened.deliveries;
    this.source = defaultSource(root, config);
    this.engine = new TaskEngine({ store: this.store, config, publish: (drafts) => this.publish(drafts) });
  }

  /** The orchestrator of the project at or above `cwd` (its config found as the CLI finds it). */
  static async open(cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Orchestrator> {
    const { root, config } = await loadConfig(cwd);
    return new Orchestrator(root, config, env);
  }

  /** Appends events of this orchestrator's source to the outbox. */
  async publish(drafts: readonly EventDraft[]): Promise<StoredEvent[]> {
    if (drafts.length === 0) return [];
    const events = drafts.map((d) => createEvent({ type: d.type, source: this.source, data: d.data, ...(d.subject !== undefined ? { subject: d.subject } : {}) }));
    return new Promise<StoredEvent[]>((resolve, reject) => {
      this.outbox.push({ events, resolve, reject });
      if (this.outbox.length === 1 && !this.flushing) setImmediate(() => void this.flushOutbox());
    });
  }

  /**
   * Group commit: what many requests published during one turn of the event loop is appended (and
   * fsynced) once, and each caller answered when it is durable. Under load this turns a flush per
   * claim into a flush per batch of claims.
   */
  private readonly outbox: { events: CloudEvent[]; resolve: (stored: StoredEvent[]) => void; reject: (error: unknown) => void }[] = [];

  /** One append at a time: what arrives during one is the next one's batch. */
  private flushing = false;

  private async flushOutbox(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.outbox.length > 0) {
        const batch = this.outbox.splice(0);
        try {
          const { appended, duplicates } = await this.events.append(batch.flatMap((b) => b.events));
          const stored = new Map([...appended, ...duplicates].map((s) => [s.event.id, s]));
          for (const { events, resolve } of batch) resolve(events.map((e) => stored.get(e.id)).filter((s): s is StoredEvent => s !== undefined));
        } catch (error) {
          for (const { reject } of batch) reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /** `bo submit`: the task's gates, the verdict, the lifecycle, docs and events. */
  async submit(id: string, options: { actor: string; live?: boolean; liveOptions?: { databaseUrl?: string }; signal?: AbortSignal; progress?: (phase: string, done: number, total: number) => void }): Promise<SubmitOutcome> {
    const [{ submitTask }, { submitDocsHooks }] = await Promise.all([import('./tasks/submit/submit.js'), import('./tasks/submit/docs-hooks.js')]);
    const { root, config } = this;
    const databaseUrl = options.liveOptions?.databaseUrl ?? this.env.DATABASE_URL;
    const outcome = await submitTask(id, {
      root,
      config,
      store: this.store,
      engine: this.engine,
      actor: options.actor,
      ...(options.live !== undefined ? { live: options.live } : {}),
      ...(databaseUrl ? { liveOptions: { databaseUrl } } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.progress ? { progress: options.progress } : {}),
      publish: async (drafts) => {
        await this.publish(drafts);
      },
      ...submitDocsHooks(root, config),
    });
    await this.deliverWebhooks(5_000).catch(() => undefined);
    return outcome;
  }

  /** `bo check`: the gates on the whole project; the report is saved under reports/project/. */
  async check(request: CheckRequest = {}): Promise<Report> {
    const [{ runCheck }, { RULES }, { CHECKLIST }, { ruleSelection, reportId }] = await Promise.all([
      import('./gates/check-run.js'),
      import('./gates/rules.js'),
      import('./gates/catalog.js'),
      import('./cli/commands/check.js'),
    ]);
    const createdAt = new Date();
    const areas = request.areas ?? ['api', 'database', 'security', 'metrics', 'tests', 'contract'];
    const selected = ruleSelection(request.only, request.skip, RULES.map((r) => r.id), CHECKLIST);
    const live = request.live === true ? {} : request.live || undefined;
    const { report } = await runCheck({
      root: this.root,
      config: this.config,
      areas,
      selected,
      ...(live ? { live: { ...(this.env.DATABASE_URL ? { databaseUrl: this.env.DATABASE_URL } : {}), ...live } } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.progress ? { progress: request.progress } : {}),
      id: reportId(createdAt),
      createdAt,
      rules: RULES,
    });
    await this.store.saveReport('project', report.id, report);
    return report;
  }

  /** Events from outside: refused with reasons (and recorded), or appended and handled. */
  async receive(input: IncomingInput & { from?: string }, actor = 'intake'): Promise<IntakeOutcome> {
    const { intake } = await import('./events/accept.js');
    const outcome = await intake(input, { log: this.events, engine: this.engine, actor, eventsDir: this.layout.events, ...(this.config.events?.accept ? { acceptTypes: this.config.events.accept } : {}) });
    if (outcome.ok) await this.deliverWebhooks(5_000).catch(() => undefined);
    return outcome;
  }

  /** The context package of a task, rendered (`bo context`). */
  async context(id: string, options: { format?: 'yaml' | 'json'; maxTokens?: number } = {}): Promise<{ text: string; package: ContextPackage }> {
    const task = await this.engine.show(id);
    const { registry } = await this.store.readRegistry();
    const standards = this.config.standards.filter((file) => existsSync(path.resolve(this.root, file)));
    const { buildContextPackage, renderContext } = await import('./context/index.js');
    const pkg = buildContextPackage({ task, registry, config: this.config, standards });
    const rendered = renderContext(pkg, { format: options.format ?? 'yaml', maxTokens: options.maxTokens ?? this.config.context.maxTokens });
    return { text: rendered.text, package: pkg };
  }

  /** One bounded pass of webhook delivery (no-op without subscriptions). */
  async deliverWebhooks(budgetMs: number): Promise<void> {
    if (!this.config.events?.webhooks?.length) return;
    const { dispatcherFromConfig } = await import('./events/webhooks/from-config.js');
    const dispatcher = dispatcherFromConfig({ log: this.events, store: this.deliveries, config: this.config, env: this.env });
    await dispatcher?.deliverDue(AbortSignal.timeout(budgetMs));
  }

  /** Where the shared state is (the state directory, or host:port/database of PostgreSQL). */
  get storeLabel(): string {
    return this.opened.label;
  }

  /** Closes the store's connections (PostgreSQL); the file store holds none. */
  close(): Promise<void> {
    return this.opened.close();
  }
}
