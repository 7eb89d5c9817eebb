import { defineDynamicRule } from '../define.js';
import { Aborted, statementHead } from './live/apply.js';
import { applyAll, databaseSession, isSession } from './live/session.js';

export default defineDynamicRule({
  id: 'db/migrations-apply',
  area: 'database',
  checklist: 'Migrations tested',
  severity: 'error',
  needs: 'database',
  docs: {
    description:
      'Every migration applies in order on a fresh embedded PostgreSQL (PGlite), or on DATABASE_URL in a scratch database that is dropped afterwards. Migrations run statement by statement, so the statement PostgreSQL rejects is reported at its file and line with PostgreSQL\'s message; the migrations after it are not applied. SQL migration folders (Prisma, up/down pairs, `-- migrate:up/down` sections) run as written; knex and TypeORM migration files are read (the SQL their schema builder or `queryRunner.query` calls produce, without running the code), or, with `--run-js-migrations`, run by the project\'s own knex / TypeORM in a child process against the same database.',
    failing: 'ALTER TABLE users ADD COLUMN role_id INT REFERENCES roles(id); -- roles is created in a later migration',
    passing: '-- create roles first (an earlier migration), then reference it',
    whenNotToUse: 'Migrations written for MySQL or SQLite (the rule is not applicable to them).',
  },
  async run(context, live, reporter) {
    const session = await databaseSession(context, live);
    if (!isSession(session)) return session;
    try {
      const outcome = session.applied ?? (await applyAll(session, live));
      const failure = outcome.failure;
      if (!failure) return undefined;
      const left = outcome.total - outcome.applied - 1;
      const near = failure.errorLine !== undefined && failure.errorLine !== failure.line ? ` (at line ${failure.errorLine})` : '';
      reporter.report({
        file: failure.file,
        line: failure.line,
        message: `${failure.migration} does not apply on a fresh ${session.db.label}: \`${statementHead(failure.statement)}\` fails: ${failure.message}${near}; ${left === 0 ? 'it is the last migration' : `the ${left} migration${left === 1 ? '' : 's'} after it ${left === 1 ? 'was' : 'were'} not applied`}`,
        hint: 'Fix the statement so that the migrations apply in order on an empty database (what every new environment and CI runs): e.g. `prisma migrate reset` or `dbmate drop && dbmate up` locally reproduces it.',
        subject: failure.migration,
      });
      return undefined;
    } catch (error) {
      if (error instanceof Aborted) return { status: 'skipped', reason: 'interrupted' };
      throw error;
    }
  },
});
