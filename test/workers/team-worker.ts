/**
 * One worker process of the team-mode tests: an agent on the PostgreSQL store that claims the best
 * ready task, completes it and publishes `backend.task.done`, until no task is left. Prints
 * {agent, done} as JSON. With `hang`, it prints `claimed <id>` after its first claim and then
 * waits to be killed (the SIGKILL-while-holding-a-claim test). Argument: a JSON object (Options).
 */
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultConfig } from '../../src/config/schema.js';
import { publisher } from '../../src/events/publish.js';
import { openStore } from '../../src/store/open.js';
import { TaskEngine } from '../../src/tasks/engine.js';

interface Options {
  root: string;
  store: string;
  agent: string;
  goFile: string;
  poolMax?: number;
  leaseMs?: number;
  applicationName?: string;
  hang?: boolean;
}

const options = JSON.parse(process.argv[2] as string) as Options;
const opened = await openStore({
  projectRoot: options.root,
  config: { stateDir: 'ai-state', store: options.store },
  env: {},
  postgres: { max: options.poolMax ?? 1, retryMs: 30_000, ...(options.applicationName ? { applicationName: options.applicationName } : {}) },
});
const publish = publisher(opened.events, 'urn:backend-orchestrator:team-test');
const engine = new TaskEngine({ store: opened.store, config: defaultConfig(), publish });
opened.store.readyVersion?.(); // start listening
while (!existsSync(options.goFile)) await sleep(5);
const done: string[] = [];
for (;;) {
  const [task] = await engine.claimNext({ agent: options.agent, ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}) });
  if (!task) {
    if ((await opened.store.listTasks()).tasks.length === 0) break;
    await sleep(20);
    continue;
  }
  if (options.hang) {
    process.stdout.write(`claimed ${task.id}\n`);
    await new Promise(() => setInterval(() => undefined, 60_000));
  }
  await engine.complete(task.id, options.agent);
  await publish([{ type: 'backend.task.done', subject: task.id, data: { task: task.id } }]);
  done.push(task.id);
}
await opened.close();
process.stdout.write(JSON.stringify({ agent: options.agent, done }));
