/**
 * `bo submit <id>`: validate a task's work with its gates. Exit 0 when it passed (the task is
 * done), 1 when it failed (the failures are printed, ready to hand back to the agent), 3 when the
 * task cannot be submitted now (claimed by another agent, already being validated).
 */
import type { Command } from 'commander';
import { EXIT } from '../../core/errors.js';
import { printJson } from '../io.js';
import type { Session } from '../session.js';
import { liveOptions, withInterrupt } from './check.js';
import type { Run } from './types.js';

async function submit(session: Session, id: string, opts: Record<string, unknown>): Promise<number> {
  const [{ submitTask }, { failuresText }, { submitDocsHooks }, { submitAnswer }] = await Promise.all([
    import('../../tasks/submit/submit.js'),
    import('../../tasks/submit/scope.js'),
    import('../../tasks/submit/docs-hooks.js'),
    import('../../tasks/submit/answer.js'),
  ]);
  const { root, config } = await session.config();
  const store = await session.store();
  const engine = await session.engine();
  const tty = Boolean(session.io.stderr.isTTY) && !session.json;
  const progress = tty ? (phase: string, done: number, total: number) => session.io.stderr.write(`\r\u001b[2K${phase} ${total > 1 ? `${done}/${total}` : '…'}`) : undefined;
  const live = liveOptions(session, opts);
  const outcome = await withInterrupt((signal) =>
    submitTask(id, {
      root,
      config,
      store,
      engine,
      actor: session.actor(opts.agent as string | undefined),
      ...(opts.live !== undefined ? { live: Boolean(opts.live) } : {}),
      liveOptions: { ...(live.databaseUrl ? { databaseUrl: live.databaseUrl } : {}), ...(live.runJsMigrations ? { runJsMigrations: true } : {}) },
      signal,
      ...(progress ? { progress } : {}),
      publish: async (drafts) => {
        await session.publish(drafts);
      },
      ...submitDocsHooks(root, config),
    }),
  );
  if (tty) session.io.stderr.write('\r\u001b[2K');
  await deliverWebhooks(session);

  if (session.json) {
    printJson(session.io, submitAnswer(outcome));
  } else if (outcome.verdict === 'pass') {
    session.out(`${session.paint('green', 'pass')}: ${id} is done (attempt ${outcome.attempt}; gates: ${outcome.gates.areas.join(', ')}${outcome.gates.live ? ', live' : ''})`);
    for (const [endpoint, figures] of Object.entries(outcome.performance)) session.out(`  ${endpoint}: avg ${figures.avg} ms, p95 ${figures.p95} ms over ${figures.requests} requests`);
    if (outcome.warnings.length) session.out(session.paint('yellow', `  ${outcome.warnings.length} warning${outcome.warnings.length === 1 ? '' : 's'} (bo submit --json lists them)`));
  } else {
    session.out(`${session.paint('red', 'fail')}: ${id} — ${outcome.failures.length} failing item${outcome.failures.length === 1 ? '' : 's'} (attempt ${outcome.attempt})`);
    session.out(failuresText(outcome.failures));
    if (outcome.blocked) session.out(session.paint('red', `blocked: ${outcome.blocked}`));
    else session.out(session.paint('dim', `${id} is back in progress for ${outcome.task.claim?.agent ?? 'its agent'}: fix the items above and submit again`));
  }
  return outcome.verdict === 'pass' ? EXIT.ok : EXIT.checksFailed;
}

/**
 * A best-effort delivery of what the command published, when webhooks are configured: a short
 * pass, never failing the command. What is not delivered now stays pending in the delivery state
 * for `bo events deliver` or `bo serve`.
 */
export async function deliverWebhooks(session: Session): Promise<void> {
  const { config } = await session.config();
  if (!config.events?.webhooks?.length) return;
  try {
    const { deliverOnce } = await import('./webhooks-run.js');
    await deliverOnce(session, { budgetMs: 10_000 });
  } catch (error) {
    session.warn(`webhook delivery postponed: ${(error as Error).message}`);
  }
}

export function registerSubmit(program: Command, run: Run): void {
  program
    .command('submit')
    .description('validate a task with its gates: pass → done (docs, events); fail → back to the agent with the failing items')
    .argument('<id>', 'the task id')
    .option('--agent <name>', 'who submits (default: $BO_AGENT or the OS user); must hold the claim')
    .option('--live', 'run the live gates even if submit.live is false')
    .option('--no-live', 'static gates only')
    .option('--database-url <url>', 'a PostgreSQL server for the database gates (default: DATABASE_URL, else embedded PGlite)')
    .option('--run-js-migrations', 'run knex/TypeORM migration files (executes project code)')
    .addHelpText(
      'after',
      `
Examples:
  $ bo submit task-001-add-pagination-get-api --agent claude-1
  $ bo submit task-002-add-index --no-live --json

Exit codes: 0 passed (done) · 1 gates failed (back in progress, or blocked after submit.maxAttempts) · 3 cannot submit now · 4 no such task`,
    )
    .action((id: string, _opts, cmd: Command) => run(cmd, (session) => submit(session, id, cmd.opts())));
}
