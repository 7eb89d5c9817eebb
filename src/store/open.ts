/**
 * Opens a project's state in the store its config chooses: the file store (`ai-state/`, the
 * default) or PostgreSQL (`store: postgres://…` in the config, or BO_STORE_URL, which wins). Both
 * give the same three interfaces: the task store, the event outbox and the webhook delivery state.
 * The state directory stays in use either way for what belongs to one machine (locks, caches,
 * executor logs, the server token). Only the chosen store's code is loaded: the file store's path
 * never loads the PostgreSQL driver, and the outbox and delivery code load on first use.
 */
import type { Config } from '../config/schema.js';
import type { DeliveryStore } from '../events/webhooks/deliveries.js';
import type { EventLog } from '../events/types.js';
import { FileStore, type FileStoreOptions } from './file/file-store.js';
import { stateLayout, type StateLayout } from './file/layout.js';
import type { OpenPostgresOptions, PostgresStores } from './postgres/open-postgres.js';
import { parseStoreLocation, storeSetting, type StoreLocation } from './postgres/url.js';
import type { Store } from './types.js';

export interface OpenStoreOptions {
  projectRoot: string;
  config: Pick<Config, 'stateDir' | 'store'>;
  env?: NodeJS.ProcessEnv;
  /** File store settings (e.g. `asyncWrites` for a server). */
  file?: Omit<FileStoreOptions, 'projectRoot' | 'stateDir'>;
  /** PostgreSQL settings (pool size, retry budget, follow polling). */
  postgres?: OpenPostgresOptions;
}

export interface OpenedStore {
  kind: 'file' | 'postgres';
  store: Store;
  events: EventLog;
  deliveries: DeliveryStore;
  /** This machine's state directory (locks, caches, logs, server token): there with either store. */
  layout: StateLayout;
  /** Where the shared state is, for messages: the state directory, or host:port/database. */
  label: string;
  close(): Promise<void>;
}

/** The store the config (or BO_STORE_URL) names; invalid settings throw BO_ERR_CONFIG_INVALID. */
export function storeLocation(config: Pick<Config, 'store'>, env: NodeJS.ProcessEnv = process.env): StoreLocation {
  return parseStoreLocation(storeSetting(config.store, env));
}

export async function openStore(options: OpenStoreOptions): Promise<OpenedStore> {
  const location = storeLocation(options.config, options.env);
  const layout = stateLayout(options.projectRoot, options.config.stateDir);
  if (location.kind === 'file') return openFileStores(options);
  const { openPostgresStores } = await import('./postgres/open-postgres.js');
  return openedPostgres(openPostgresStores(location, options.postgres), layout);
}

/** The file store, its outbox and delivery state (these two loaded when first used). */
export function openFileStores(options: Pick<OpenStoreOptions, 'projectRoot' | 'config' | 'file'>): OpenedStore {
  const layout = stateLayout(options.projectRoot, options.config.stateDir);
  const store = new FileStore({ ...options.file, projectRoot: options.projectRoot, stateDir: options.config.stateDir });
  const events = deferred<EventLog>(async () => new (await import('./file/event-log.js')).FileEventLog(layout));
  const deliveries = deferred<DeliveryStore>(async () => new (await import('../events/webhooks/deliveries.js')).FileDeliveryStore(layout));
  return {
    kind: 'file',
    store,
    events: {
      append: async (batch) => (await events()).append(batch),
      read: async (query) => (await events()).read(query),
      find: async (source, id) => (await events()).find(source, id),
      findById: async (id) => (await events()).findById(id),
      lastSeq: async () => (await events()).lastSeq(),
      problems: async () => (await events()).problems(),
      follow: async (afterSeq, onEvents, signal) => (await events()).follow(afterSeq, onEvents, signal),
    },
    deliveries: {
      read: async (subscription) => (await deliveries()).read(subscription),
      list: async () => (await deliveries()).list(),
      acquire: async (subscription, lease) => (await deliveries()).acquire(subscription, lease),
      update: async (subscription, change, lease) => (await deliveries()).update(subscription, change, lease),
      release: async (subscription, owner) => (await deliveries()).release(subscription, owner),
    },
    layout,
    label: layout.root,
    close: async () => store.close(),
  };
}

/** The PostgreSQL stores as an OpenedStore (for callers that opened them synchronously). */
export function openedPostgres(stores: PostgresStores, layout: StateLayout): OpenedStore {
  return { kind: 'postgres', store: stores.store, events: stores.events, deliveries: stores.deliveries, layout, label: stores.connection.label, close: stores.close };
}

function deferred<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= load());
}
