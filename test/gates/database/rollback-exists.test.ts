import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/database/rollback-exists.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';
import { lineOf, statusOf } from './helpers.js';

const UP = 'CREATE TABLE users (id BIGSERIAL PRIMARY KEY);\n';
const DOWN = 'DROP TABLE users;\n';

describe('db/rollback-exists', () => {
  it('flags a Prisma migration folder without down.sql at migration.sql, and an empty one at down.sql', async () => {
    const files = {
      'prisma/migrations/20240101000000_init/migration.sql': UP,
      'prisma/migrations/20240102000000_posts/migration.sql': 'CREATE TABLE posts (id BIGSERIAL PRIMARY KEY);\n',
      'prisma/migrations/20240102000000_posts/down.sql': '-- TODO\n',
      'prisma/migrations/20240103000000_tags/migration.sql': 'CREATE TABLE tags (id BIGSERIAL PRIMARY KEY);\n',
      'prisma/migrations/20240103000000_tags/down.sql': 'DROP TABLE tags;\n',
    };
    const findings = await findingsOf(rule, files);
    expect(where(findings)).toEqual(['prisma/migrations/20240101000000_init/migration.sql:1', 'prisma/migrations/20240102000000_posts/down.sql:1']);
    expect(findings[0]?.message).toBe('migration 20240101000000_init has no down step: there is no prisma/migrations/20240101000000_init/down.sql beside it');
    expect(findings[1]?.message).toContain('is empty');
  });

  it('reports a project that never writes down steps once, naming the other migrations', async () => {
    const files = {
      'prisma/migrations/20240101000000_init/migration.sql': UP,
      'prisma/migrations/20240102000000_posts/migration.sql': 'CREATE TABLE posts (id BIGSERIAL PRIMARY KEY);\n',
      'prisma/migrations/20240103000000_tags/migration.sql': 'CREATE TABLE tags (id BIGSERIAL PRIMARY KEY);\n',
    };
    const findings = await findingsOf(rule, files);
    expect(where(findings)).toEqual(['prisma/migrations/20240101000000_init/migration.sql:1']);
    expect(findings[0]?.message).toMatch(/^none of the 3 migrations has a down step/);
    expect(findings[0]?.related?.map((r) => r.file)).toEqual([
      'prisma/migrations/20240102000000_posts/migration.sql',
      'prisma/migrations/20240103000000_tags/migration.sql',
    ]);
  });

  it('pairs golang-migrate up and down files', async () => {
    const files = {
      'db/migrations/000001_users.up.sql': UP,
      'db/migrations/000001_users.down.sql': DOWN,
      'db/migrations/000002_posts.up.sql': 'CREATE TABLE posts (id BIGSERIAL PRIMARY KEY);\n',
    };
    const findings = await findingsOf(rule, files);
    expect(where(findings)).toEqual(['db/migrations/000002_posts.up.sql:1']);
    expect(findings[0]?.message).toContain('db/migrations/000002_posts.down.sql');
  });

  it('reads dbmate sections: missing or empty down flagged, at the marker when there is one', async () => {
    const empty = `-- migrate:up\n${UP}\n-- migrate:down\n-- nothing to undo\n`;
    const files = {
      'db/migrations/20240101_users.sql': `-- migrate:up\n${UP}\n-- migrate:down\n${DOWN}`,
      'db/migrations/20240102_posts.sql': empty,
      'db/migrations/20240103_tags.sql': '-- migrate:up\nCREATE TABLE tags (id INT);\n',
    };
    const findings = await findingsOf(rule, files);
    expect(where(findings)).toEqual([`db/migrations/20240102_posts.sql:${lineOf(empty, 'migrate:down')}`, 'db/migrations/20240103_tags.sql:1']);
  });

  it('flags a knex migration without down, and one whose down does nothing', async () => {
    const noDown = "exports.up = function (knex) {\n  return knex.schema.createTable('users', (t) => t.increments());\n};\n";
    const emptyDown = `${noDown}\nexports.down = function () {};\n`;
    const ok = `${noDown}\nexports.down = (knex) => knex.schema.dropTable('users');\n`;
    const findings = await findingsOf(rule, {
      'migrations/20240101120000_users.js': noDown,
      'migrations/20240102120000_users.js': emptyDown,
      'migrations/20240103120000_users.js': ok,
    });
    expect(where(findings)).toEqual(['migrations/20240101120000_users.js:1', `migrations/20240102120000_users.js:${lineOf(emptyDown, 'exports.down')}`]);
  });

  it('flags a TypeORM migration with an empty down() at the method', async () => {
    const migration = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsers1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE users (id SERIAL PRIMARY KEY)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // irreversible
  }
}
`;
    const findings = await findingsOf(rule, { 'src/migrations/1700000000000-CreateUsers.ts': migration });
    expect(where(findings)).toEqual([`src/migrations/1700000000000-CreateUsers.ts:${lineOf(migration, 'async down')}`]);
  });

  it('passes sequelize-cli and Kysely migrations with a down, and flags node-pg-migrate down = false', async () => {
    const sequelize = "'use strict';\nmodule.exports = {\n  async up(queryInterface) { await queryInterface.createTable('users', {}); },\n  async down(queryInterface) { await queryInterface.dropTable('users'); },\n};\n";
    const kysely = "export async function up(db) {\n  await db.schema.createTable('users').execute();\n}\n\nexport async function down(db) {\n  await db.schema.dropTable('users').execute();\n}\n";
    const pgMigrate = "exports.up = (pgm) => {\n  pgm.createTable('users', { id: 'id' });\n};\nexports.down = false;\n";
    const findings = await findingsOf(rule, {
      'migrations/20240101-create-user.js': sequelize,
      'src/db/migrations/2024_01_01_users.ts': kysely,
      'migrations/1700000000000_users.js': pgMigrate,
    });
    expect(where(findings)).toEqual(['migrations/1700000000000_users.js:4']);
    expect(findings[0]?.message).toContain('irreversible');
  });

  it('flags a Kysely migration exporting only up, and pairs Flyway V and U scripts', async () => {
    const findings = await findingsOf(rule, {
      'src/db/migrations/2024_01_01_users.ts': "import { Kysely } from 'kysely';\n\nexport async function up(db: Kysely<unknown>): Promise<void> {\n  await db.schema.createTable('users').execute();\n}\n",
      'db/migration/V1__users.sql': UP,
      'db/migration/U1__users.sql': DOWN,
      'db/migration/V2__posts.sql': 'CREATE TABLE posts (id INT);\n',
    });
    expect(where(findings)).toEqual(['db/migration/V2__posts.sql:1', 'src/db/migrations/2024_01_01_users.ts:3']);
    expect(findings[0]?.message).toContain('db/migration/U2__posts.sql');
  });

  it('ignores helpers in a migrations folder and test files', async () => {
    const findings = await findingsOf(rule, {
      'migrations/index.ts': 'export function up() {}\n',
      'test/migrations/20240101_fixture.ts': 'export function up() {}\n',
      'migrations/0001_init.sql': UP,
      'migrations/0001_init.down.sql': DOWN,
    });
    expect(findings).toEqual([]);
  });

  it('is not applicable without migrations', async () => {
    const run = runRule(rule, await projectContext({ 'prisma/schema.prisma': 'model A {\n  id Int @id\n}\n' }));
    expect(statusOf(run, rule.id)).toBe('not-applicable');
  });
});
