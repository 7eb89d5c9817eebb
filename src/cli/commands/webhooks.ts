/**
 * The webhook subcommands of `bo events`: `deliver` sends the outbox to the subscriptions of the
 * config (once, or `--follow` until SIGINT/SIGTERM), `dead-letter` lists the deliveries that ran
 * out of attempts and puts them back in the queue, and `verify` checks a webhook someone received
 * (what a receiver does, for debugging one: exit 0 valid, 1 invalid with the reason).
 */
import type { Command } from 'commander';
import { collect, parseDuration } from '../parse.js';
import type { Run } from './types.js';

export function registerWebhookCommands(events: Command, run: Run): void {
  events
    .command('deliver')
    .description('send the outbox to the webhook subscriptions (events.webhooks): what is due now, or --follow until interrupted')
    .option('--follow', 'keep delivering new events and retries until interrupted (Ctrl-C); with --json one line per attempt')
    .option('--subscription <id>', 'only this subscription (its id, or its URL when it has none)')
    .option('--timeout <duration>', 'time limit per attempt (default 10s)', (value: string) => parseDuration(value, '--timeout'))
    .addHelpText(
      'after',
      `
Examples:
  $ bo events deliver
  $ bo events deliver --follow
  $ bo events deliver --subscription frontend --json

Each delivery is a POST of the CloudEvent (application/cloudevents+json) with the Standard Webhooks
headers webhook-id (the event id, the same on every retry), webhook-timestamp and webhook-signature.
Failures are retried with exponential backoff (events.retry); after the last attempt the delivery is
a dead letter (bo events dead-letter).`,
    )
    .action((_opts, cmd: Command) => run(cmd, async (session) => (await import('./webhooks-run.js')).deliver(session, cmd.opts())));

  events
    .command('dead-letter')
    .description('list the deliveries that ran out of attempts, or put them back in the queue')
    .option('--subscription <id>', 'only this subscription')
    .option('--replay <eventId...>', 'put these deliveries back in the queue (attempts reset)')
    .option('--replay-all', 'put every dead letter back in the queue')
    .addHelpText('after', `\nExamples:\n  $ bo events dead-letter\n  $ bo events dead-letter --replay 7f0c…  --subscription frontend\n  $ bo events dead-letter --replay-all && bo events deliver\n\nExit codes: 0 ok · 2 usage · 4 an event id given to --replay has no dead letter.`)
    .action((_opts, cmd: Command) => run(cmd, async (session) => (await import('./webhooks-run.js')).deadLetters(session, cmd.opts())));

  events
    .command('verify')
    .description('check the Standard Webhooks signature of a webhook you received: exit 0 valid, 1 invalid (with the reason)')
    .requiredOption('--secret <secret>', 'the subscription secret: whsec_<base64>, or env:NAME to read it from the environment')
    .option('--body-file <file>', 'the raw body as received (default: stdin; - is stdin)')
    .option('--header <"name: value">', 'a received header (webhook-id, webhook-timestamp, webhook-signature); repeatable', collect)
    .option('--headers-file <file>', 'the received headers as a JSON object')
    .option('--tolerance <seconds>', 'how far webhook-timestamp may be from now (default 300)')
    .option('--now <unix-seconds>', 'check as if at this time (for a recorded delivery)')
    .addHelpText(
      'after',
      `
Examples:
  $ bo events verify --secret env:WEBHOOK_SECRET --body-file body.json \\
      --header 'webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek' --header 'webhook-timestamp: 1614265330' \\
      --header 'webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
  $ curl … | bo events verify --secret whsec_… --headers-file headers.json --json`,
    )
    .action((_opts, cmd: Command) => run(cmd, async (session) => (await import('./webhooks-run.js')).verify(session, cmd.opts())));
}
