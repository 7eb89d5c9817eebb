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
import { FileEventLog } from './store/file/event-log.js';
import { FileStore } from './store/file/file-store.js';
import { stateLayout, type StateLayout } from './store/file/layout.js';
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

export class Orchestrator {
  readonly root: string;
  readonly config: Config;
  readonly layout: StateLayout;
  readonly store: FileStore;
  readonly events: FileEventLog;
  readonly engine: TaskEngine;
  readonly source: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(root: string, config: Config, env: NodeJS.ProcessEnv = process.env) {
    this.root = root;
    this.config = config;
    this.env = env;
    this.layout = stateLayout(root, config.stateDir);
    // A server: writes go through the thread pool, so concurrent requests share the disk flushes.
    this.store = new FileStore({ projectRoot: root, stateDir: config.stateDir, asyncWrites: true });
    this.events = new FileEventLog(this.layout);
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
      if (this.outbox.length === 1) setImmediate(() => void this.flushOutbox());
    });
  }

  /**
   * Group commit: what many requests published during one turn of the event loop is appended (and
   * fsynced) once, and each caller answered when it is durable. Under load this turns a flush per
   * claim into a flush per batch of claims.
   */
  private readonly outbox: { events: CloudEvent[]; resolve: (stored: StoredEvent[]) => void; reject: (error: unknown) => void }[] = [];

  private async flushOutbox(): Promise<void> {
    const batch = this.outbox.splice(0);
    try {
      const { appended, duplicates } = await this.events.append(batch.flatMap((b) => b.events));
      const stored = new Map([...appended, ...duplicates].map((s) => [s.event.id, s]));
      for (const { events, resolve } of batch) resolve(events.map((e) => stored.get(e.id)).filter((s): s is StoredEvent => s !== undefined));
    } catch (error) {
      for (const { reject } of batch) reject(error);
    }
  }

  /** `bo submit`: the task's gates, the verdict, the lifecycle, docs and events. */
  async submit(id: string, options: { actor: string; live?: boolean; liveOptions?: { databaseUrl?: string }; signal?: AbortSignal; progress?: (phase: string, done: number, total: number) => void }): Promise<SubmitOutcome> {
    const [{ submitTask }, { updateDeveloperDocs }] = await Promise.all([import('./tasks/submit/submit.js'), import('./docs/write.js')]);
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
      baselineDocs: async (registry) => {
        const preview = await updateDeveloperDocs({ projectRoot: root, config, registry, now: new Date(), dryRun: true });
        if (preview.firstRun) await updateDeveloperDocs({ projectRoot: root, config, registry, now: new Date() });
      },
      updateDocs: async (registry) => {
        const docs = await updateDeveloperDocs({ projectRoot: root, config, registry, now: new Date() });
        return { path: path.relative(root, docs.path) || docs.path, changed: docs.changed, changes: docs.diff };
      },
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
    const [{ WebhookDispatcher }, { FileDeliveryStore }, { subscriptionsFromConfig }, { retryPolicyFromConfig }] = await Promise.all([
      import('./events/webhooks/dispatcher.js'),
      import('./events/webhooks/deliveries.js'),
      import('./events/webhooks/subscriptions.js'),
      import('./events/webhooks/backoff.js'),
    ]);
    const dispatcher = new WebhookDispatcher({
      log: this.events,
      store: new FileDeliveryStore(this.layout),
      subscriptions: subscriptionsFromConfig(this.config.events.webhooks, this.env),
      retry: retryPolicyFromConfig(this.config.events.retry),
    });
    await dispatcher.deliverDue(AbortSignal.timeout(budgetMs));
  }
}
