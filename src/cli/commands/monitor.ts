/** `bo progress | block | unblock | cancel`: monitoring and explicit state changes. */
import type { Command } from 'commander';
import { BoError } from '../../core/errors.js';
import type { Task } from '../../tasks/schema.js';
import { printJson } from '../io.js';
import { parsePercent } from '../parse.js';
import type { Session } from '../session.js';
import type { Run } from './types.js';

function print(session: Session, task: Task, text: string): void {
  if (session.json) printJson(session.io, task);
  else session.out(text);
}

export function registerMonitor(program: Command, run: Run): void {
  program
    .command('progress')
    .description('record progress on a claimed task (also renews its lease)')
    .argument('<id>', 'task id')
    .argument('<message>', 'what was done')
    .option('--percent <n>', 'how far along, 0-100', parsePercent)
    .option('--agent <name>', 'the claiming agent (default: $BO_AGENT)')
    .addHelpText('after', '\nExample:\n  $ bo progress task-002-api "handler and validation done" --percent 60 --agent claude-1')
    .action((id: string, message: string, _opts, cmd: Command) =>
      run(cmd, async (session) => {
        const opts = cmd.opts();
        const task = await (await session.engine()).progress(id, message, opts.percent, opts.agent ?? session.io.env.BO_AGENT);
        print(session, task, `Progress on ${task.id}${opts.percent !== undefined ? ` (${opts.percent}%)` : ''}: ${message}`);
      }),
    );

  program
    .command('block')
    .description('mark a task blocked, with the reason (its claim is released)')
    .argument('<id>', 'task id')
    .requiredOption('--reason <text>', 'why it cannot go on')
    .option('--agent <name>', 'who blocks it (default: $BO_AGENT or the OS user)')
    .addHelpText('after', '\nExample:\n  $ bo block task-002-api --reason "needs the payments API key"')
    .action((id: string, _opts, cmd: Command) =>
      run(cmd, async (session) => {
        const opts = cmd.opts();
        const task = await (await session.engine()).block(id, opts.reason, session.actor(opts.agent));
        print(session, task, `Blocked ${task.id}: ${task.blockedReason}`);
      }),
    );

  program
    .command('unblock')
    .description('return a blocked task to ready (or pending if it still waits on dependencies)')
    .argument('<id>', 'task id')
    .option('--agent <name>', 'who unblocks it')
    .action((id: string, _opts, cmd: Command) =>
      run(cmd, async (session) => {
        const task = await (await session.engine()).unblock(id, session.actor(cmd.opts().agent));
        print(session, task, `Unblocked ${task.id}; it is ${task.status}`);
      }),
    );

  program
    .command('cancel')
    .description('cancel a task (it moves to the archive)')
    .argument('<id>', 'task id')
    .option('--reason <text>', 'why')
    .option('--agent <name>', 'who cancels it')
    .addHelpText('after', '\nExample:\n  $ bo cancel task-007-legacy-export --reason "superseded by task-009"')
    .action((id: string, _opts, cmd: Command) =>
      run(cmd, async (session) => {
        const opts = cmd.opts();
        if (opts.reason !== undefined && !String(opts.reason).trim()) throw new BoError('BO_ERR_USAGE', '--reason must not be empty');
        const task = await (await session.engine()).cancel(id, session.actor(opts.agent), opts.reason);
        print(session, task, `Cancelled ${task.id}`);
      }),
    );
}
