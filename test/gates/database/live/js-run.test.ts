/**
 * `--run-js-migrations`: knex and TypeORM migration files run by the project's own packages in a
 * child process, against the embedded PostgreSQL served on a loopback socket. The project here
 * borrows this repository's node_modules (knex, typeorm, pg and tsx are dev dependencies).
 */
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import migrationsApply from '../../../../src/gates/database/migrations-apply.js';
import rollbackRoundtrip from '../../../../src/gates/database/rollback-roundtrip.js';
import { projectContext } from '../../../helpers/gates.js';
import { groupAlive } from '../../../../src/gates/live/service/process-group.js';
import { liveRun, runLive } from './helpers.js';

const NODE_MODULES = path.resolve(import.meta.dirname, '../../../../node_modules');

async function project(files: Record<string, string>) {
  const context = await projectContext({ 'package.json': '{"name":"js-migrations","private":true}\n', ...files });
  symlinkSync(NODE_MODULES, path.join(context.root, 'node_modules'), 'dir');
  return context;
}

const USERS_KNEX = `exports.up = (knex) =>
  knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('email').notNullable().unique();
  });
exports.down = (knex) => knex.schema.dropTable('users');
`;

const POSTS_KNEX = `exports.up = async function (knex) {
  await knex.schema.createTable('posts', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.text('body');
  });
  await knex.raw('CREATE INDEX posts_user_id_idx ON posts (user_id)');
};
exports.down = async function (knex) {
  await knex.schema.dropTable('posts');
};
`;

const runs: ReturnType<typeof liveRun>[] = [];
afterAll(async () => {
  for (const run of runs) await run.close();
});
const allowed = () => {
  const run = liveRun({ runJsMigrations: true });
  runs.push(run);
  return run;
};

describe('--run-js-migrations', () => {
  it('applies and rolls back knex migrations with the project\'s knex', async () => {
    const context = await project({ 'migrations/20240101_users.js': USERS_KNEX, 'migrations/20240102_posts.js': POSTS_KNEX });
    const live = allowed();
    const applied = await runLive(migrationsApply, context, live);
    expect(applied.findings).toEqual([]);
    expect(applied.verdict).toBeUndefined();
    const roundTrip = await runLive(rollbackRoundtrip, context, live);
    expect(roundTrip.findings).toEqual([]);
    expect(roundTrip.verdict).toBeUndefined();
  });

  it('locates a failing statement in the migration file by the error\'s stack', async () => {
    const broken = `exports.up = async (knex) => {
  await knex.schema.createTable('a', (t) => t.increments('id'));
  await knex.raw('CREATE TABLE b (id int REFERENCES missing (id))');
};
exports.down = (knex) => knex.schema.dropTable('a');
`;
    const context = await project({ 'migrations/20240101_broken.js': broken });
    const result = await runLive(migrationsApply, context, allowed());
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ file: 'migrations/20240101_broken.js', line: 3 });
    expect(result.findings[0]?.message).toContain('relation "missing" does not exist');
  });

  it('finds a down step that does not undo its up step', async () => {
    const leaky = `exports.up = async (knex) => {
  await knex.schema.createTable('a', (t) => t.increments('id'));
  await knex.raw('CREATE INDEX a_id_idx ON a (id)');
};
exports.down = async (knex) => {
  await knex.raw('DROP INDEX a_id_idx');
};
`;
    const context = await project({ 'migrations/20240101_leaky.js': leaky });
    const result = await runLive(rollbackRoundtrip, context, allowed());
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.message).toMatch(/does not undo it: left behind: .*table public\.a/);
  });

  it('runs TypeORM migration classes written in TypeScript, through the project\'s tsx', async () => {
    const typeorm = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsers1700000000000 implements MigrationInterface {
  name = 'CreateUsers1700000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`CREATE TABLE "users" ("id" SERIAL NOT NULL, "email" character varying NOT NULL, CONSTRAINT "PK_users" PRIMARY KEY ("id"))\`);
    await queryRunner.query(\`CREATE UNIQUE INDEX "IDX_users_email" ON "users" ("email")\`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`DROP INDEX "public"."IDX_users_email"\`);
    await queryRunner.query(\`DROP TABLE "users"\`);
  }
}
`;
    const context = await project({ 'src/migrations/1700000000000-CreateUsers.ts': typeorm });
    const live = allowed();
    const roundTrip = await runLive(rollbackRoundtrip, context, live);
    expect(roundTrip.findings).toEqual([]);
    expect(roundTrip.verdict).toBeUndefined();
  });

  it.skipIf(!process.env.BO_TEST_DATABASE_URL)('runs them on a scratch database of a PostgreSQL server too (BO_TEST_DATABASE_URL)', async () => {
    const context = await project({ 'migrations/20240101_users.js': USERS_KNEX, 'migrations/20240102_posts.js': POSTS_KNEX });
    const live = liveRun({ runJsMigrations: true, databaseUrl: process.env.BO_TEST_DATABASE_URL as string });
    runs.push(live);
    const roundTrip = await runLive(rollbackRoundtrip, context, live);
    expect(roundTrip.findings).toEqual([]);
    expect(roundTrip.verdict).toBeUndefined();
  });

  it('says what is missing when the project lacks the package its migrations need', async () => {
    const context = await projectContext({ 'package.json': '{"name":"bare"}\n', 'migrations/20240101_users.js': USERS_KNEX });
    const result = await runLive(migrationsApply, context, allowed());
    expect(result.verdict).toEqual({ status: 'skipped', reason: expect.stringContaining('need knex, which is not installed') });
  });

  it('stops the runner and everything it started when the run closes', async () => {
    const context = await project({ 'migrations/20240101_users.js': USERS_KNEX });
    const live = liveRun({ runJsMigrations: true });
    const before = childPids();
    await runLive(migrationsApply, context, live);
    const pids = childPids().filter((pid) => !before.includes(pid));
    expect(pids.length).toBeGreaterThan(0);
    await live.close();
    expect(pids.filter((pid) => groupAlive(pid))).toEqual([]);
  });
});

/** Process groups of this process's children (the runner leads its own group). */
function childPids(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out.split('\n').map((s) => Number(s.trim())).filter((n) => n > 0);
}
