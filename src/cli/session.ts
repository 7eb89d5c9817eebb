/**
 * What a command needs, built lazily: the project root and config, the store and the engine.
 * A command that needs none of them (help, version) loads none of them.
 */
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { BoError } from '../core/errors.js';
import type { EventDraft } from '../events/publish.js';
import type { DeliveryStore } from '../events/webhooks/deliveries.js';
import type { EventLog, StoredEvent } from '../events/types.js';
import { stateLayout, type StateLayout } from '../store/file/layout.js';
import { openStore, type OpenedStore } from '../store/open.js';
import type { Store } from '../store/types.js';
import { TaskEngine } from '../tasks/engine.js';
import type { Io } from './io.js';
import { colorEnabled, painter, type Paint } from './io.js';

export interface GlobalOptions {
  cwd?: string;
  json?: boolean;
  debug?: boolean;
  color?: boolean;
}

export class Session {
  readonly io: Io;
  readonly cwd: string;
  readonly json: boolean;
  readonly paint: Paint;
  private loaded: Promise<LoadedConfig> | undefined;
  private engineInstance: Promise<TaskEngine> | undefined;
  private openedStore: Promise<OpenedStore> | undefined;

  constructor(io: Io, baseCwd: string, options: GlobalOptions) {
    this.io = io;
    this.cwd = path.resolve(baseCwd, options.cwd ?? '.');
    if (!existsSync(this.cwd)) throw new BoError('BO_ERR_USAGE', `-C ${options.cwd}: no such directory`);
    this.json = options.json ?? false;
    this.paint = painter(options.color !== false && colorEnabled(io));
  }

  config(): Promise<LoadedConfig> {
    this.loaded ??= loadConfig(this.cwd);
    return this.loaded;
  }

  /** The project's state in the store the config (or BO_STORE_URL) chooses, opened once. */
  opened(): Promise<OpenedStore> {
    this.openedStore ??= this.config().then(({ root, config }) => openStore({ projectRoot: root, config, env: this.io.env }));
    return this.openedStore;
  }

  async store(): Promise<Store> {
    return (await this.opened()).store;
  }

  /** This machine's state directory (locks, caches, logs): there whichever store holds the state. */
  async layout(): Promise<StateLayout> {
    const { root, config } = await this.config();
    return stateLayout(root, config.stateDir);
  }

  /** Webhook delivery state, in the same store as the outbox. */
  async deliveries(): Promise<DeliveryStore> {
    return (await this.opened()).deliveries;
  }

  /** Closes the store's connections (PostgreSQL); a no-op for the file store or when none was opened. */
  async close(): Promise<void> {
    const opened = await this.openedStore?.catch(() => undefined);
    this.openedStore = undefined;
    await opened?.close();
  }

  engine(): Promise<TaskEngine> {
    this.engineInstance ??= (async () => {
      const { config } = await this.config();
      return new TaskEngine({ store: await this.store(), config, publish: (drafts) => this.publish(drafts) });
    })();
    return this.engineInstance;
  }

  /** The outbox of this project's state (ai-state/events/backend.jsonl, or the bo_events table). */
  async events(): Promise<EventLog> {
    return (await this.opened()).events;
  }

  /** Appends events of this orchestrator's source to the outbox; returns them as stored. */
  async publish(drafts: readonly EventDraft[]): Promise<StoredEvent[]> {
    const [{ root, config }, log, { publisher }, { defaultSource }] = await Promise.all([this.config(), this.events(), import('../events/publish.js'), import('../events/envelope.js')]);
    return publisher(log, defaultSource(root, config))(drafts);
  }

  /** Who is acting: `--agent`, else `BO_AGENT`, else the OS user. */
  actor(agent?: string): string {
    if (agent) return agent;
    if (this.io.env.BO_AGENT) return this.io.env.BO_AGENT;
    try {
      return userInfo().username || 'unknown';
    } catch {
      return 'unknown';
    }
  }

  out(text: string): void {
    this.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  warn(text: string): void {
    this.io.stderr.write(`${this.paint('yellow', 'warning')}: ${text}\n`);
  }

  relative(file: string): string {
    const rel = path.relative(this.cwd, file);
    return rel && !rel.startsWith('..') ? rel : file;
  }
}
