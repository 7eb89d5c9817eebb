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
import type { StoredEvent } from '../events/types.js';
import type { FileEventLog } from '../store/file/event-log.js';
import { FileStore } from '../store/file/file-store.js';
import { stateLayout } from '../store/file/layout.js';
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
  private storeInstance: Promise<FileStore> | undefined;
  private eventLog: Promise<FileEventLog> | undefined;

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

  store(): Promise<FileStore> {
    this.storeInstance ??= this.config().then(({ root, config }) => new FileStore({ projectRoot: root, stateDir: config.stateDir }));
    return this.storeInstance;
  }

  engine(): Promise<TaskEngine> {
    this.engineInstance ??= (async () => {
      const { config } = await this.config();
      return new TaskEngine({ store: await this.store(), config, publish: (drafts) => this.publish(drafts) });
    })();
    return this.engineInstance;
  }

  /** The outbox of this project's state (ai-state/events/backend.jsonl). */
  events(): Promise<FileEventLog> {
    this.eventLog ??= (async () => {
      const { root, config } = await this.config();
      const { FileEventLog } = await import('../store/file/event-log.js');
      return new FileEventLog(stateLayout(root, config.stateDir));
    })();
    return this.eventLog;
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
