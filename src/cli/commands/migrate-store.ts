/**
 * `bo migrate-store --from file --to postgres://…` (and back): moves the project's whole state
 * (tasks, registry, reports, event outbox, webhook delivery state) into an empty store and checks
 * the copy part by part (counts and checksums). Exit 0 when verified, 1 when the copy differs,
 * 3 when the target already holds state.
 */
import type { Command } from 'commander';
import { EXIT } from '../../core/errors.js';
import { printJson, table } from '../io.js';
import type { Session } from '../session.js';
import type { Run } from './types.js';

async function migrateStore(session: Session, opts: { from: string; to: string; dryRun?: boolean }): Promise<number> {
  const { root, config } = await session.config();
  const { migrateState } = await import('../../store/postgres/migrate-state.js');
  const outcome = await migrateState({ projectRoot: root, stateDir: config.stateDir, from: opts.from, to: opts.to, ...(opts.dryRun ? { dryRun: true } : {}) });
  const code = outcome.dryRun || outcome.verified ? EXIT.ok : EXIT.checksFailed;
  if (session.json) {
    printJson(session.io, outcome);
    return code;
  }
  const rows = outcome.sections.map((s) => [s.section, String(s.count), s.checksum.slice(0, 16)]);
  session.out(outcome.dryRun ? `State in ${outcome.from} (dry run: nothing written):` : `Moved ${outcome.from} → ${outcome.to}:`);
  session.io.stdout.write(table(['part', 'count', 'sha-256'], rows, session.paint));
  if (outcome.dryRun) return code;
  if (!outcome.verified) {
    for (const difference of outcome.differences) session.out(session.paint('red', `✗ ${difference}`));
    return code;
  }
  session.out(session.paint('green', '✓ verified: every part has the same count and checksum in the copy'));
  session.out(session.paint('dim', `use it: set "store" in the config${opts.to === 'file' ? ' to "file"' : ''} (or BO_STORE_URL) on every machine; the original is left as it was`));
  return code;
}

export function registerMigrateStore(program: Command, run: Run): void {
  program
    .command('migrate-store')
    .description("move this project's whole state between the file store and PostgreSQL, verified by counts and checksums")
    .requiredOption('--from <store>', '"file" (this project\'s state directory) or a postgres:// URL')
    .requiredOption('--to <store>', '"file" or a postgres:// URL (must be empty)')
    .option('--dry-run', 'read and summarise the source only')
    .addHelpText(
      'after',
      `
Examples:
  $ bo migrate-store --from file --to postgres://bo@db.internal:5432/backend
  $ bo migrate-store --from postgres://bo@db.internal:5432/backend?schema=shop --to file --json
  $ bo migrate-store --from file --to postgres://bo@db:5432/backend --dry-run

Stop workers and servers first: writes made during the move are not carried over.
Exit codes: 0 moved and verified · 1 the copy differs · 2 usage · 3 the target is not empty`,
    )
    .action((opts: { from: string; to: string; dryRun?: boolean }, cmd: Command) => run(cmd, (session) => migrateStore(session, opts)));
}
