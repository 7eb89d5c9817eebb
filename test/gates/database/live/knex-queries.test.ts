/**
 * knex query-builder chains as the SQL knex compiles for PostgreSQL: the exact text for each
 * construct, which roots and which chains are taken (only those that surely run as written), the
 * chains left out, and every generated statement planned by a real PostgreSQL (PGlite).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openPglite } from '../../../../src/gates/database/live/connection.js';
import { knexQueriesInModule } from '../../../../src/gates/database/live/knex-queries.js';
import type { FoundQuery } from '../../../../src/gates/database/live/queries.js';
import { projectContext } from '../../../helpers/gates.js';

async function queriesOf(source: string, file = 'src/repo.ts'): Promise<FoundQuery[]> {
  const context = await projectContext({ [file]: source });
  const module = context.modules.find((m) => m.file.path === file);
  if (!module) throw new Error(`${file} was not parsed`);
  return knexQueriesInModule(module);
}

/** The SQL of statements written in an async function that has `knex`, `db` and values in scope. */
const sqlOf = async (body: string) => (await queriesOf(`export async function run(email: string, ids: number[]) {\n${body}\n}\n`)).map((q) => q.sql);

describe('select chains', () => {
  it('where as an object, with null as IS NULL; first() → limit $n; at the chain', async () => {
    const [query, ...more] = await queriesOf("import { db } from './db';\nexport async function byEmail(email: string) {\n  return await db('users').where({ email, deleted_at: null }).first();\n}\n");
    expect(more).toEqual([]);
    expect(query).toEqual({ sql: 'select * from "users" where "email" = $1 and "deleted_at" is null limit $2', file: 'src/repo.ts', line: 3, column: 16, source: 'code' });
  });

  it("where('col', x), where('col', op, x), orWhere, whereIn, whereNotIn, whereNull, whereNotNull", async () => {
    const [sql, nulls] = await sqlOf(`  await knex('orders').where('status', 'open').andWhere('total', '>=', 100).orWhere({ vip: true, region: 'eu' }).whereIn('id', ids).whereIn('kind', ['a', 'b']).whereNotIn('owner_id', ids).orWhereIn('tag', []);
  await knex('orders').whereNull('shipped_at').orWhereNotNull('cancelled_at').where('note', 'ilike', email).where('coupon', null);`);
    expect(sql).toBe('select * from "orders" where "status" = $1 and "total" >= $2 or ("vip" = $3 and "region" = $4) and "id" = any($5) and "kind" in ($6, $7) and "owner_id" <> all($8) or 1 = 0');
    expect(nulls).toBe('select * from "orders" where "shipped_at" is null or "cancelled_at" is not null and "note" ilike $1 and "coupon" is null');
  });

  it('select / column lists with qualified names and aliases, orderBy forms, limit and offset', async () => {
    expect(
      await sqlOf(`  await knex('users as u').select('u.id', 'u.email as mail').select(['u.created_at']).orderBy('u.id', 'desc').orderBy([{ column: 'email', order: 'asc' }, 'role']).limit(10).offset(20);
  await knex('users').first('id', 'email');
  await knex('users').select().orderBy('id');`),
    ).toEqual([
      'select "u"."id", "u"."email" as "mail", "u"."created_at" from "users" as "u" order by "u"."id" desc, "email" asc, "role" asc limit $1 offset $2',
      'select "id", "email" from "users" limit $1',
      'select * from "users" order by "id" asc',
    ]);
  });

  it('roots: db.from(t), knex.select().from(t), knex.table(t), a schema-qualified table, count', async () => {
    expect(
      await sqlOf(`  await db.from('orders').where('user_id', 1);
  await knex.select('id').from('public.orders').where('total', '<', 5);
  await knex.table('orders').count();
  await db('orders').count('id as n').where('paid', true);`),
    ).toEqual([
      'select * from "orders" where "user_id" = $1',
      'select "id" from "public"."orders" where "total" < $1',
      'select count(*) from "orders"',
      'select count("id") as "n" from "orders" where "paid" = $1',
    ]);
  });

  it('update, del and returning: the statement knex runs (the gates roll it back)', async () => {
    expect(
      await sqlOf(`  await db('users').where({ id: 1 }).update({ name: email, updated_at: new Date() }).returning('*');
  await trx('users').update('active', false).whereIn('id', ids);
  await db('sessions').where('expires_at', '<', new Date()).del();`),
    ).toEqual([
      'update "users" set "name" = $1, "updated_at" = $2 where "id" = $3 returning *',
      'update "users" set "active" = $1 where "id" = any($2)',
      'delete from "sessions" where "expires_at" < $1',
    ]);
  });
});

describe('which chains are taken', () => {
  it('knex roots: knex, db, trx (also as members), and locals made by the knex factory', async () => {
    const sqls = (
      await queriesOf(`import Knex from 'knex';
const pg = Knex({ client: 'pg' });
const legacy = require('knex')({ client: 'pg' });
const make = require('knex');
const other = make({ client: 'pg' });
export async function run(app: any) {
  await pg('a').where('id', 1);
  await legacy('b').where('id', 1);
  await other('c').where('id', 1);
  await this.knex('d').where('id', 1);
  await app.db('e').where('id', 1);
  await cache('f').where('id', 1);
  await app.pg('g').where('id', 1);
}
`)
    ).map((q) => q.sql);
    expect(sqls).toEqual(['a', 'b', 'c', 'd', 'e'].map((t) => `select * from "${t}" where "id" = $1`));
  });

  it('only chains that surely run: awaited, returned by an async function, an async arrow body, or followed by then()', async () => {
    const queries = await queriesOf(`export const byId = async (id: number) => knex('users').where({ id }).first();
export async function list() { return db('users').where('active', true); }
export function later() { db('users').where('id', 1).then((rows) => rows); }
export function builder() { return db('users').where('tenant_id', 1); }
export async function kept() { const query = db('users').where('id', 1); if (Math.random()) query.where('a', 2); return 1; }
`);
    expect(queries.map((q) => [q.line, q.sql])).toEqual([
      [1, 'select * from "users" where "id" = $1 limit $2'],
      [2, 'select * from "users" where "active" = $1'],
      [3, 'select * from "users" where "id" = $1'],
    ]);
  });

  it('leaves out chains it does not understand', async () => {
    const skipped = [
      "knex('users').where((qb) => qb.where('a', 1))",
      "knex('users').where(function () { this.where('a', 1); })",
      "knex('users').join('orders', 'users.id', 'orders.user_id')",
      "knex('users').where(knex.raw('lower(email) = ?', [email]))",
      "knex('users').where('email', 'in', ids)",
      "knex('users').where('email', '=', null)",
      "knex('users').where({ ...filters })",
      "knex('users').where({ [column]: email })",
      "knex('users').where('lower(email)', email)",
      "knex(table).where('id', 1)",
      "knex('users').select(columns)",
      "knex('users').orderBy('id', direction)",
      "knex('users').whereIn('id', (qb) => qb.select('id').from('x'))",
      "knex('users').where('id', 1).update({ ...changes })",
      "knex('users').where('id', 1).del().orderBy('id')",
      "knex('users').count().select('id')",
      "knex('users').insert({ email })",
      "knex.raw('select 1')",
      "knex.schema.createTable('users', () => {})",
      "knex.select('id')",
      "db.select().from(users).where(eq(users.id, 1))",
      "db.selectFrom('users').selectAll().where('id', '=', 1).execute()",
      "db.collection('users').find({ email })",
      "db.query('SELECT 1')",
      "knex('users').where('id', ...ids)",
    ];
    for (const chain of skipped) expect(await sqlOf(`  await ${chain};`), chain).toEqual([]);
  });

  it('seed files fill tables: their chains are not the application queries', async () => {
    const source = "export async function seed(knex) { await knex('users').del(); }\n";
    expect(await queriesOf(source, 'seeds/01_users.js')).toEqual([]);
    expect((await queriesOf(source, 'src/cleanup.js')).map((q) => q.sql)).toEqual(['delete from "users"']);
  });
});

describe('on PostgreSQL', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPglite();
    await db.exec(`CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT NOT NULL UNIQUE, role TEXT, active BOOLEAN NOT NULL DEFAULT true, deleted_at TIMESTAMPTZ, created_at TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE TABLE orders (id SERIAL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), status TEXT NOT NULL, total NUMERIC(10, 2) NOT NULL, shipped_at TIMESTAMPTZ);`);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('every generated statement is valid PostgreSQL with its $n parameters (a generic plan)', async () => {
    const sqls = await sqlOf(`  await db('users').where({ email, deleted_at: null }).first();
  await db('users as u').select('u.id', 'u.email as mail').where('u.role', 'like', email).orWhere({ active: true, role: 'x' }).orderBy('u.created_at', 'desc').limit(10).offset(5);
  await knex.select('id').from('public.orders').whereIn('user_id', ids).whereIn('status', ['open', 'paid']).whereNotIn('id', ids).whereNull('shipped_at');
  await db('orders').count('id as n').where('total', '>', 10);
  await db('users').where('id', 1).update({ role: email, active: false }).returning(['id', 'email']);
  await db('orders').whereNotNull('shipped_at').del();`);
    expect(sqls).toHaveLength(6);
    for (const sql of sqls) await expect(db.exec(`EXPLAIN (GENERIC_PLAN) ${sql}`).then(() => 'planned'), sql).resolves.toBe('planned');
  });
});
