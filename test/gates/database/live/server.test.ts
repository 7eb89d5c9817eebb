/**
 * The database gates on a PostgreSQL server (env BO_TEST_DATABASE_URL): migrations and the
 * rollback round trip run in a scratch database that is dropped afterwards, and the configured
 * backup commands are round-tripped. Skipped, saying so, when no server is given.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import backupRestore from '../../../../src/gates/database/backup-restore.js';
import migrationsApply from '../../../../src/gates/database/migrations-apply.js';
import queryUsesIndex from '../../../../src/gates/database/query-uses-index.js';
import rollbackRoundtrip from '../../../../src/gates/database/rollback-roundtrip.js';
import { openScratchDatabase } from '../../../../src/gates/database/live/connection.js';
import { databaseSession, isSession } from '../../../../src/gates/database/live/session.js';
import { projectContext } from '../../../helpers/gates.js';
import { at, liveRun, runLive } from './helpers.js';

const SERVER = process.env.BO_TEST_DATABASE_URL;
const HAS_PG_DUMP = spawnSync('pg_dump', ['--version']).status === 0 && spawnSync('pg_restore', ['--version']).status === 0;

const MIGRATIONS = {
  'migrations/1_users.up.sql': 'CREATE TABLE users (\n  id SERIAL PRIMARY KEY,\n  email TEXT NOT NULL UNIQUE,\n  team TEXT NOT NULL\n);\n',
  'migrations/1_users.down.sql': 'DROP TABLE users;\n',
  'migrations/2_team_index.up.sql': 'CREATE INDEX users_team_idx ON users (team);\n',
  'migrations/2_team_index.down.sql': '-- forgets the index\nSELECT 1;\n',
};

describe.skipIf(!SERVER)(`on a PostgreSQL server${SERVER ? '' : ' (skipped: set BO_TEST_DATABASE_URL to a server where databases may be created)'}`, () => {
  const url = SERVER as string;
  const live = liveRun({ databaseUrl: url, seedRows: 2000 });
  let scratch: string | undefined;
  afterAll(async () => {
    expect(await live.close()).toEqual([]);
    // The scratch database is gone.
    const probe = await openScratchDatabase(url, 'bo_check_probe');
    try {
      expect(await probe.query('SELECT datname FROM pg_database WHERE datname = $1', [scratch])).toEqual([]);
    } finally {
      await probe.close();
    }
  });

  it('applies the migrations in a scratch database and finds the index a down step forgets', async () => {
    const context = await projectContext(MIGRATIONS, { config: { database: { queries: ['SELECT id FROM users WHERE email = $1', 'SELECT id FROM users WHERE team = $1'] } } });
    expect(await runLive(migrationsApply, context, live)).toEqual({ findings: [], errors: [], verdict: undefined });
    const session = await databaseSession(context, live);
    if (!isSession(session)) throw new Error(JSON.stringify(session));
    scratch = /scratch database (\S+)/.exec(session.db.label)?.[1];
    expect(scratch).toMatch(/^bo_check_[0-9a-f]{12}$/);
    const rollback = await runLive(rollbackRoundtrip, context, live);
    expect(at(rollback.findings)).toEqual(['migrations/2_team_index.down.sql:2']);
    expect(rollback.findings[0]?.message).toContain('left behind: index public.users_team_idx');
    expect((await runLive(queryUsesIndex, context, live)).findings).toEqual([]);
  });

  it.skipIf(!HAS_PG_DUMP)('round-trips the seeded database through pg_dump / pg_restore, and reports a restore that loses the data', async () => {
    const backup = { dump: 'pg_dump -Fc --no-owner -f $BACKUP_FILE $DATABASE_URL', restore: 'pg_restore --no-owner -d $DATABASE_URL $BACKUP_FILE' };
    const good = await projectContext(MIGRATIONS, { config: { database: { backup } } });
    expect(await runLive(backupRestore, good, live)).toEqual({ findings: [], errors: [], verdict: undefined });
    const lossy = await projectContext(MIGRATIONS, { config: { database: { backup: { ...backup, restore: 'pg_restore --no-owner --schema-only -d $DATABASE_URL $BACKUP_FILE' } } } });
    const result = await runLive(backupRestore, lossy, live);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.message).toContain('row counts public.users: 0 instead of 2000');
  });
});
