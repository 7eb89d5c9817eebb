/** `bo next`: the best ready task(s), optionally claimed in the same step. */
import type { Command } from 'commander';
import { BoError } from '../../core/errors.js';
import { printJson } from '../io.js';
import { parseDuration, parsePositiveInt } from '../parse.js';
import { taskSummary } from '../render-task.js';
import type { Run } from './types.js';

export function registerNext(program: Command, run: Run): void {
  program
    .command('next')
    .description('show the best ready task: priority, then how many tasks it unblocks, then age')
    .option('--skill <skill>', 'only tasks of this skill')
    .option('--batch <n>', 'up to N ready tasks whose targets do not overlap (for parallel agents)', (v) => parsePositiveInt(v, '--batch'))
    .option('--claim', 'claim the task(s) too (needs --agent)')
    .option('--agent <name>', 'the agent claiming (default: $BO_AGENT)')
    .option('--lease <duration>', 'claim lease, e.g. 30m (default from config)', (v) => parseDuration(v))
    .addHelpText(
      'after',
      `
Examples:
  $ bo next
  $ bo next --skill database --json
  $ bo next --batch 3 --json            # three tasks that touch different endpoints/models
  $ bo next --claim --agent claude-1    # take the best task in one step

--json prints the task object, or null when nothing is ready; with --batch, an array.`,
    )
    .action((_opts, cmd: Command) =>
      run(cmd, async (session) => {
        const opts = cmd.opts();
        const engine = await session.engine();
        let tasks;
        if (opts.claim) {
          const agent = opts.agent ?? session.io.env.BO_AGENT;
          if (!agent) throw new BoError('BO_ERR_USAGE', 'next --claim needs --agent <name> (or BO_AGENT)');
          tasks = await engine.claimNext({ agent, skill: opts.skill, batch: opts.batch, leaseMs: opts.lease });
        } else {
          tasks = await engine.next({ skill: opts.skill, batch: opts.batch });
        }
        if (session.json) {
          printJson(session.io, opts.batch === undefined ? (tasks[0] ?? null) : tasks);
          return;
        }
        if (tasks.length === 0) {
          session.out(opts.claim ? 'No ready task could be claimed.' : 'No task is ready.');
          return;
        }
        for (const task of tasks) session.io.stdout.write(taskSummary(task, session.paint));
        if (!opts.claim) session.out(session.paint('dim', `\nclaim it: bo claim ${tasks[0]?.id} --agent <name>`));
      }),
    );
}
