// A writer that does every kind of state change at random, forever, printing each change it
// completed ("created <id>", "archived <id>"). The crash test kills it with SIGKILL at random
// moments and then checks that nothing it reported was lost and that the state still loads.
import { FileStore, TaskEngine, defaultConfig } from '../../dist/index.js';

const [root, agent, seedArg] = process.argv.slice(2);
let seed = Number(seedArg) || 1;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const engine = new TaskEngine({ store: new FileStore({ projectRoot: root }), config: defaultConfig() });
const say = (line) => process.stdout.write(`${line}\n`);

for (let i = 0; ; i++) {
  const { tasks } = await engine.list();
  const pick = tasks[Math.floor(random() * tasks.length)];
  const roll = random();
  try {
    if (roll < 0.3 || !pick) {
      const deps = pick && random() < 0.3 ? [pick.id] : [];
      const created = await engine.add([{ title: `Crash test task ${i}`, depends: deps, targets: [`GET /api/items/${i}`] }], agent);
      for (const task of created) say(`created ${task.id}`);
    } else if (roll < 0.55) {
      await engine.claim(pick.id, agent, 60_000);
    } else if (roll < 0.7) {
      await engine.progress(pick.id, `step ${i}`, Math.floor(random() * 100), agent);
    } else if (roll < 0.8) {
      await engine.release(pick.id, agent);
    } else if (roll < 0.9) {
      await engine.complete(pick.id, agent);
      say(`archived ${pick.id}`);
    } else {
      await engine.cancel(pick.id, agent, 'crash test');
      say(`archived ${pick.id}`);
    }
  } catch (error) {
    // Conflicts (claiming a pending task, releasing one not held) are expected in random play.
    if (!error || !['BO_ERR_TASK_CONFLICT', 'BO_ERR_TASK_CLAIMED'].includes(error.code)) throw error;
  }
}
