import { defineDynamicRule } from '../define.js';
import { Aborted } from './live/apply.js';
import { roundTrip } from './live/roundtrip.js';
import { databaseSession, isSession } from './live/session.js';

export default defineDynamicRule({
  id: 'db/rollback-roundtrip',
  area: 'database',
  checklist: 'Rollback plan',
  severity: 'error',
  needs: 'database',
  docs: {
    description:
      "On a fresh database every up migration is applied, then every down step from the last to the first, then the ups again; the catalog (tables, columns with type, nullability and default, constraints, indexes, enums, functions, triggers) is dumped after each step. A down step must give back the schema as it was before its up step, and up → down → up must give the same schema. The finding names the migration whose down step does not undo it and what differs.",
    failing: `-- up.sql
CREATE INDEX users_email_idx ON users (email);
ALTER TABLE users ADD COLUMN nickname TEXT;
-- down.sql (forgets the index)
ALTER TABLE users DROP COLUMN nickname;`,
    passing: `-- down.sql
ALTER TABLE users DROP COLUMN nickname;
DROP INDEX users_email_idx;`,
    whenNotToUse: 'Projects that never roll back and restore from backups instead (db/rollback-exists says which migrations have no down step).',
  },
  async run(context, live, reporter) {
    const session = await databaseSession(context, live);
    if (!isSession(session)) return session;
    try {
      const result = await roundTrip(session, live);
      for (const finding of result.findings) reporter.report(finding);
      return result.verdict;
    } catch (error) {
      if (error instanceof Aborted) return { status: 'skipped', reason: 'interrupted' };
      throw error;
    }
  },
});
