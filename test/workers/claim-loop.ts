/**
 * Claiming agents in one process, for the team-mode tests and the benchmark: `workers` agents,
 * each with its own task engine over this process's store (file or PostgreSQL), wait for the start
 * file, then claim the best ready task again and again until none is left, timing every claim.
 * The tasks are listed once before the start (warm, as a running instance is).
 * Prints {claimed, latencies, start, end} as JSON. Argument: a JSON object (see Options).
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultConfig } from '../../src/config/schema.js';
import { openStore } from '../../src/store/open.js';
import { TaskEngine } from '../../src/tasks/engine.js';

interface Options {
  root: string;
  /** `file` or a postgres:// URL. */
  store: string;
  workers: number;
  agent: string;
  goFile: string;
  poolMax?: number;
}

const options = JSON.parse(process.argv[2] as string) as Options;
const opened = await openStore({ projectRoot: options.root, config: { stateDir: 'ai-state', store: options.store }, env: {}, postgres: { max: options.poolMax ?? 4 } });
await opened.store.init();
opened.store.readyVersion?.(); // start listening before the clock does
const engines = Array.from({ length: options.workers }, () => new TaskEngine({ store: opened.store, config: defaultConfig() }));
// Read the tasks once before the clock starts, as a running instance has: the figures are those
// of instances at work, not of their first listing.
await engines[0]?.list();
await sleep(200);
while (!existsSync(options.goFile)) await sleep(1);
const start = Date.now();
const claimed: string[] = [];
const latencies: number[] = [];
await Promise.all(
  engines.map(async (engine, i) => {
    const agent = `${options.agent}-${i}`;
    for (;;) {
      const began = performance.now();
      const [task] = await engine.claimNext({ agent });
      if (!task) return;
      latencies.push(performance.now() - began);
      claimed.push(task.id);
    }
  }),
);
const end = Date.now();
await opened.close();
process.stdout.write(JSON.stringify({ claimed, latencies, start, end }));
