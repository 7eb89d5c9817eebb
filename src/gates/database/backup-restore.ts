import { defineDynamicRule } from '../define.js';
import { Aborted } from './live/apply.js';
import { backupRoundTrip, configSite } from './live/backup.js';
import { migrationPlan, planProblem } from './live/migrations.js';
import { databaseSession, isSession, migrationsFailed, seeded, seedRows, serverUrl } from './live/session.js';

export default defineDynamicRule({
  id: 'db/backup-restore',
  area: 'database',
  checklist: 'Backup verified',
  severity: 'warning',
  needs: 'database',
  docs: {
    description:
      'The configured backup commands (`database.backup.dump` and `.restore`, run without a shell, with DATABASE_URL and BACKUP_FILE set) round-trip a seeded scratch database: dumped, restored into a second empty scratch database, the two must have the same schema and row counts. Without configured commands the item warns that no backup procedure is configured. It needs a PostgreSQL server (`--database-url` / `database.url`): the embedded one cannot be reached by backup tools.',
    failing: '(no database.backup configured)',
    passing: '"backup": { "dump": "pg_dump -Fc $DATABASE_URL -f $BACKUP_FILE", "restore": "pg_restore --no-owner -d $DATABASE_URL $BACKUP_FILE" }',
    whenNotToUse: 'A managed database whose provider takes and tests the backups (say so with a bo-ignore and the provider\'s procedure).',
  },
  async run(context, live, reporter) {
    const plan = migrationPlan(context, live.options.runJsMigrations === true);
    if (plan.migrations.length === 0 && plan.jsMigrations.length === 0 && context.registry.models.length === 0) {
      return { status: 'not-applicable', reason: 'the project has no database (no migrations, no models)' };
    }
    const commands = context.config.database?.backup;
    if (!commands) {
      reporter.report({
        ...configSite(context),
        message: 'no backup procedure configured: nothing shows that the database can be restored from a backup',
        hint: 'Configure the commands that back up and restore the database in backend-orchestrator.config.json: `"database": { "backup": { "dump": "pg_dump -Fc $DATABASE_URL -f $BACKUP_FILE", "restore": "pg_restore --no-owner -d $DATABASE_URL $BACKUP_FILE" } }`; `bo check --live --database-url …` then tests the round trip.',
      });
      return undefined;
    }
    const url = serverUrl(context, live);
    if (!url) return { status: 'skipped', reason: 'backup commands need a PostgreSQL server: set database.url (or --database-url)' };
    const problem = planProblem(plan);
    if (problem) return problem;
    const session = await databaseSession(context, live);
    if (!isSession(session)) return session;
    let prepared: Awaited<ReturnType<typeof seeded>>;
    try {
      prepared = await seeded(session, live, seedRows(context, live));
    } catch (error) {
      if (error instanceof Aborted) return { status: 'skipped', reason: 'interrupted' };
      throw error;
    }
    const { applied, seeded: outcome } = prepared;
    if (applied.failure || !outcome) return migrationsFailed(applied);
    const source = session.db;
    if (!source.url) return { status: 'skipped', reason: 'the database has no URL for the backup commands' };
    const findings = await backupRoundTrip(context, live, { ...source, url: source.url }, commands, outcome.counts, url);
    for (const finding of findings) reporter.report(finding);
    return undefined;
  },
});
