// A claiming agent in its own process: waits for the start signal, then claims the best ready
// task again and again until none is left, and prints what it got. Used by the concurrency test
// and the claim benchmark. Runs the built package (dist/), as an installed `bo` would.
import { existsSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { FileStore, TaskEngine, defaultConfig } from '../../dist/index.js';

const [root, agent, goFile] = process.argv.slice(2);
const engine = new TaskEngine({ store: new FileStore({ projectRoot: root }), config: defaultConfig() });
// Loaded: say so, so that a benchmark starts the clock once every agent is up, not while some
// are still compiling their modules on the same cores.
writeFileSync(`${goFile}.${agent}.ready`, '');
while (!existsSync(goFile)) await sleep(1);
const start = Date.now();
const claimed = [];
for (;;) {
  const [task] = await engine.claimNext({ agent });
  if (!task) break;
  claimed.push(task.id);
}
process.stdout.write(JSON.stringify({ agent, claimed, start, end: Date.now() }));
