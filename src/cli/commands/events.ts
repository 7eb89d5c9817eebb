/**
 * `bo emit` appends an event to the outbox (ai-state/events/backend.jsonl); `bo events` lists it,
 * from a cursor (`--since` a seq or an event id), by type, or follows it until SIGINT/SIGTERM.
 * The webhook subcommands (`bo events deliver | dead-letter | verify`) hang off the same command.
 *
 * The listing is `bo events list`, the default subcommand, rather than an action on `events`
 * itself: commander gives a parent's options precedence over its subcommands' wherever they
 * appear, so a parent `--follow` would swallow `bo events deliver --follow`.
 */
import type { Command } from 'commander';
import { collect, parsePositiveInt } from '../parse.js';
import type { Run } from './types.js';
import { registerWebhookCommands } from './webhooks.js';

export function registerEvents(program: Command, run: Run): void {
  program
    .command('emit')
    .description('append an event to the outbox (ai-state/events/backend.jsonl); a repeat of the same source and id is ignored')
    .argument('<type>', 'the event type, e.g. backend.task.done or frontend.api.request')
    .option('--data <json>', 'the event data as JSON')
    .option('--data-file <path>', 'read the event data (JSON) from a file')
    .option('--subject <subject>', 'what the event is about: a task id or an endpoint')
    .option('--id <id>', 'the event id (default: a new UUID); the same id and source again is a duplicate')
    .option('--source <uri>', 'the event source (default: events.source in the config, else urn:backend-orchestrator:<project>)')
    .addHelpText(
      'after',
      `\nExamples:\n  $ bo emit frontend.api.request --data '{"endpoint": "/api/products", "requirements": ["pagination"]}'\n  $ bo emit backend.task.done --subject task-002-api --data-file done.json --json`,
    )
    .action((type: string, _opts, cmd: Command) => run(cmd, async (session) => (await import('./events-run.js')).emit(session, type, cmd.opts())));

  const events = program
    .command('events')
    .description('the event log: list or follow it (default), deliver webhooks, dead letters, verify signatures')
    .addHelpText('after', `\nbo events [options] is bo events list [options]: --type <pattern...>, --since <seq-or-id>, --limit <n>, --follow\n(bo events list --help says more).`);
  events
    .command('list', { isDefault: true })
    .description('list the events in the log, oldest first (the default: `bo events` is `bo events list`)')
    .option('--type <pattern...>', 'only these types: exact, or a prefix with * (backend.task.*); repeatable', collect)
    .option('--since <seq-or-id>', 'only events after this sequence number or event id')
    .option('--limit <n>', 'at most this many events', (value: string) => parsePositiveInt(value, '--limit'))
    .option('--follow', 'keep printing new events until interrupted (Ctrl-C); with --json one object per line')
    .addHelpText('after', `\nExamples:\n  $ bo events --type 'backend.task.*' --limit 20\n  $ bo events --since 42 --json\n  $ bo events --follow --json`)
    .action((_opts, cmd: Command) => run(cmd, async (session) => (await import('./events-run.js')).list(session, cmd.opts())));

  registerWebhookCommands(events, run);
}
