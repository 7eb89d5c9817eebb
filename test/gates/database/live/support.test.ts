/**
 * The pieces of the live database gates that need no database: which queries are taken from code,
 * how parameters are matched to columns, the compact plan, catalog differences in words, backup
 * command lines, and the verdicts given before anything runs.
 */
import { describe, expect, it } from 'vitest';
import backupRestore from '../../../../src/gates/database/backup-restore.js';
import { describeDifference, diffCatalog } from '../../../../src/gates/database/live/catalog.js';
import { runCommand, splitCommand } from '../../../../src/gates/database/live/command.js';
import { bundledExtensions } from '../../../../src/gates/database/live/connection.js';
import { compactPlan, type PlanNode } from '../../../../src/gates/database/live/explain.js';
import { section } from '../../../../src/gates/database/live/migrations.js';
import { parameterUses, tablesOf } from '../../../../src/gates/database/live/parameters.js';
import { isExplainable, projectQueries } from '../../../../src/gates/database/live/queries.js';
import dbQueryTime from '../../../../src/gates/metrics/db-query-time.js';
import type { ParsedModule } from '../../../../src/scan/parse.js';
import { projectContext } from '../../../helpers/gates.js';
import { at, liveRun, runLive } from './helpers.js';

describe('queries found in code', () => {
  it('takes constant SQL passed to query/execute (literal, template, { text }, a const), never built SQL, `?` placeholders or test files', async () => {
    const context = await projectContext({
      'src/repo.ts': [
        "const BY_EMAIL = 'SELECT id FROM users WHERE email = $1';",
        'export const a = (db) => db.query(BY_EMAIL, [1]);',
        'export const b = (db) => db.query(`SELECT * FROM users WHERE id = ${1}`);',
        "export const c = (db) => db.execute({ text: 'UPDATE users SET name = $2 WHERE id = $1', values: [] });",
        "export const d = (conn) => conn.query('SELECT * FROM users WHERE id = ?', [1]);",
        "export const e = (db) => db.query<Row>(`DELETE FROM users\n  WHERE id = $1`, [1]);",
        "export const f = (cache) => cache.query('users');",
        "export const g = (knex) => knex.raw('SELECT * FROM users WHERE name = :name', { name });",
      ].join('\n'),
      'src/repo.test.ts': "db.query('SELECT * FROM users WHERE id = $1');\n",
    });
    const found = projectQueries(context, () => undefined);
    expect(found.map((q) => [`${q.file}:${q.line}`, q.sql])).toEqual([
      ['src/repo.ts:1', 'SELECT id FROM users WHERE email = $1'],
      ['src/repo.ts:4', 'UPDATE users SET name = $2 WHERE id = $1'],
      ['src/repo.ts:6', 'DELETE FROM users\n  WHERE id = $1'],
    ]);
  });

  it('goes on past a module it cannot read, recording it as an internal error', async () => {
    const context = await projectContext({ 'src/repo.ts': "export const a = (db) => db.query('SELECT 1 FROM users WHERE id = $1');\n" });
    const odd = { ...context.modules[0], file: { path: 'src/odd.ts', text: 'db.query(' }, program: null } as unknown as ParsedModule;
    const errors: string[] = [];
    const found = projectQueries({ ...context, modules: [odd, ...context.modules] }, (file) => errors.push(file));
    expect(errors).toEqual(['src/odd.ts']);
    expect(found.map((q) => q.file)).toEqual(['src/repo.ts']);
  });

  it('knows PostgreSQL placeholders from other drivers', () => {
    expect(isExplainable("SELECT * FROM t WHERE a = $1 AND b::text = 'x?'")).toBe(true);
    expect(isExplainable('SELECT * FROM t WHERE a = ?')).toBe(false);
    expect(isExplainable('SELECT * FROM t WHERE a = :a')).toBe(false);
    expect(isExplainable('CREATE TABLE t (a int)')).toBe(false);
  });
});

describe('parameters', () => {
  it('matches each $n with the column it is compared with, through aliases', () => {
    const sql = `SELECT * FROM orders o JOIN users AS u ON u.id = o.user_id
      WHERE ($1::uuid IS NULL OR o.user_id = $1) AND $2 = u.email AND o.id = ANY($3::uuid[]) AND status IN ($4, $5) LIMIT $6`;
    expect(tablesOf(sql)).toEqual(new Map([['orders', 'orders'], ['o', 'orders'], ['users', 'users'], ['u', 'users']]));
    expect(Object.fromEntries(parameterUses(sql))).toEqual({
      1: { qualifier: 'o', column: 'user_id', array: false },
      2: { qualifier: 'u', column: 'email', array: false },
      3: { qualifier: 'o', column: 'id', array: true },
      4: { column: 'status', array: false },
      5: { column: 'status', array: false },
    });
    expect(Object.fromEntries(parameterUses('INSERT INTO "users" ("email", name) VALUES ($1, $2)'))).toEqual({ 1: { column: 'email', array: false }, 2: { column: 'name', array: false } });
  });
});

describe('plans and catalogs in words', () => {
  it('writes a plan on one line', () => {
    const plan: PlanNode = {
      'Node Type': 'Limit',
      Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 'order_items', Alias: 'i', Filter: '(product_id = $1)', 'Plan Rows': 1 }],
    };
    expect(compactPlan(plan)).toBe('Limit → Seq Scan on order_items i (filter: (product_id = $1), rows≈1)');
  });

  it('names what a down step leaves behind, without a left table\'s own columns and indexes', () => {
    const before = new Map([['table public.users', 'table']]);
    const after = new Map([
      ['table public.users', 'table'],
      ['table public.tags', 'table'],
      ['column public.tags.id', 'integer not null'],
      ['index public.users_email_idx', 'CREATE INDEX users_email_idx ON public.users USING btree (email)'],
      ['index public.tags_pkey', 'CREATE UNIQUE INDEX tags_pkey ON public.tags USING btree (id)'],
    ]);
    expect(describeDifference(diffCatalog(before, after), { added: 'left behind', removed: 'removed' })).toBe(
      'left behind: index public.users_email_idx (CREATE INDEX users_email_idx ON public.users USING btree (email)), table public.tags',
    );
  });

  it('reads the up and down sections of one file, lines kept', () => {
    const text = '-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n';
    expect(section(text, 'up').split('\n')[1]).toBe('CREATE TABLE a (id int);');
    expect(section(text, 'down').split('\n')).toEqual(['             ', '                        ', '               ', 'DROP TABLE a;', '']);
    expect(bundledExtensions(['CREATE EXTENSION IF NOT EXISTS "uuid-ossp";', 'create extension pg_trgm;', 'CREATE EXTENSION postgis;'])).toEqual(['pg_trgm', 'uuid-ossp']);
  });
});

describe('backup commands', () => {
  it('splits a command line without a shell, expanding $VAR and ${VAR} outside single quotes', () => {
    const env = { DATABASE_URL: 'postgres://h/db', BACKUP_FILE: '/tmp/x y.dump' };
    expect(splitCommand('pg_dump -Fc "$DATABASE_URL" -f ${BACKUP_FILE}', env)).toEqual(['pg_dump', '-Fc', 'postgres://h/db', '-f', '/tmp/x y.dump']);
    expect(splitCommand("sh -c 'echo $HOME' a\\ b", env)).toEqual(['sh', '-c', 'echo $HOME', 'a b']);
  });

  it('stops a hanging command by its timeout, with its process group', async () => {
    const result = await runCommand(['node', '-e', 'setTimeout(() => {}, 60000)'], { cwd: process.cwd(), env: {}, timeoutMs: 300 });
    expect(result).toMatchObject({ timedOut: true });
  });

  it('warns without configured commands, at the config file or package.json', async () => {
    const migrations = { 'migrations/001_users.sql': 'CREATE TABLE users (id int PRIMARY KEY);\n' };
    const plain = await runLive(backupRestore, await projectContext({ ...migrations, 'package.json': '{ "name": "x" }\n' }), liveRun());
    expect(at(plain.findings)).toEqual(['package.json:1']);
    expect(plain.findings[0]?.message).toBe('no backup procedure configured: nothing shows that the database can be restored from a backup');
    const configured = await projectContext({ ...migrations, 'backend-orchestrator.config.json': '{\n  "store": "file"\n}\n' });
    expect(at((await runLive(backupRestore, configured, liveRun())).findings)).toEqual(['backend-orchestrator.config.json:1']);
  });

  it('is skipped with commands but no PostgreSQL server, and not applicable without a database', async () => {
    const withCommands = await projectContext(
      { 'migrations/001_users.sql': 'CREATE TABLE users (id int PRIMARY KEY);\n' },
      { config: { database: { backup: { dump: 'pg_dump -Fc $DATABASE_URL -f $BACKUP_FILE', restore: 'pg_restore -d $DATABASE_URL $BACKUP_FILE' } } } },
    );
    expect((await runLive(backupRestore, withCommands, liveRun())).verdict).toEqual({ status: 'skipped', reason: 'backup commands need a PostgreSQL server: set database.url (or --database-url)' });
    const none = await projectContext({ 'src/index.ts': 'export {};\n' });
    expect((await runLive(backupRestore, none, liveRun())).verdict).toMatchObject({ status: 'not-applicable' });
  });
});

describe('metrics/db-query-time', () => {
  it('is skipped when nothing was measured, passes under the threshold and fails over it', async () => {
    const context = await projectContext({ 'src/index.ts': 'export {};\n' });
    const live = liveRun();
    expect((await runLive(dbQueryTime, context, live)).verdict).toMatchObject({ status: 'skipped' });
    live.measure('metrics/db-query-time', { value: 12, unit: 'ms', detail: 'slowest: a.ts:1' });
    expect((await runLive(dbQueryTime, context, live)).verdict).toBeUndefined();
    live.measure('metrics/db-query-time', { value: 120, unit: 'ms', detail: 'slowest: a.ts:1' });
    expect((await runLive(dbQueryTime, context, live)).verdict).toEqual({ status: 'fail', value: 120, reason: 'slowest query 120 ms > 50 ms (slowest: a.ts:1)' });
  });
});
