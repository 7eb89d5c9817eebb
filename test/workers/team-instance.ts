/**
 * One orchestrator instance of the team-mode tests: on the PostgreSQL store, it runs the webhook
 * dispatcher (woken by LISTEN/NOTIFY) and follows the outbox as an SSE stream would, until SIGTERM;
 * then prints {followed} (how many events the follow saw) as JSON. Argument: a JSON object.
 */
import { WebhookDispatcher } from '../../src/events/webhooks/dispatcher.js';
import { openStore } from '../../src/store/open.js';

interface Options {
  root: string;
  store: string;
  subscriptions: { id: string; url: string; secret: string }[];
  leaseMs?: number;
  timeoutMs?: number;
  applicationName?: string;
}

const options = JSON.parse(process.argv[2] as string) as Options;
const opened = await openStore({ projectRoot: options.root, config: { stateDir: 'ai-state', store: options.store }, env: {}, postgres: { max: 2, retryMs: 30_000, ...(options.applicationName ? { applicationName: options.applicationName } : {}) } });
const stop = new AbortController();
process.once('SIGTERM', () => stop.abort());
const dispatcher = new WebhookDispatcher({
  log: opened.events,
  store: opened.deliveries,
  subscriptions: options.subscriptions,
  timeoutMs: options.timeoutMs ?? 5_000,
  ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
  idleMs: 1_000,
});
let followed = 0;
process.stdout.write('ready\n');
await Promise.all([
  dispatcher.run(stop.signal),
  opened.events.follow(0, (batch) => {
    followed += batch.length;
  }, stop.signal),
]);
await opened.close();
process.stdout.write(JSON.stringify({ followed }));
