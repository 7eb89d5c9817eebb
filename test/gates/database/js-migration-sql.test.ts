/**
 * readJsMigrationSql: the SQL of knex and TypeORM migrations read from their source, statement by
 * statement with the line of the call, problems for whatever is not read, and (on a real PGlite)
 * proof that the SQL is valid PostgreSQL and that a down undoes its up.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JsSqlScript, readJsMigrationSql } from '../../../src/gates/database/support/js-migration-sql.js';
import { fillPgParameters, quoteName, quoteString } from '../../../src/gates/database/support/js-sql/pg-text.js';
import { isParsed, type ParsedModule, parseModule } from '../../../src/scan/parse.js';
import { lineOf } from './helpers.js';

function parse(text: string, path = 'migrations/20240101000000_change.js'): ParsedModule {
  const parsed = parseModule({ path, abs: `/project/${path}`, text, hash: '' });
  if (!isParsed(parsed)) throw new Error(parsed.message);
  return parsed;
}

const read = (text: string, path?: string) => readJsMigrationSql(parse(text, path));
const sqlOf = (script: JsSqlScript | undefined): string[] | undefined => script?.statements.map((s) => s.sql);

/** The SQL of `up` for a knex migration whose up body is `body` (with `knex` in scope). */
function knexUp(body: string): JsSqlScript {
  const script = read(`exports.up = async function (knex) {\n${body}\n};\n`).up;
  if (!script) throw new Error('no up');
  return script;
}

describe('finding up and down', () => {
  it('reads a CommonJS knex migration: each statement with the line of its call', () => {
    const text = `exports.up = function (knex) {
  return knex.schema.createTable('users', function (table) {
    table.increments();
    table.string('email').notNullable();
  });
};

exports.down = function (knex) {
  return knex.schema.dropTable('users');
};
`;
    const result = read(text);
    expect(result.up).toEqual({
      line: 1,
      statements: [{ sql: 'create table "users" ("id" serial primary key, "email" varchar(255) not null)', line: 2 }],
      problems: [],
    });
    expect(result.down).toEqual({ line: 8, statements: [{ sql: 'drop table "users"', line: 9 }], problems: [] });
  });

  it('reads an ESM TypeScript knex migration with awaited calls', () => {
    const text = `import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('tags', (t) => {
    t.increments('id');
    t.string('label', 50).notNullable();
  });
  await knex.raw('create index tags_label_lower on tags (lower(label))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index tags_label_lower');
  await knex.schema.dropTable('tags');
}
`;
    const result = read(text, 'migrations/20240102_tags.ts');
    expect(result.up?.line).toBe(3);
    expect(result.up?.statements).toEqual([
      { sql: 'create table "tags" ("id" serial primary key, "label" varchar(50) not null)', line: 4 },
      { sql: 'create index tags_label_lower on tags (lower(label))', line: 8 },
    ]);
    expect(sqlOf(result.down)).toEqual(['drop index tags_label_lower', 'drop table "tags"']);
    expect(result.down?.problems).toEqual([]);
  });

  it('follows `module.exports = { up, down }` to arrow functions with a concise body', () => {
    const text = `const up = async (db) => db.schema.createTable('a', (t) => t.text('x'));
const down = (db) => db.schema.dropTable('a');
module.exports = { up, down };
`;
    const result = read(text);
    expect(sqlOf(result.up)).toEqual(['create table "a" ("x" text)']);
    expect(sqlOf(result.down)).toEqual(['drop table "a"']);
  });

  it('leaves out a direction the file does not have, and reads a down that does nothing as no SQL', () => {
    expect(read(`exports.up = (knex) => knex.raw('select 1');`).down).toBeUndefined();
    const empty = read(`exports.up = (knex) => knex.raw('select 1');\nexports.down = async () => {};\n`).down;
    expect(empty).toEqual({ line: 2, statements: [], problems: [] });
    const resolved = read(`exports.up = (knex) => knex.raw('select 1');\nexports.down = () => Promise.resolve();\n`).down;
    expect(resolved).toEqual({ line: 2, statements: [], problems: [] });
  });

  it('reports a down that is not a function, or that only throws', () => {
    expect(read(`exports.up = (knex) => knex.raw('select 1');\nexports.down = false;\n`).down?.problems).toEqual([
      { line: 2, message: '`down` is not a function: the migration declares it cannot run this way' },
    ]);
    const throwing = read(`exports.up = (knex) => knex.raw('select 1');\nexports.down = () => {\n  throw new Error('irreversible');\n};\n`).down;
    expect(throwing?.problems).toEqual([{ line: 3, message: 'it throws instead of changing the schema (the migration cannot be run this way)' }]);
  });
});

describe('knex column types', () => {
  it('writes every type as the pg dialect does', () => {
    const script = knexUp(`  await knex.schema.createTable('all_types', (t) => {
    t.increments();
    t.bigIncrements('seq', { primaryKey: false });
    t.integer('a'); t.bigInteger('b'); t.smallint('c'); t.tinyint('d');
    t.string('e'); t.string('f', 40); t.text('g'); t.boolean('h');
    t.date('i'); t.datetime('j'); t.timestamp('k'); t.timestamp('l', { useTz: false }); t.time('m');
    t.float('n'); t.double('o'); t.decimal('p'); t.decimal('q', 10, 4);
    t.uuid('r'); t.json('s'); t.jsonb('u'); t.binary('v');
    t.enu('w', ['x', 'y']); t.specificType('z', 'inet');
  });`);
    expect(script.problems).toEqual([]);
    expect(sqlOf(script)).toEqual([
      'create table "all_types" ("id" serial primary key, "seq" bigserial, "a" integer, "b" bigint, "c" smallint, "d" smallint, ' +
        '"e" varchar(255), "f" varchar(40), "g" text, "h" boolean, "i" date, "j" timestamptz, "k" timestamptz, "l" timestamp, "m" time, ' +
        '"n" real, "o" double precision, "p" decimal(8, 2), "q" decimal(10, 4), "r" uuid, "s" json, "u" jsonb, "v" bytea, ' +
        `"w" text check ("w" in ('x', 'y')), "z" inet)`,
    ]);
  });

  it('creates a native enum type first when asked for one', () => {
    const script = knexUp(`  await knex.schema.createTable('people', (t) => {
    t.enu('mood', ['happy', 'sad'], { useNative: true, enumName: 'mood' }).notNullable();
  });`);
    expect(sqlOf(script)).toEqual([`create type "mood" as enum ('happy', 'sad')`, 'create table "people" ("mood" "mood" not null)']);
  });
});

describe('knex column modifiers', () => {
  it('writes null, defaults and comments in the dialect order', () => {
    const script = knexUp(`  await knex.schema.createTable('m', (t) => {
    t.string('name').notNullable().defaultTo('anon');
    t.integer('count').unsigned().defaultTo(0);
    t.boolean('on').defaultTo(false);
    t.string('note').nullable().defaultTo(null);
    t.timestamp('at').defaultTo(knex.fn.now());
    t.uuid('key').defaultTo(knex.raw('gen_random_uuid()'));
    t.jsonb('meta').defaultTo({ a: 1 });
    t.text('bio').comment("the user's bio");
  });`);
    expect(script.problems).toEqual([]);
    expect(sqlOf(script)).toEqual([
      `create table "m" ("name" varchar(255) not null default 'anon', "count" integer default '0', "on" boolean default '0', "note" varchar(255) null default null, ` +
        `"at" timestamptz default CURRENT_TIMESTAMP, "key" uuid default gen_random_uuid(), "meta" jsonb default '{"a":1}', "bio" text)`,
      `comment on column "m"."bio" is 'the user''s bio'`,
    ]);
  });

  it('adds primary, unique, index and foreign keys with knex default names, in call order', () => {
    const text = `exports.up = (knex) =>
  knex.schema.createTable('posts', (t) => {
    t.uuid('id').primary();
    t.integer('author_id').notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.integer('editor_id').references('users.id').onUpdate('cascade').withKeyName('posts_editor_fk');
    t.string('slug').unique();
    t.string('lang').index();
    t.string('title').index('posts_title_idx', 'hash');
  });
`;
    const script = read(text).up as JsSqlScript;
    expect(script.problems).toEqual([]);
    expect(script.statements).toEqual([
      {
        sql: 'create table "posts" ("id" uuid, "author_id" integer not null, "editor_id" integer, "slug" varchar(255), "lang" varchar(255), "title" varchar(255), constraint "posts_pkey" primary key ("id"))',
        line: 2,
      },
      { sql: 'alter table "posts" add constraint "posts_author_id_foreign" foreign key ("author_id") references "users" ("id") on delete CASCADE', line: lineOf(text, 'author_id') },
      { sql: 'alter table "posts" add constraint "posts_editor_fk" foreign key ("editor_id") references "users" ("id") on update cascade', line: lineOf(text, 'editor_id') },
      { sql: 'alter table "posts" add constraint "posts_slug_unique" unique ("slug")', line: lineOf(text, "'slug'") },
      { sql: 'create index "posts_lang_index" on "posts" ("lang")', line: lineOf(text, "'lang'") },
      { sql: 'create index "posts_title_idx" on "posts" using hash ("title")', line: lineOf(text, "'title'") },
    ]);
  });
});

describe('knex table-level calls', () => {
  it('writes composite keys, foreign keys and timestamps', () => {
    const script = knexUp(`  await knex.schema.createTable('memberships', (t) => {
    t.integer('user_id').notNullable();
    t.integer('team_id').notNullable();
    t.string('role');
    t.primary(['user_id', 'team_id'], 'memberships_pk');
    t.unique(['team_id', 'role']);
    t.index(['role', 'user_id'], 'memberships_role_idx');
    t.foreign('team_id').references('id').inTable('teams').onDelete('SET NULL');
    t.timestamps(true, true);
  });
  await knex.schema.createTable('notes', (t) => {
    t.increments();
    t.timestamps();
  });`);
    expect(script.problems).toEqual([]);
    expect(sqlOf(script)).toEqual([
      'create table "memberships" ("user_id" integer not null, "team_id" integer not null, "role" varchar(255), ' +
        '"created_at" timestamptz not null default CURRENT_TIMESTAMP, "updated_at" timestamptz not null default CURRENT_TIMESTAMP, ' +
        'constraint "memberships_pk" primary key ("user_id", "team_id"))',
      'alter table "memberships" add constraint "memberships_team_id_role_unique" unique ("team_id", "role")',
      'create index "memberships_role_idx" on "memberships" ("role", "user_id")',
      'alter table "memberships" add constraint "memberships_team_id_foreign" foreign key ("team_id") references "teams" ("id") on delete SET NULL',
      'create table "notes" ("id" serial primary key, "created_at" timestamptz, "updated_at" timestamptz)',
    ]);
  });

  it('alters a table: added columns first, then drops and renames in call order, with default names', () => {
    const script = knexUp(`  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('legacy');
    t.string('nick');
    t.integer('age').notNullable().defaultTo(0);
    t.dropColumns('a', 'b');
    t.renameColumn('name', 'full_name');
    t.dropIndex(['email']);
    t.dropUnique(['email']);
    t.dropForeign('team_id');
    t.dropForeign([], 'custom_fk');
    t.dropPrimary();
    t.dropTimestamps();
    t.setNullable('bio');
    t.index('nick');
    t.comment('people');
  });
  await knex.schema.table('users', (t) => {
    t.string('email', 320).notNullable().alter();
  });`);
    expect(script.problems).toEqual([]);
    expect(sqlOf(script)).toEqual([
      `alter table "users" add column "nick" varchar(255), add column "age" integer not null default '0'`,
      'alter table "users" drop column "legacy"',
      'alter table "users" drop column "a", drop column "b"',
      'alter table "users" rename "name" to "full_name"',
      'drop index "users_email_index"',
      'alter table "users" drop constraint "users_email_unique"',
      'alter table "users" drop constraint "users_team_id_foreign"',
      'alter table "users" drop constraint "custom_fk"',
      'alter table "users" drop constraint "users_pkey"',
      'alter table "users" drop column "created_at", drop column "updated_at"',
      'alter table "users" alter column "bio" drop not null',
      'create index "users_nick_index" on "users" ("nick")',
      `comment on table "users" is 'people'`,
      'alter table "users" alter column "email" drop default',
      'alter table "users" alter column "email" drop not null',
      'alter table "users" alter column "email" type varchar(320) using ("email"::varchar(320))',
      'alter table "users" alter column "email" set not null',
    ]);
  });
  it('writes the less common options the way knex does', () => {
    const script = knexUp(`  await knex.schema.createTable('keys', (t) => {
    t.uuid('id', { primaryKey: true });
    t.integer('owner_id').references('id').inTable('app.owners').deferrable('deferred');
    t.string('code').unique({ indexName: 'keys_code_uidx', useConstraint: false });
    t.string('kind');
    t.index(['kind'], 'keys_kind_uidx', { indexType: 'unique' });
  });
  await knex.schema.createTable('pairs', (t) => {
    t.increments('id');
    t.integer('n');
    t.primary(['id', 'n']);
  });
  await knex.schema.createTableLike('keys_copy', 'keys', (t) => t.text('extra'));
  await knex.schema.withSchema('app').alterTable('owners', (t) => {
    t.dropIndex([], 'owners_name_idx');
    t.dropUniqueIfExists(['name']);
    t.dropForeignIfExists(['org_id']);
  });`);
    expect(script.problems).toEqual([]);
    expect(sqlOf(script)).toEqual([
      'create table "keys" ("id" uuid primary key, "owner_id" integer, "code" varchar(255), "kind" varchar(255))',
      'alter table "keys" add constraint "keys_owner_id_foreign" foreign key ("owner_id") references "app"."owners" ("id") deferrable initially deferred ',
      'create unique index "keys_code_uidx" on "keys" ("code")',
      'create unique index "keys_kind_uidx" on "keys" ("kind")',
      'create table "pairs" ("id" serial, "n" integer, constraint "pairs_pkey" primary key ("id", "n"))',
      'create table "keys_copy" (like "keys" including all, "extra" text)',
      'drop index "app"."owners_name_idx"',
      'alter table "app"."owners" drop constraint if exists "owners_name_unique"',
      'alter table "app"."owners" drop constraint if exists "owners_org_id_foreign"',
    ]);
  });
});

describe('knex schema-level calls', () => {
  it('reads chained calls, schemas, renames and extensions, each with its own line', () => {
    const text = `exports.up = function (knex) {
  return knex.schema
    .createSchemaIfNotExists('app')
    .createExtensionIfNotExists('pgcrypto')
    .withSchema('app')
    .createTable('a', (t) => { t.increments(); })
    .createTableIfNotExists('b', (t) => { t.text('x').index(); })
    .renameTable('a', 'c');
};
exports.down = function (knex) {
  return knex.schema.withSchema('app').dropTableIfExists('b').dropTable('c').dropSchema('app', true);
};
`;
    const result = read(text);
    expect(result.up?.problems).toEqual([]);
    expect(result.up?.statements).toEqual([
      { sql: 'create schema if not exists "app"', line: 3 },
      { sql: 'create extension if not exists "pgcrypto"', line: 4 },
      { sql: 'create table "app"."a" ("id" serial primary key)', line: 6 },
      { sql: 'create table if not exists "app"."b" ("x" text)', line: 7 },
      { sql: 'create index "b_x_index" on "app"."b" ("x")', line: 7 },
      { sql: 'alter table "app"."a" rename to "c"', line: 8 },
    ]);
    expect(sqlOf(result.down)).toEqual(['drop table if exists "app"."b"', 'drop table "app"."c"', 'drop schema "app" cascade']);
  });

  it('reads raw SQL with its bindings written in', () => {
    const script = knexUp(`  await knex.raw('create extension if not exists "uuid-ossp"');
  await knex.schema.raw('alter table ?? add column ?? text default ?', ['users', 'motto', "it's"]);
  await knex.raw('select \\\\? as literal');`);
    expect(script.problems).toEqual([]);
    expect(sqlOf(script)).toEqual(['create extension if not exists "uuid-ossp"', `alter table "users" add column "motto" text default 'it''s'`, 'select ? as literal']);
  });

  it('follows Promise.all, .then chains and transactions, and resolves constants', () => {
    const text = `const USERS = 'users';
const AUDIT = \`\${USERS}_audit\`;
exports.up = function (knex) {
  const column = 'email';
  return Promise.all([
    knex.schema.createTable(USERS, (t) => { t.string(column); }),
    knex.raw(\`create table \${AUDIT} (id int)\`),
  ]).then(() => knex.schema.createTable('later', (t) => t.text('x')))
    .then(function () {
      return knex.transaction(async (trx) => {
        await trx.schema.alterTable(USERS, (t) => t.dropColumn(column));
      });
    });
};
`;
    const script = read(text).up as JsSqlScript;
    expect(script.problems).toEqual([]);
    expect(script.statements).toEqual([
      { sql: 'create table "users" ("email" varchar(255))', line: 6 },
      { sql: 'create table users_audit (id int)', line: 7 },
      { sql: 'create table "later" ("x" text)', line: 8 },
      { sql: 'alter table "users" drop column "email"', line: 11 },
    ]);
  });
  it('follows a transaction object and other names for the database', () => {
    const text = `exports.up = async (knex) => {
  const db = knex;
  const trx = await db.transaction();
  await trx.schema.createTable('t', (t) => t.text('x'));
  await trx.commit();
};
exports.down = async (knex) => {
  const trx = await knex.transaction();
  await trx.schema.dropTable('t');
  await trx.rollback();
};
`;
    const result = read(text);
    expect(result.up).toEqual({ line: 1, statements: [{ sql: 'create table "t" ("x" text)', line: 4 }], problems: [] });
    expect(result.down?.problems).toEqual([{ line: 10, message: '`trx.rollback` undoes what the transaction ran: not read statically' }]);
  });
});

describe('TypeORM', () => {
  const generated = `import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateUsers1700000000000 implements MigrationInterface {
    name = 'CreateUsers1700000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(\`CREATE TABLE "users" ("id" SERIAL NOT NULL, "email" character varying NOT NULL, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))\`);
        await queryRunner.query(\`CREATE UNIQUE INDEX "IDX_97672ac88f789774dd47f7c8be" ON "users" ("email") \`);
        await queryRunner.query(\`INSERT INTO "settings" ("key", "value") VALUES ($1, $2)\`, ["motto", "it's \\$1"]);
    }

    public async down(qr: QueryRunner): Promise<void> {
        await qr.query(\`DROP INDEX "public"."IDX_97672ac88f789774dd47f7c8be"\`);
        await qr.query(\`DROP TABLE "users"\`);
    }
}
`;

  it('reads a generated migration: each query with its line, parameters written in', () => {
    const result = read(generated, 'src/migrations/1700000000000-CreateUsers.ts');
    expect(result.up).toEqual({
      line: 6,
      statements: [
        { sql: 'CREATE TABLE "users" ("id" SERIAL NOT NULL, "email" character varying NOT NULL, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))', line: 7 },
        { sql: 'CREATE UNIQUE INDEX "IDX_97672ac88f789774dd47f7c8be" ON "users" ("email") ', line: 8 },
        { sql: `INSERT INTO "settings" ("key", "value") VALUES ('motto', 'it''s $1')`, line: 9 },
      ],
      problems: [],
    });
    expect(sqlOf(result.down)).toEqual(['DROP INDEX "public"."IDX_97672ac88f789774dd47f7c8be"', 'DROP TABLE "users"']);
  });

  it('writes QueryRunner schema calls as PostgresQueryRunner does, with DefaultNamingStrategy names', () => {
    const text = `import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
export class Users1700000000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(new Table({
      name: 'users',
      columns: [
        { name: 'id', type: 'int', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'email', type: 'varchar', length: '255', isUnique: true },
        { name: 'status', type: 'enum', enum: ['active', 'banned'], default: "'active'" },
        { name: 'bio', type: 'text', isNullable: true, comment: "who's this" },
      ],
      indices: [{ columnNames: ['status'] }],
    }));
    await queryRunner.addColumn('users', new TableColumn({ name: 'team_id', type: 'int', isNullable: true }));
    await queryRunner.createIndex('users', new TableIndex({ name: 'IDX_users_team', columnNames: ['team_id'] }));
    await queryRunner.createForeignKey('users', new TableForeignKey({ columnNames: ['team_id'], referencedTableName: 'teams', referencedColumnNames: ['id'], onDelete: 'SET NULL' }));
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropForeignKey('users', new TableForeignKey({ columnNames: ['team_id'], referencedTableName: 'teams', referencedColumnNames: ['id'] }));
    await queryRunner.dropIndex('users', 'IDX_users_team');
    await queryRunner.dropColumn('users', 'team_id');
    await queryRunner.dropTable('users');
    await queryRunner.query('DROP TYPE "public"."users_status_enum"');
  }
}
`;
    const result = read(text, 'src/migrations/1700000000001-Users.ts');
    expect(result.up?.problems).toEqual([]);
    expect(sqlOf(result.up)).toEqual([
      `CREATE TYPE "public"."users_status_enum" AS ENUM('active', 'banned')`,
      'CREATE TABLE "users" ("id" SERIAL NOT NULL, "email" varchar(255) NOT NULL, "status" "public"."users_status_enum" NOT NULL DEFAULT \'active\', "bio" text, ' +
        'CONSTRAINT "UQ_97672ac88f789774dd47f7c8be3" UNIQUE ("email"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")); ' +
        `COMMENT ON COLUMN "users"."bio" IS 'who''s this'`,
      'CREATE INDEX "IDX_3676155292d72c67cd4e090514" ON "users" ("status") ',
      'ALTER TABLE "users" ADD "team_id" int',
      'CREATE INDEX "IDX_users_team" ON "users" ("team_id") ',
      'ALTER TABLE "users" ADD CONSTRAINT "FK_1208ee1db5ddb64b48a86b46a61" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE SET NULL',
    ]);
    expect(sqlOf(result.down)).toEqual([
      'ALTER TABLE "users" DROP CONSTRAINT "FK_1208ee1db5ddb64b48a86b46a61"',
      'DROP INDEX "IDX_users_team"',
      'ALTER TABLE "users" DROP COLUMN "team_id"',
      'DROP TABLE "users"',
      'DROP TYPE "public"."users_status_enum"',
    ]);
  });

  it("reads MikroORM's this.addSql in a method without parameters", () => {
    const text = `import { Migration } from '@mikro-orm/migrations';
export class Migration20240101 extends Migration {
  async up(): Promise<void> {
    this.addSql('create table "book" ("id" serial primary key);');
  }
  async down(): Promise<void> {
    this.addSql(\`drop table "book";\`);
  }
}
`;
    const result = read(text, 'src/migrations/Migration20240101.ts');
    expect(result.up?.statements).toEqual([{ sql: 'create table "book" ("id" serial primary key);', line: 4 }]);
    expect(sqlOf(result.down)).toEqual(['drop table "book";']);
  });
});

describe('problems: what uses the database but is not read', () => {
  it('names a knex call it does not translate, with its line', () => {
    const text = `exports.up = async (knex) => {
  await knex.schema.createTable('a', (t) => t.text('x'));
  await knex.schema.createView('v', (view) => view.as(knex('a').select('x')));
  await knex('roles').insert({ name: 'admin' });
};
`;
    const script = read(text).up as JsSqlScript;
    expect(sqlOf(script)).toEqual(['create table "a" ("x" text)']);
    expect(script.problems).toEqual([
      { line: 3, message: '`knex.schema.createView` is not read statically' },
      { line: 4, message: '`knex(…).insert` is not read statically' },
    ]);
  });

  it('reports SQL built from variables rather than running a guess', () => {
    const text = `export class Drop1700000000002 {
  async up(queryRunner) {
    let table = 'users';
    await queryRunner.query(\`DROP TABLE "\${table}"\`);
    await queryRunner.query(process.env.EXTRA_SQL);
  }
}
`;
    const script = read(text, 'src/migrations/1700000000002-Drop.js').up as JsSqlScript;
    expect(script.statements).toEqual([]);
    expect(script.problems).toEqual([
      { line: 4, message: '`queryRunner.query` is not read statically: its SQL is not a string literal or a template literal without expressions (SQL built from variables)' },
      { line: 5, message: '`queryRunner.query` is not read statically: its SQL is not a string literal or a template literal without expressions (SQL built from variables)' },
    ]);
  });

  it('does not read a constant through a `let` or a parameter of the same name', () => {
    const text = `const table = 'a';
exports.up = async (knex) => {
  await knex.schema.dropTable(table);
  let name = 'b';
  await knex.schema.dropTable(name);
  await knex.transaction(async (table) => table.schema.dropTable('c'));
};
`;
    const script = read(text).up as JsSqlScript;
    expect(sqlOf(script)).toEqual(['drop table "a"', 'drop table "c"']);
    expect(script.problems).toEqual([{ line: 5, message: '`knex.schema.dropTable` is not read statically: its name is not a string literal' }]);
  });

  it('reports branches, loops, helpers and callbacks that use the database', () => {
    const text = `exports.up = async function (knex) {
  console.log('migrating');
  const tables = ['a', 'b'];
  for (const name of tables) await knex.schema.dropTable(name);
  if (await knex.schema.hasTable('c')) await knex.schema.dropTable('c');
  await createAudit(knex);
  try {
    await knex.raw('select 1');
  } catch (error) {
    await knex.raw('select 2');
  }
  knex.schema.dropTable('never_runs');
};
`;
    const script = read(text).up as JsSqlScript;
    expect(sqlOf(script)).toEqual(['select 1']);
    expect(script.problems).toEqual([
      { line: 4, message: 'a `for…of` loop that uses the database is not read statically: which SQL runs depends on values known only at run time' },
      { line: 5, message: 'an `if` statement that uses the database is not read statically: which SQL runs depends on values known only at run time' },
      { line: 6, message: '`createAudit` is given the database and is not read statically' },
      { line: 9, message: 'a `catch` block that uses the database runs only if something failed: not read statically' },
      { line: 12, message: '`knex.schema.dropTable` is neither awaited nor returned, so knex never runs it' },
    ]);
  });

  it('reports table builder uses it does not understand', () => {
    const text = `exports.up = (knex) =>
  knex.schema.createTable('t', (t) => {
    t.increments();
    for (const c of ['a', 'b']) t.string(c);
    t.integer('price').checkPositive();
    t.engine('InnoDB');
    t.string(columnName);
  });
`;
    const script = read(text).up as JsSqlScript;
    expect(sqlOf(script)).toEqual(['create table "t" ("id" serial primary key, "price" integer)']);
    expect(script.problems).toEqual([
      { line: 4, message: 'this loop uses the table builder of `t` and is not read statically' },
      { line: 5, message: '`t.integer(…).checkPositive` is not read statically: it is not a column modifier this reader knows' },
      { line: 6, message: '`t.engine` is not read statically: knex only supports it on MySQL' },
      { line: 7, message: '`t.string` is not read statically: its arguments are not literals' },
    ]);
  });

  it('reports raw bindings that do not fit and TypeORM calls that need the live database', () => {
    const script = knexUp(`  await knex.raw('select ?, ?', [1]);\n  await knex.raw('select data ? 1 from t');\n  await knex.raw('select ?', 1);`);
    expect(script.statements).toEqual([]);
    expect(script.problems).toEqual([
      { line: 2, message: '`knex.raw` is not read statically: its bindings do not fit: it has more placeholders than the 1 binding given' },
      { line: 3, message: '`knex.raw` is not read statically: its bindings do not fit: it has a `?` placeholder and no bindings (knex reads `?` as one; write `\\?` for a question mark)' },
      { line: 4, message: '`knex.raw` is not read statically: its bindings are not a list (named bindings are not read)' },
    ]);
    const typeorm = read(`export class R1 { async up(q) { await q.renameColumn('users', 'a', 'b'); } }`, 'src/migrations/1-R.ts').up;
    expect(typeorm?.problems).toEqual([{ line: 1, message: '`q.renameColumn` is not read statically' }]);
  });
  it('reads a question about the schema as nothing, and reports the branch built on its answer', () => {
    const text = `exports.up = (knex) =>
  knex.schema.hasTable('users').then((exists) => {
    if (!exists) return knex.schema.createTable('users', (t) => t.increments());
  });
`;
    expect(read(text).up?.problems).toEqual([
      { line: 3, message: 'an `if` statement that uses the database is not read statically: which SQL runs depends on values known only at run time' },
    ]);
    const plain = `exports.up = async (knex) => { if (!(await knex.schema.hasTable('users'))) await knex.schema.createTable('users'); };`;
    expect(read(plain).up?.problems).toHaveLength(1);
  });

  it('reports TypeORM SQL that does not go through the parameter, and parameters that are not literals', () => {
    const text = `export class X1 {
  async up(queryRunner) {
    await this.connection.query('DROP TABLE "a"');
    await queryRunner.query('DELETE FROM "a" WHERE "id" = $1', [process.env.ID]);
    await queryRunner.query('SELECT $2', [1]);
    await queryRunner.dropTable(tableName);
  }
}
`;
    expect(read(text, 'src/migrations/1-X.js').up?.problems).toEqual([
      { line: 3, message: '`this.connection.query` is not read statically: only calls on the database parameter are read' },
      { line: 4, message: '`queryRunner.query` is not read statically: its parameters are not a literal list' },
      { line: 5, message: '`queryRunner.query` is not read statically: its parameters do not fit: $2 has no parameter' },
      { line: 6, message: '`queryRunner.dropTable` is not read statically: its arguments are not literals (or `new Table({…})` and the like made of literals)' },
    ]);
  });
});

describe('on PGlite: the SQL is valid PostgreSQL and down undoes up', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = new PGlite();
    await db.waitReady;
  });
  afterAll(async () => {
    await db.close();
  });

  const tables = async () =>
    (await db.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public' order by table_name`)).rows.map((r) => r.table_name);
  const constraints = async () =>
    (await db.query<{ conname: string }>(`select conname from pg_constraint join pg_namespace n on n.oid = connamespace where nspname = 'public' order by conname`)).rows.map((r) => r.conname);
  const apply = async (script: JsSqlScript | undefined) => {
    expect(script?.problems).toEqual([]);
    for (const statement of script?.statements ?? []) await db.exec(statement.sql);
  };

  it('applies a realistic knex pair (users + posts) and rolls it back to nothing', async () => {
    const migration = read(`/** users and their posts */
exports.up = async function (knex) {
  await knex.schema.createTable('users', (table) => {
    table.increments('id');
    table.string('email', 320).notNullable().unique();
    table.string('display_name').notNullable().defaultTo('anonymous');
    table.enu('role', ['admin', 'member']).notNullable().defaultTo('member');
    table.boolean('active').notNullable().defaultTo(true);
    table.timestamps(true, true);
  });
  await knex.schema.createTable('posts', (table) => {
    table.increments('id');
    table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    table.string('title', 200).notNullable();
    table.text('body');
    table.enu('status', ['draft', 'published']).notNullable().defaultTo('draft');
    table.jsonb('meta').notNullable().defaultTo({});
    table.timestamp('published_at').nullable().comment('set when published');
    table.unique(['user_id', 'title']);
    table.index(['status', 'published_at']);
    table.timestamps(true, true);
  });
};

exports.down = async function (knex) {
  await knex.schema.dropTableIfExists('posts');
  await knex.schema.dropTableIfExists('users');
};
`);
    await apply(migration.up);
    expect(await tables()).toEqual(['posts', 'users']);
    expect(await constraints()).toEqual(
      expect.arrayContaining(['users_pkey', 'users_email_unique', 'users_role_check', 'posts_user_id_foreign', 'posts_user_id_title_unique', 'posts_status_check']),
    );
    const indexes = (await db.query<{ indexname: string }>(`select indexname from pg_indexes where tablename = 'posts'`)).rows.map((r) => r.indexname);
    expect(indexes).toContain('posts_status_published_at_index');
    await db.exec(`insert into users (email) values ('a@example.com')`);
    await expect(db.exec(`insert into users (email, role) values ('b@example.com', 'owner')`)).rejects.toThrow(/users_role_check/);
    await apply(migration.down);
    expect(await tables()).toEqual([]);
  });

  it('runs the column-type, alter and TypeORM statements without errors', async () => {
    await apply(
      knexUp(`  await knex.schema.createTable('all_types', (t) => {
    t.increments(); t.bigIncrements('seq', { primaryKey: false });
    t.integer('a'); t.bigInteger('b'); t.smallint('c'); t.tinyint('d'); t.string('e'); t.string('f', 40); t.text('g'); t.boolean('h').defaultTo(false);
    t.date('i'); t.datetime('j').defaultTo(knex.fn.now()); t.timestamp('k'); t.timestamp('l', { useTz: false }); t.time('m');
    t.float('n'); t.double('o'); t.decimal('p'); t.decimal('q', 10, 4).defaultTo(1.5); t.uuid('r'); t.json('s'); t.jsonb('u').defaultTo({ a: [1] }); t.binary('v');
    t.enu('w', ['x', 'y']); t.enu('mood', ['happy', 'sad'], { useNative: true, enumName: 'mood' }); t.specificType('z', 'inet');
  });
  await knex.schema.alterTable('all_types', (t) => {
    t.string('nick').index();
    t.dropColumn('a');
    t.renameColumn('b', 'bb');
    t.string('e', 80).notNullable().defaultTo('e').alter();
    t.unique(['nick']);
    t.comment('every type');
  });
  await knex.schema.alterTable('all_types', (t) => {
    t.dropUnique(['nick']);
    t.dropIndex('nick');
    t.dropPrimary();
  });
  await knex.schema.dropTable('all_types');
  await knex.raw('drop type "mood"');`),
    );
    const typeorm = read(
      `export class T1 { async up(queryRunner) {
  await queryRunner.createTable(new Table({ name: 'teams', columns: [{ name: 'id', type: 'int', isPrimary: true, isGenerated: true }] }));
  await queryRunner.createTable(new Table({
    name: 'members',
    columns: [
      { name: 'id', type: 'uuid', isPrimary: true, isGenerated: true, generationStrategy: 'uuid', default: 'gen_random_uuid()' },
      { name: 'team_id', type: 'int' },
      { name: 'kind', type: 'enum', enum: ['a', 'b'] },
    ],
    foreignKeys: [{ columnNames: ['team_id'], referencedTableName: 'teams', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
    indices: [{ columnNames: ['team_id', 'kind'], isUnique: true }],
  }));
}
async down(queryRunner) {
  await queryRunner.dropTable('members');
  await queryRunner.dropTable('teams');
  await queryRunner.query('DROP TYPE "public"."members_kind_enum"');
} }`,
      'src/migrations/1-T.ts',
    );
    await apply(typeorm.up);
    expect(await tables()).toEqual(['members', 'teams']);
    await apply(typeorm.down);
    expect(await tables()).toEqual([]);
  });
});

describe('PostgreSQL text', () => {
  it('writes parameters outside strings, quoted names, comments and dollar quotes only', () => {
    const sql = `SELECT $1, '$1', "$1", E'it\\'s $1', $$ $1 $$, $tag$ $2 $tag$ -- $1\n/* $2 */ $2`;
    expect(fillPgParameters(sql, ['a', null])).toEqual({ sql: `SELECT 'a', '$1', "$1", E'it\\'s $1', $$ $1 $$, $tag$ $2 $tag$ -- $1\n/* $2 */ NULL` });
    expect(fillPgParameters('SELECT $1', [[1, 2]])).toEqual({ error: 'parameter $1 is an array or object' });
  });

  it('quotes names and strings as knex does on pg', () => {
    expect(quoteName('app.users')).toBe('"app"."users"');
    expect(quoteName('we"ird')).toBe('"we""ird"');
    expect(quoteString("it's")).toBe("'it''s'");
    expect(quoteString('a\\b')).toBe("E'a\\\\b'");
  });
});
