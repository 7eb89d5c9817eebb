/** `bo claim | heartbeat | release`: who works on a task, under a lease. */
import type { Command } from 'commander';
import { BoError } from '../../core/errors.js';
import type { Task } from '../../tasks/schema.js';
import { printJson } from '../io.js';
import { parseDuration } from '../parse.js';
import type { Session } from '../session.js';
import type { Run } from './types.js';

function requireAgent(session: Session, agent: string | undefined, command: string): string {
  const who = agent ?? session.io.env.BO_AGENT;
  if (!who) throw new BoError('BO_ERR_USAGE', `${command} needs --agent <name> (or BO_AGENT)`);
  return who;
}

function print(session: Session, task: Task, text: string): void {
  if (session.json) printJson(session.io, task);
  else session.out(text);
}

export function registerClaims(program: Command, run: Run): void {
  program
    .command('claim')
    .description('claim a ready task for an agent, under a lease that heartbeats renew')
    .argument('<id>', 'task id')
    .option('--agent <name>', 'who claims it (default: $BO_AGENT)')
    .option('--lease <duration>', 'lease length, e.g. 30m, 2h (default from config: 30m)', (v) => parseDuration(v))
    .addHelpText('after', '\nExamples:\n  $ bo claim task-002-api --agent claude-1\n  $ bo claim task-002-api --agent codex --lease 2h --json\n\nExit 3 when another agent holds it or its dependencies are not done.')
    .action((id: string, _opts, cmd: Command) =>
      run(cmd, async (session) => {
        const opts = cmd.opts();
        const task = await (await session.engine()).claim(id, requireAgent(session, opts.agent, 'claim'), opts.lease);
        print(session, task, `Claimed ${task.id} for ${task.claim?.agent} until ${task.claim?.leaseUntil}`);
      }),
    );

  program
    .command('heartbeat')
    .description('renew the lease of a claimed task')
    .argument('<id>', 'task id')
    .option('--agent <name>', 'the claiming agent (default: $BO_AGENT)')
    .addHelpText('after', '\nExample:\n  $ bo heartbeat task-002-api --agent claude-1')
    .action((id: string, _opts, cmd: Command) =>
      run(cmd, async (session) => {
        const task = await (await session.engine()).heartbeat(id, requireAgent(session, cmd.opts().agent, 'heartbeat'));
        print(session, task, `Lease of ${task.id} renewed until ${task.claim?.leaseUntil}`);
      }),
    );

  program
    .command('release')
    .description('give a claimed task back (it becomes ready for others)')
    .argument('<id>', 'task id')
    .option('--agent <name>', 'only if claimed by this agent')
    .addHelpText('after', '\nExample:\n  $ bo release task-002-api --agent claude-1')
    .action((id: string, _opts, cmd: Command) =>
      run(cmd, async (session) => {
        const task = await (await session.engine()).release(id, cmd.opts().agent ?? session.io.env.BO_AGENT);
        print(session, task, `Released ${task.id}; it is ${task.status} again`);
      }),
    );
}
