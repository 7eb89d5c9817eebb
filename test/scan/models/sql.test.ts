import { describe, expect, it } from 'vitest';
import { extractSqlMigrations, findMigrationFiles } from '../../../src/scan/models/sql.js';
import type { SqlDialect } from '../../../src/scan/models/types.js';
import { field, loadFixture, sourceFile, uncoveredForeignKeys } from './helpers.js';

function migrate(fixture: string, dialect?: SqlDialect) {
  const files = loadFixture(fixture);
  const ordered = findMigrationFiles(files.map((f) => f.path)).map((path) => files.find((f) => f.path === path)!);
  return extractSqlMigrations(ordered, dialect ? { dialect } : {});
}

describe('SQL migrations: PostgreSQL', () => {
  const result = migrate('sql-postgres');
  const file = (n: string) => `db/migrations/${n}.up.sql`;

  it('applies every migration in order to the final schema, without problems', () => {
    expect(result.problems).toEqual([]);
    expect(result.models).toEqual([
      {
        name: 'users',
        kind: 'sql',
        table: 'users',
        fields: [
          field('id', 'uuid', { primaryKey: true, default: 'gen_random_uuid()' }),
          field('email', 'citext', { unique: true }),
          field('role', 'user_role', { default: "'member'" }),
          field('display_name', 'text'),
          field('created_at', 'timestamptz', { default: 'now()' }),
          field('phone', 'varchar(32)', { nullable: true }),
        ],
        indexes: [{ name: 'users_email_key', fields: ['email'], unique: true }],
        source: { file: file('001_init'), line: 7 },
      },
      {
        name: 'accounts',
        kind: 'sql',
        table: 'accounts',
        fields: [
          field('id', 'bigint', { primaryKey: true, default: 'autoincrement()' }),
          field('owner_id', 'uuid', { references: { model: 'users', field: 'id' } }),
          field('currency', 'char(3)', { nullable: true, default: "'EUR'" }),
          field('balance', 'numeric(16,2)', { default: '0' }),
        ],
        indexes: [{ name: 'accounts_owner_id_idx', fields: ['owner_id'], unique: false }],
        source: { file: file('001_init'), line: 15 },
      },
      {
        name: 'products',
        kind: 'sql',
        table: 'products',
        fields: [
          field('id', 'integer', { primaryKey: true, default: 'autoincrement()' }),
          field('sku', 'varchar(64)', { unique: true }),
          field('name', 'text'),
          field('price', 'numeric(10,2)'),
          field('attributes', 'jsonb', { default: "'{}'::jsonb" }),
        ],
        indexes: [{ name: 'products_sku_key', fields: ['sku'], unique: true }],
        source: { file: file('002_orders'), line: 1 },
      },
      {
        name: 'purchases',
        kind: 'sql',
        table: 'purchases',
        fields: [
          field('id', 'bigint', { primaryKey: true, default: 'autoincrement()' }),
          field('account_id', 'bigint', { references: { model: 'accounts', field: 'id' } }),
          field('status', 'text', { default: "'new'" }),
          field('placed_at', 'timestamptz(3)', { nullable: true }),
          field('note', 'text', { nullable: true }),
          field('coupon_code', 'text', { nullable: true, references: { model: 'coupons', field: 'code' } }),
        ],
        indexes: [{ name: 'purchases_account_placed_idx', fields: ['account_id', 'placed_at'], unique: false }],
        source: { file: file('002_orders'), line: 10 },
      },
      {
        name: 'order_items',
        kind: 'sql',
        table: 'order_items',
        fields: [
          field('order_id', 'bigint', { primaryKey: true, references: { model: 'purchases', field: 'id' } }),
          field('line_no', 'smallint', { primaryKey: true }),
          field('product_id', 'integer', { references: { model: 'products', field: 'id' } }),
          field('quantity', 'integer', { default: '1' }),
        ],
        indexes: [{ name: 'order_items_pkey', fields: ['order_id', 'line_no'], unique: true }],
        source: { file: file('002_orders'), line: 23 },
      },
      {
        name: 'coupons',
        kind: 'sql',
        table: 'coupons',
        fields: [field('code', 'text', { unique: true }), field('percent', 'smallint'), field('id', 'integer', { primaryKey: true, default: 'autoincrement()' })],
        indexes: [{ name: 'coupons_code_key', fields: ['code'], unique: true }],
        source: { file: file('003_changes'), line: 19 },
      },
    ]);
  });

  it('records enum types, with values added later, and no down migration', () => {
    expect(result.enums).toEqual([{ name: 'user_role', values: ['member', 'staff', 'admin'] }]);
  });

  it('shows foreign keys that no index or key starts with', () => {
    expect(Object.fromEntries(result.models.map((m) => [m.name, uncoveredForeignKeys(m)]))).toEqual({
      users: [],
      accounts: [],
      products: [],
      purchases: ['coupon_code'],
      order_items: ['product_id'],
      coupons: [],
    });
  });
});

describe('SQL migrations: MySQL (Prisma migrate output, then hand-written changes)', () => {
  const result = migrate('sql-mysql', 'mysql');
  const file = (n: string) => `prisma/migrations/${n}/migration.sql`;

  it('reads backticks, AUTO_INCREMENT, inline indexes, MODIFY / CHANGE, key changes, and InnoDB\'s foreign key index', () => {
    expect(result.problems).toEqual([]);
    expect(result.models).toEqual([
      {
        name: 'users',
        kind: 'sql',
        table: 'users',
        fields: [
          field('id', 'integer', { primaryKey: true, default: 'autoincrement()' }),
          field('email', 'varchar(191)', { unique: true }),
          field('name', 'varchar(120)'),
          field('registered_at', 'datetime(3)'),
        ],
        indexes: [{ name: 'users_email_key', fields: ['email'], unique: true }],
        source: { file: file('20240301090000_init'), line: 2 },
      },
      {
        name: 'orders',
        kind: 'sql',
        table: 'orders',
        fields: [
          field('id', 'bigint unsigned', { primaryKey: true, default: 'autoincrement()' }),
          field('user_id', 'integer', { primaryKey: true, references: { model: 'users', field: 'id' } }),
          field('status', "enum('pending','paid','shipped')", { default: "'paid'" }),
          field('total', 'numeric(12,2)'),
          field('placed_at', 'datetime(3)', { nullable: true }),
          field('note', 'text', { nullable: true }),
        ],
        indexes: [
          { name: 'orders_pkey', fields: ['id', 'user_id'], unique: true },
          { name: 'orders_status_placed_idx', fields: ['status', 'placed_at'], unique: false },
          { name: 'orders_user_id_fkey', fields: ['user_id'], unique: false },
        ],
        source: { file: file('20240315120000_orders'), line: 2 },
      },
    ]);
  });
});

describe('SQL migrations: SQLite (Prisma\'s table rebuild)', () => {
  it('follows create new_Post, copy, drop Post, rename new_Post to Post', () => {
    const result = migrate('sql-sqlite', 'sqlite');
    expect(result.problems).toEqual([]);
    expect(result.models).toEqual([
      {
        name: 'User',
        kind: 'sql',
        table: 'User',
        fields: [field('id', 'integer', { primaryKey: true, default: 'autoincrement()' }), field('email', 'text', { unique: true }), field('name', 'text', { nullable: true })],
        indexes: [{ name: 'User_email_key', fields: ['email'], unique: true }],
        source: { file: 'prisma/migrations/20240110100000_init/migration.sql', line: 2 },
      },
      {
        name: 'Post',
        kind: 'sql',
        table: 'Post',
        fields: [
          field('id', 'integer', { primaryKey: true, default: 'autoincrement()' }),
          field('title', 'text'),
          field('published', 'boolean', { default: 'false' }),
          field('authorId', 'integer', { references: { model: 'User', field: 'id' } }),
        ],
        indexes: [{ name: 'Post_authorId_idx', fields: ['authorId'], unique: false }],
        source: { file: 'prisma/migrations/20240220100000_redefine/migration.sql', line: 7 },
      },
    ]);
  });
});

describe('SQL migrations: files with up and down sections', () => {
  it('applies only the up part of each dbmate file', () => {
    const result = migrate('sql-dbmate');
    expect(result.problems).toEqual([]);
    expect(result.models.map((m) => [m.name, m.fields.map((f) => f.name), m.indexes.map((i) => i.name)])).toEqual([
      ['projects', ['id', 'name'], []],
      ['tasks', ['id', 'project_id', 'title', 'done'], ['tasks_project_id_idx']],
    ]);
  });
});

describe('SQL migrations: problems', () => {
  const result = migrate('sql-problems');

  it('reports each statement that cannot be read or applied at its file and line', () => {
    expect(result.problems).toEqual([
      {
        file: 'migrations/2_more.sql',
        line: 2,
        message: 'could not parse SQL statement, not applied: CREATE TABLE rooms ( id serial PRIMARY KEY, name text NOT NULL,, capacity integ… (unexpected "," on line 4)',
        severity: 'warning',
      },
      { file: 'migrations/2_more.sql', line: 8, message: 'ALTER TABLE on unknown table "ghosts"', severity: 'warning' },
      { file: 'migrations/2_more.sql', line: 10, message: 'unknown SQL statement, not applied: FROBNICATE the database', severity: 'warning' },
      { file: 'migrations/2_more.sql', line: 14, message: 'DROP INDEX of unknown index "missing_idx"', severity: 'warning' },
    ]);
  });

  it('still applies the rest of that file and the later migrations', () => {
    expect(result.models.map((m) => m.name)).toEqual(['teams', 'bookings']);
    expect(result.models[0]).toMatchObject({
      fields: [{ name: 'id' }, { name: 'name' }, { name: 'slug', unique: true }, { name: 'archived_at', nullable: true }],
      indexes: [{ name: 'teams_slug_key', fields: ['slug'], unique: true }],
    });
    // The exclusion constraint and the range type do not keep the table out.
    expect(result.models[1]).toMatchObject({
      fields: [{ name: 'id' }, { name: 'team_id', references: { model: 'teams', field: 'id' } }, { name: 'room' }, { name: 'during', type: 'tstzrange' }],
      indexes: [{ name: 'bookings_team_id_idx' }],
    });
  });

  it('reports a table created from a query, whose columns it cannot know', () => {
    const { problems, models } = extractSqlMigrations([sourceFile('migrations/1.sql', 'CREATE TABLE archive AS SELECT * FROM orders;')]);
    expect(problems).toEqual([{ file: 'migrations/1.sql', line: 1, message: 'the columns of "archive" come from a query and are not known', severity: 'warning' }]);
    expect(models).toMatchObject([{ name: 'archive', fields: [] }]);
  });
});
