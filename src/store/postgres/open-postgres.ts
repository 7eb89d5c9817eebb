/**
 * Everything of one project's state on PostgreSQL, sharing one pool and one listening connection:
 * the task store, the outbox and the webhook delivery state. Constructed without touching the
 * server; the driver is loaded, the pool opened and the schema migrated on first use.
 */
import type { DeliveryStore } from '../../events/webhooks/deliveries.js';
import type { EventLog } from '../../events/types.js';
import { PgConnection, type PgConnectionOptions, type PostgresLocation } from './connection.js';
import { PgNotifications } from './notifications.js';
import { PgDeliveryStore } from './pg-deliveries.js';
import { PgEventLog, type PgEventLogOptions } from './pg-event-log.js';
import { PgStore } from './pg-store.js';

export interface PostgresStores {
  connection: PgConnection;
  store: PgStore;
  events: EventLog & PgEventLog;
  deliveries: DeliveryStore;
  close(): Promise<void>;
}

export interface OpenPostgresOptions extends Omit<PgConnectionOptions, 'location'> {
  events?: PgEventLogOptions;
}

export function openPostgresStores(location: PostgresLocation, options: OpenPostgresOptions = {}): PostgresStores {
  const connection = new PgConnection({ ...options, location });
  const notifications = new PgNotifications(connection);
  const store = new PgStore(connection, notifications);
  return {
    connection,
    store,
    events: new PgEventLog(connection, notifications, options.events),
    deliveries: new PgDeliveryStore(connection),
    close: async () => {
      // Idle connections do not keep the process alive (a finished command exits); their
      // closing must, or the process would end with the close still pending.
      const keepAlive = setInterval(() => undefined, 60_000);
      try {
        store.close();
        await notifications.close();
        await connection.close();
      } finally {
        clearInterval(keepAlive);
      }
    },
  };
}
