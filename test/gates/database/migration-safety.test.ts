import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/database/migration-safety.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';
import { lineOf, statusOf } from './helpers.js';

const INIT = `CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  name VARCHAR(50),
  age INTEGER,
  team_id BIGINT
);
CREATE TABLE teams (id BIGSERIAL PRIMARY KEY);
`;

/** The findings of a second migration, run after INIT created the tables. */
async function later(sql: string, config?: Record<string, unknown>) {
  return findingsOf(rule, { 'migrations/001_init.sql': INIT, 'migrations/002_change.sql': sql }, config ? { config } : {});
}

describe('db/migration-safety', () => {
  it('passes the first migration: its tables are new', async () => {
    const sql = `${INIT}ALTER TABLE users ADD COLUMN email TEXT NOT NULL;
CREATE INDEX users_name_idx ON users (name);
ALTER TABLE users ADD CONSTRAINT users_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id);
ALTER TABLE users DROP COLUMN age;
`;
    expect(await findingsOf(rule, { 'migrations/001_init.sql': sql })).toEqual([]);
  });

  it('flags ADD COLUMN NOT NULL without DEFAULT on an existing table, not with a DEFAULT', async () => {
    const sql = "ALTER TABLE users ADD COLUMN email TEXT NOT NULL;\nALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'member';\nALTER TABLE users ADD COLUMN seq BIGSERIAL NOT NULL;\n";
    const findings = await later(sql);
    expect(where(findings)).toEqual(['migrations/002_change.sql:1']);
    expect(findings[0]?.message).toContain('ADD COLUMN email NOT NULL without a DEFAULT on the existing table users');
  });

  it('flags CREATE INDEX without CONCURRENTLY on an existing table (PostgreSQL only)', async () => {
    const sql = '-- speed up lookups\nCREATE INDEX users_name_idx ON users (name);\nCREATE INDEX CONCURRENTLY users_age_idx ON users (age);\n';
    expect(where(await later(sql))).toEqual(['migrations/002_change.sql:2']);
    expect(await later(sql, { migrations: { dialect: 'mysql' } })).toEqual([]);
  });

  it('flags ADD FOREIGN KEY without NOT VALID, and ADD UNIQUE, on an existing table', async () => {
    const sql = `ALTER TABLE users ADD CONSTRAINT users_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id);
ALTER TABLE users ADD CONSTRAINT users_team2_fkey FOREIGN KEY (team_id) REFERENCES teams (id) NOT VALID;
ALTER TABLE users ADD CONSTRAINT users_name_key UNIQUE (name);
`;
    const findings = await later(sql);
    expect(where(findings)).toEqual(['migrations/002_change.sql:1', 'migrations/002_change.sql:3']);
    expect(findings[0]?.hint).toContain('VALIDATE CONSTRAINT users_team_fkey');
  });

  it('flags DROP and RENAME of columns and tables', async () => {
    const sql = 'ALTER TABLE users DROP COLUMN age;\nALTER TABLE users RENAME COLUMN name TO full_name;\nALTER TABLE teams RENAME TO groups;\nDROP TABLE groups;\n';
    const findings = await later(sql);
    expect(where(findings)).toEqual([1, 2, 3, 4].map((line) => `migrations/002_change.sql:${line}`));
    expect(findings.map((f) => f.message.split(' ').slice(0, 2).join(' '))).toEqual(['DROP COLUMN', 'RENAME COLUMN', 'RENAME TABLE', 'DROP TABLE']);
  });

  it('is silenced by a bo-ignore comment with a reason above the statement', async () => {
    const sql = '-- bo-ignore db/migration-safety: users is empty until the launch\nALTER TABLE users ADD COLUMN email TEXT NOT NULL;\n';
    expect(await later(sql)).toEqual([]);
  });

  it('flags a column type change and SET NOT NULL, not a widened VARCHAR or NUMERIC', async () => {
    const sql = 'ALTER TABLE users ALTER COLUMN age TYPE BIGINT;\nALTER TABLE users ALTER COLUMN name TYPE VARCHAR(200);\nALTER TABLE users ALTER COLUMN name SET NOT NULL;\nALTER TABLE teams ADD COLUMN budget NUMERIC(10,2);\nALTER TABLE teams ALTER COLUMN budget TYPE NUMERIC(12,2);\n';
    const findings = await later(sql);
    expect(where(findings)).toEqual(['migrations/002_change.sql:1', 'migrations/002_change.sql:3']);
    expect(findings[0]?.message).toContain('changes type from integer to bigint');
  });

  it('flags MySQL MODIFY that changes a type', async () => {
    const files = { 'migrations/001_init.sql': 'CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, age INT);\n', 'migrations/002_change.sql': 'ALTER TABLE users MODIFY age BIGINT;\n' };
    const findings = await findingsOf(rule, files, { config: { migrations: { dialect: 'mysql' } } });
    expect(where(findings)).toEqual(['migrations/002_change.sql:1']);
  });

  it("passes SQLite's table rebuild (create new_t, copy, drop t, rename new_t to t)", async () => {
    const rebuild = `PRAGMA foreign_keys=OFF;
CREATE TABLE "new_users" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL);
INSERT INTO "new_users" ("id", "name") SELECT "id", "name" FROM "users";
DROP TABLE "users";
ALTER TABLE "new_users" RENAME TO "users";
CREATE INDEX "users_name_idx" ON "users"("name");
PRAGMA foreign_keys=ON;
`;
    const files = { 'prisma/migrations/1_init/migration.sql': 'CREATE TABLE "users" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT);\n', 'prisma/migrations/2_required/migration.sql': rebuild };
    expect(await findingsOf(rule, files, { config: { migrations: { dialect: 'sqlite' } } })).toEqual([]);
  });

  it('reads only the up section of a dbmate migration, at the statement line', async () => {
    const sql = '-- migrate:up\nALTER TABLE users\n  DROP COLUMN age;\n\n-- migrate:down\nALTER TABLE users ADD COLUMN age INTEGER;\nDROP TABLE teams;\n';
    const findings = await later(sql);
    expect(where(findings)).toEqual([`migrations/002_change.sql:${lineOf(sql, 'ALTER TABLE users')}`]);
  });

  it('skips Flyway undo scripts and down/ copies: they are not up steps', async () => {
    const files = { 'db/migration/V1__init.sql': INIT, 'db/migration/U1__init.sql': 'DROP TABLE users;\nDROP TABLE teams;\n', 'db/migration/down/V1__init.sql': 'DROP TABLE users;\n' };
    expect(await findingsOf(rule, files)).toEqual([]);
  });

  it('is not applicable without SQL migrations', async () => {
    const run = runRule(rule, await projectContext({ 'prisma/schema.prisma': 'model A {\n  id Int @id\n}\n' }));
    expect(statusOf(run, rule.id)).toBe('not-applicable');
  });
});
