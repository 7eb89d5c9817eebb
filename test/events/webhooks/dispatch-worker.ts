/**
 * A webhook dispatcher in its own process (run with `node --import tsx`), for the test that two
 * processes on one state directory never send the same delivery: waits for the start file, then
 * delivers until the outbox is drained, and prints how many passes found the lease busy.
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { FileDeliveryStore } from '../../../src/events/webhooks/deliveries.js';
import { WebhookDispatcher } from '../../../src/events/webhooks/dispatcher.js';
import { FileEventLog } from '../../../src/store/file/event-log.js';
import { stateLayout } from '../../../src/store/file/layout.js';

const [root, url, secret, goFile] = process.argv.slice(2) as [string, string, string, string];
const layout = stateLayout(root);
const log = new FileEventLog(layout);
const store = new FileDeliveryStore(layout);
const dispatcher = new WebhookDispatcher({ log, store, subscriptions: [{ id: 'hook', url, secret }], timeoutMs: 5000 });
const total = await log.lastSeq();
while (!existsSync(goFile)) await sleep(1);
let busy = 0;
let delivered = 0;
for (;;) {
  const pass = (await dispatcher.deliverDue()).subscriptions[0]!;
  if (pass.busy) busy++;
  delivered += pass.delivered;
  const state = await store.read('hook');
  if (state.cursor >= total && state.pending.length === 0) break;
  await sleep(2);
}
process.stdout.write(JSON.stringify({ busy, delivered }));
