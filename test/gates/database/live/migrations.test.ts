/**
 * db/migrations-apply and db/rollback-roundtrip on a real embedded PostgreSQL (one PGlite for the
 * file, reset between projects), over small projects in the conventions real ones use: plain SQL
 * folders, golang-migrate `x.up.sql` / `x.down.sql` pairs, dbmate `-- migrate:up` / `-- migrate:down`
 * sections; and what the gates say of projects they cannot run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import migrationsApply from '../../../../src/gates/database/migrations-apply.js';
import rollbackRoundtrip from '../../../../src/gates/database/rollback-roundtrip.js';
import { databaseSession, isSession } from '../../../../src/gates/database/live/session.js';
import type { LiveRun } from '../../../../src/gates/live/context.js';
import { projectContext } from '../../../helpers/gates.js';
import { at, liveRun, runLive } from './helpers.js';

let live: LiveRun;
beforeAll(() => {
  live = liveRun();
});
afterAll(async () => {
  expect(await live.close()).toEqual([]);
});

const USERS = 'CREATE TABLE users (\n  id SERIAL PRIMARY KEY,\n  email TEXT NOT NULL\n);\n';

describe('db/migrations-apply', () => {
  it('reports the statement PostgreSQL rejects at its line, with its message, and applies nothing after it', async () => {
    const context = await projectContext({
      'migrations/001_users.sql': USERS,
      'migrations/002_orders.sql': '-- orders\nCREATE TABLE orders (id SERIAL PRIMARY KEY);\n\nALTER TABLE orders\n  ADD COLUMN total NUMERIC NOT NULL DEFALT 0;\n',
      'migrations/003_invoices.sql': 'CREATE TABLE invoices (id SERIAL PRIMARY KEY);\n',
    });
    const result = await runLive(migrationsApply, context, live);
    expect(result.verdict).toBeUndefined();
    expect(at(result.findings)).toEqual(['migrations/002_orders.sql:4']);
    const message = result.findings[0]?.message ?? '';
    expect(message).toContain('syntax error at or near "DEFALT"');
    expect(message).toContain('(at line 5)');
    expect(message).toContain('the 1 migration after it was not applied');
    const session = await databaseSession(context, live);
    if (!isSession(session)) throw new Error('no database');
    expect(await session.db.query("SELECT to_regclass('public.orders')::text AS orders, to_regclass('public.invoices')::text AS invoices")).toEqual([{ orders: 'orders', invoices: null }]);
  });

  it('reports a migration that depends on a later one (the table it references does not exist yet)', async () => {
    const context = await projectContext({
      'db/migrations/1_posts.sql': 'CREATE TABLE posts (\n  id SERIAL PRIMARY KEY,\n  author_id INT NOT NULL REFERENCES authors(id)\n);\n',
      'db/migrations/2_authors.sql': 'CREATE TABLE authors (id SERIAL PRIMARY KEY);\n',
    });
    const result = await runLive(migrationsApply, context, live);
    expect(at(result.findings)).toEqual(['db/migrations/1_posts.sql:1']);
    expect(result.findings[0]?.message).toContain('relation "authors" does not exist');
  });

  it('passes migrations that apply in order (dbmate sections: only the up part runs)', async () => {
    const context = await projectContext({
      'db/migrations/20240101000000_users.sql': `-- migrate:up\n${USERS}\n-- migrate:down\nDROP TABLE users;\n`,
      'db/migrations/20240102000000_email_index.sql': '-- migrate:up\nCREATE UNIQUE INDEX users_email_key ON users (email);\n\n-- migrate:down\nDROP INDEX users_email_key;\n',
    });
    expect(await runLive(migrationsApply, context, live)).toEqual({ findings: [], errors: [], verdict: undefined });
    expect(await runLive(rollbackRoundtrip, context, live)).toEqual({ findings: [], errors: [], verdict: undefined });
  });
});

describe('db/rollback-roundtrip', () => {
  it('names the index a down step forgets to drop, at that down step', async () => {
    const context = await projectContext({
      'migrations/1_users.up.sql': USERS,
      'migrations/1_users.down.sql': 'DROP TABLE users;\n',
      'migrations/2_nickname.up.sql': 'CREATE INDEX users_email_idx ON users (email);\nALTER TABLE users ADD COLUMN nickname TEXT;\n',
      'migrations/2_nickname.down.sql': '-- undo 2\nALTER TABLE users DROP COLUMN nickname;\n',
    });
    const result = await runLive(rollbackRoundtrip, context, live);
    expect(result.verdict).toBeUndefined();
    expect(at(result.findings)).toEqual(['migrations/2_nickname.down.sql:2']);
    const [finding] = result.findings;
    expect(finding?.message).toBe(
      'the down step of migrations/2_nickname.up.sql does not undo it: left behind: index public.users_email_idx (CREATE INDEX users_email_idx ON public.users USING btree (email))',
    );
    expect(finding?.hint).toContain('DROP INDEX public.users_email_idx;');
    expect(finding?.related).toEqual([{ file: 'migrations/2_nickname.up.sql', line: 1, message: 'the up step creates index public.users_email_idx' }]);
  });

  it('reports a down step that fails, and a column type the down step does not restore', async () => {
    const failing = await projectContext({
      'migrations/1_users.up.sql': USERS,
      'migrations/1_users.down.sql': 'DROP TABLE userz;\n',
    });
    const result = await runLive(rollbackRoundtrip, failing, live);
    expect(at(result.findings)).toEqual(['migrations/1_users.down.sql:1']);
    expect(result.findings[0]?.message).toBe('the down step of migrations/1_users.up.sql fails at `DROP TABLE userz`: table "userz" does not exist');

    const changed = await projectContext({
      'migrations/1_users.up.sql': USERS,
      'migrations/1_users.down.sql': 'DROP TABLE users;\n',
      'migrations/2_email.up.sql': 'ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(200);\n',
      'migrations/2_email.down.sql': 'ALTER TABLE users ALTER COLUMN email TYPE VARCHAR(100);\n',
    });
    const second = await runLive(rollbackRoundtrip, changed, live);
    expect(at(second.findings)).toEqual(['migrations/2_email.down.sql:1']);
    expect(second.findings[0]?.message).toContain('changed: column public.users.email (text not null → character varying(100) not null)');
  });

  it('is skipped when the last migration has no down step (db/rollback-exists reports it)', async () => {
    const context = await projectContext({ 'migrations/001_users.sql': USERS });
    const result = await runLive(rollbackRoundtrip, context, live);
    expect(result.verdict).toEqual({ status: 'skipped', reason: 'the last migration (migrations/001_users.sql) has no down step: nothing to roll back (see db/rollback-exists)' });
  });
});

describe('projects the gates cannot run', () => {
  it('reads knex migrations without running them; what it cannot read is skipped with the line and the flag that runs them', async () => {
    const readable = await projectContext({
      'migrations/20240101_create_users.js': "exports.up = (knex) => knex.schema.createTable('users', (t) => t.increments());\nexports.down = (knex) => knex.schema.dropTable('users');\n",
    });
    const applied = await runLive(migrationsApply, readable, liveRun());
    expect(applied.findings).toEqual([]);
    expect(applied.verdict).toBeUndefined();
    const unreadable = await projectContext({
      'migrations/20240101_create_users.js': "exports.up = async (knex) => {\n  for (const name of ['a', 'b']) await knex.schema.createTable(name, (t) => t.increments());\n};\n",
    });
    const skipped = await runLive(migrationsApply, unreadable, liveRun());
    expect(skipped.verdict).toEqual({ status: 'skipped', reason: expect.stringMatching(/^migrations\/20240101_create_users\.js:2: .*; pass --run-js-migrations to run the migration files instead \(executes project code\)$/) });
  });

  it('is not applicable without migrations, or with MySQL ones', async () => {
    const none = await projectContext({ 'src/index.ts': 'export {};\n' });
    expect((await runLive(migrationsApply, none, live)).verdict).toMatchObject({ status: 'not-applicable' });
    const mysql = await projectContext({ 'migrations/001_users.sql': 'CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY);\n' }, { config: { migrations: { dialect: 'mysql' } } });
    expect((await runLive(migrationsApply, mysql, live)).verdict).toEqual({ status: 'not-applicable', reason: 'the migrations are written for MySQL; the live database gates run PostgreSQL' });
  });
});
