/**
 * Prisma Client calls as the SQL the query engine runs on PostgreSQL: the exact text for each
 * construct, the calls left out (anything not understood), and every generated statement
 * planned by a real PostgreSQL (PGlite) over the tables the schema describes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openPglite } from '../../../../src/gates/database/live/connection.js';
import { explain, queryTarget } from '../../../../src/gates/database/live/explain.js';
import { prismaModels } from '../../../../src/gates/database/live/prisma-models.js';
import { prismaQueriesInModule } from '../../../../src/gates/database/live/prisma-queries.js';
import type { FoundQuery } from '../../../../src/gates/database/live/queries.js';
import { projectContext } from '../../../helpers/gates.js';

const PRISMA_SCHEMA = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  name      String?  @map("display_name")
  role      String
  createdAt DateTime @default(now()) @map("created_at")
  posts     Post[]
  profile   Profile?

  @@map("users")
}

model Post {
  id        Int     @id @default(autoincrement())
  title     String
  published Boolean @default(false)
  views     Int     @default(0)
  authorId  Int     @map("author_id")
  author    User    @relation(fields: [authorId], references: [id])
  tags      Tag[]
}

model Profile {
  id     Int     @id @default(autoincrement())
  bio    String?
  userId Int     @unique
  user   User    @relation(fields: [userId], references: [id])
}

model OrderItem {
  orderId   Int
  productId Int
  quantity  Int

  @@id([orderId, productId])
  @@map("order_items")
}

model Membership {
  userId Int
  teamId Int
  role   String

  @@unique([userId, teamId], name: "member")
}

model Employee {
  id        Int        @id
  managerId Int?
  manager   Employee?  @relation("Reports", fields: [managerId], references: [id])
  reports   Employee[] @relation("Reports")
}

model Tag {
  id    Int    @id
  name  String
  posts Post[]
}
`;

/** The tables of PRISMA_SCHEMA, as \`prisma migrate\` would create them. */
const TABLES = `
CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT NOT NULL UNIQUE, display_name TEXT, role TEXT NOT NULL, created_at TIMESTAMP(3) NOT NULL DEFAULT now());
CREATE TABLE "Post" (id SERIAL PRIMARY KEY, title TEXT NOT NULL, published BOOLEAN NOT NULL DEFAULT false, views INTEGER NOT NULL DEFAULT 0, author_id INTEGER NOT NULL REFERENCES users (id));
CREATE TABLE "Profile" (id SERIAL PRIMARY KEY, bio TEXT, "userId" INTEGER NOT NULL UNIQUE REFERENCES users (id));
CREATE TABLE order_items ("orderId" INTEGER NOT NULL, "productId" INTEGER NOT NULL, quantity INTEGER NOT NULL, PRIMARY KEY ("orderId", "productId"));
CREATE TABLE "Membership" ("userId" INTEGER NOT NULL, "teamId" INTEGER NOT NULL, role TEXT NOT NULL, UNIQUE ("userId", "teamId"));
CREATE TABLE "Employee" (id INTEGER PRIMARY KEY, "managerId" INTEGER REFERENCES "Employee" (id));
CREATE TABLE "Tag" (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
`;

const U = '"public"."users"';
const P = '"public"."Post"';
const USER_COLUMNS = `${U}."id", ${U}."email", ${U}."display_name", ${U}."role", ${U}."created_at"`;
const POST_COLUMNS = `${P}."id", ${P}."title", ${P}."published", ${P}."views", ${P}."author_id"`;

async function queriesOf(body: string, schema = PRISMA_SCHEMA): Promise<FoundQuery[]> {
  const context = await projectContext({ 'prisma/schema.prisma': schema, 'src/users.ts': `export async function run(prisma: any, tx: any, email: string, ids: number[]) {\n${body}\n}\n` });
  const module = context.modules.find((m) => m.file.path === 'src/users.ts');
  if (!module) throw new Error('src/users.ts was not parsed');
  return prismaQueriesInModule(module, prismaModels(context));
}

const sqlOf = async (body: string) => (await queriesOf(body)).map((q) => q.sql);

describe('reads', () => {
  it('findUnique: the scalar columns (@map, @@map), the where, LIMIT 1, at the call', async () => {
    const [query, ...more] = await queriesOf('  const user = await prisma.user.findUnique({ where: { email } });');
    expect(more).toEqual([]);
    expect(query).toEqual({ sql: `SELECT ${USER_COLUMNS} FROM ${U} WHERE ${U}."email" = $1 LIMIT 1`, file: 'src/users.ts', line: 2, column: 22, source: 'code' });
  });

  it('findMany with no argument reads the whole table; findFirst stops at one row', async () => {
    expect(await sqlOf('  await prisma.post.findMany();\n  await prisma.post.findFirstOrThrow({ where: { published: true } });')).toEqual([
      `SELECT ${POST_COLUMNS} FROM ${P}`,
      `SELECT ${POST_COLUMNS} FROM ${P} WHERE ${P}."published" = $1 LIMIT 1`,
    ]);
  });

  it('every value is a parameter: literals, variables, calls; undefined is ignored, null is IS NULL', async () => {
    const [sql] = await sqlOf("  await prisma.user.findMany({ where: { role: 'admin', email: email.trim(), name: null, createdAt: undefined, id: ids[0] } });");
    expect(sql).toBe(`SELECT ${USER_COLUMNS} FROM ${U} WHERE (${U}."role" = $1 AND ${U}."email" = $2 AND ${U}."display_name" IS NULL AND ${U}."id" = $3)`);
  });

  it('filter operators: equals, not, in, notIn, lt/lte/gt/gte, contains/startsWith/endsWith, insensitive mode', async () => {
    const [operators, text, insensitive, nulls] = await sqlOf(`  await prisma.post.findMany({ where: { id: { in: ids }, authorId: { notIn: ids }, views: { gt: 1, lte: 9 }, title: { not: 'x' } } });
  await prisma.post.findMany({ where: { title: { contains: email }, AND: [{ title: { startsWith: 'a' } }, { title: { endsWith: 'z' } }] } });
  await prisma.user.findMany({ where: { email: { equals: email, mode: 'insensitive' }, name: { contains: 'x', mode: 'insensitive' }, role: { lt: 'b', mode: 'insensitive' } } });
  await prisma.user.findMany({ where: { name: { not: null }, role: { equals: null }, email: { not: { contains: '@' } }, id: { gte: 1, lt: 5 } } });`);
    expect(operators).toBe(`SELECT ${POST_COLUMNS} FROM ${P} WHERE (${P}."id" = ANY($1) AND ${P}."author_id" <> ALL($2) AND (${P}."views" > $3 AND ${P}."views" <= $4) AND ${P}."title" <> $5)`);
    expect(text).toBe(`SELECT ${POST_COLUMNS} FROM ${P} WHERE (${P}."title" LIKE $1 AND (${P}."title" LIKE $2 AND ${P}."title" LIKE $3))`);
    expect(insensitive).toBe(`SELECT ${USER_COLUMNS} FROM ${U} WHERE (${U}."email" ILIKE $1 AND ${U}."display_name" ILIKE $2 AND LOWER(${U}."role") < LOWER($3))`);
    expect(nulls).toBe(`SELECT ${USER_COLUMNS} FROM ${U} WHERE (${U}."display_name" IS NOT NULL AND ${U}."role" IS NULL AND NOT (${U}."email" LIKE $1) AND (${U}."id" >= $2 AND ${U}."id" < $3))`);
  });

  it('AND, OR and NOT, as arrays and objects', async () => {
    const [sql, empty] = await sqlOf(`  await prisma.user.findMany({ where: { OR: [{ email }, { role: 'admin', name: 'x' }], NOT: { role: 'guest' }, AND: { id: 1 } } });
  await prisma.user.findMany({ where: { OR: [], NOT: [{ role: 'a' }, { role: 'b' }] } });`);
    expect(sql).toBe(`SELECT ${USER_COLUMNS} FROM ${U} WHERE ((${U}."email" = $1 OR (${U}."role" = $2 AND ${U}."display_name" = $3)) AND NOT (${U}."role" = $4) AND ${U}."id" = $5)`);
    expect(empty).toBe(`SELECT ${USER_COLUMNS} FROM ${U} WHERE (1=0 AND (NOT (${U}."role" = $1) AND NOT (${U}."role" = $2)))`);
  });

  it('compound unique inputs: the default name and a named one', async () => {
    expect(
      await sqlOf(`  await prisma.orderItem.findUnique({ where: { orderId_productId: { orderId: 1, productId: ids[0] } } });
  await prisma.membership.findUnique({ where: { member: { teamId: 2, userId: 1 } } });`),
    ).toEqual([
      'SELECT "public"."order_items"."orderId", "public"."order_items"."productId", "public"."order_items"."quantity" FROM "public"."order_items" WHERE ("public"."order_items"."orderId" = $1 AND "public"."order_items"."productId" = $2) LIMIT 1',
      'SELECT "public"."Membership"."userId", "public"."Membership"."teamId", "public"."Membership"."role" FROM "public"."Membership" WHERE ("public"."Membership"."userId" = $1 AND "public"."Membership"."teamId" = $2) LIMIT 1',
    ]);
  });

  it('to-many relation filters: some, none, every as EXISTS on the foreign key', async () => {
    const [sql] = await sqlOf('  await prisma.user.findMany({ where: { posts: { some: { published: true }, none: { views: { gt: 100 } }, every: { title: { contains: email } } } } });');
    expect(sql).toBe(
      `SELECT ${USER_COLUMNS} FROM ${U} WHERE (` +
        `EXISTS (SELECT 1 FROM ${P} AS "t1" WHERE "t1"."author_id" = ${U}."id" AND "t1"."published" = $1) AND ` +
        `NOT EXISTS (SELECT 1 FROM ${P} AS "t2" WHERE "t2"."author_id" = ${U}."id" AND "t2"."views" > $2) AND ` +
        `NOT EXISTS (SELECT 1 FROM ${P} AS "t3" WHERE "t3"."author_id" = ${U}."id" AND NOT ("t3"."title" LIKE $3)))`,
    );
  });

  it('to-one relation filters: is, isNot, the shorthand, null on either side, a self-relation', async () => {
    const [post, absent, profile, reports] = await sqlOf(`  await prisma.post.findMany({ where: { author: { is: { role: 'admin' } }, NOT: { author: { isNot: { email } } } } });
  await prisma.post.findMany({ where: { author: { email } } });
  await prisma.user.findMany({ where: { profile: null, NOT: { profile: { is: null } } } });
  await prisma.employee.findMany({ where: { reports: { some: { managerId: 1 } }, manager: { isNot: null } } });`);
    expect(post).toBe(
      `SELECT ${POST_COLUMNS} FROM ${P} WHERE (EXISTS (SELECT 1 FROM ${U} AS "t1" WHERE "t1"."id" = ${P}."author_id" AND "t1"."role" = $1) AND ` +
        `NOT (NOT EXISTS (SELECT 1 FROM ${U} AS "t2" WHERE "t2"."id" = ${P}."author_id" AND "t2"."email" = $2)))`,
    );
    expect(absent).toBe(`SELECT ${POST_COLUMNS} FROM ${P} WHERE EXISTS (SELECT 1 FROM ${U} AS "t1" WHERE "t1"."id" = ${P}."author_id" AND "t1"."email" = $1)`);
    expect(profile).toBe(
      `SELECT ${USER_COLUMNS} FROM ${U} WHERE (NOT EXISTS (SELECT 1 FROM "public"."Profile" AS "t1" WHERE "t1"."userId" = ${U}."id") AND ` +
        `NOT (NOT EXISTS (SELECT 1 FROM "public"."Profile" AS "t2" WHERE "t2"."userId" = ${U}."id")))`,
    );
    const E = '"public"."Employee"';
    expect(reports).toBe(`SELECT ${E}."id", ${E}."managerId" FROM ${E} WHERE (EXISTS (SELECT 1 FROM ${E} AS "t1" WHERE "t1"."managerId" = ${E}."id" AND "t1"."managerId" = $1) AND ${E}."managerId" IS NOT NULL)`);
  });

  it('orderBy (object, array, sort and nulls), take → LIMIT $n, skip → OFFSET $n', async () => {
    expect(
      await sqlOf(`  await prisma.post.findMany({ where: { authorId: 1 }, orderBy: { views: 'desc' }, take: 20, skip: 40 });
  await prisma.post.findMany({ orderBy: [{ published: 'asc' }, { title: { sort: 'desc', nulls: 'last' } }], take: 5 });
  await prisma.post.findFirst({ orderBy: { id: 'asc' }, skip: 3 });`),
    ).toEqual([
      `SELECT ${POST_COLUMNS} FROM ${P} WHERE ${P}."author_id" = $1 ORDER BY ${P}."views" DESC LIMIT $2 OFFSET $3`,
      `SELECT ${POST_COLUMNS} FROM ${P} ORDER BY ${P}."published" ASC, ${P}."title" DESC NULLS LAST LIMIT $1`,
      `SELECT ${POST_COLUMNS} FROM ${P} ORDER BY ${P}."id" ASC LIMIT 1 OFFSET $1`,
    ]);
  });

  it('distinct is applied in memory: the rows are fetched without LIMIT / OFFSET', async () => {
    expect(await sqlOf("  await prisma.post.findMany({ distinct: ['authorId'], take: 10, skip: 2 });")).toEqual([`SELECT ${POST_COLUMNS} FROM ${P}`]);
  });

  it('select and omit choose the columns; include and relation selects add the query that loads the relation', async () => {
    const sqls = await sqlOf(`  await prisma.user.findMany({ select: { email: true, role: false, posts: { where: { published: true }, orderBy: { id: 'desc' }, select: { title: true } } } });
  await prisma.post.findUnique({ where: { id: 1 }, include: { author: true } });
  await prisma.user.findMany({ omit: { createdAt: true, name: true }, include: { profile: true, posts: false } });`);
    expect(sqls).toEqual([
      `SELECT ${U}."email", ${U}."id" FROM ${U}`,
      `SELECT ${P}."title", ${P}."author_id" FROM ${P} WHERE (${P}."author_id" = ANY($1) AND ${P}."published" = $2) ORDER BY ${P}."id" DESC`,
      `SELECT ${POST_COLUMNS} FROM ${P} WHERE ${P}."id" = $1 LIMIT 1`,
      `SELECT ${USER_COLUMNS} FROM ${U} WHERE ${U}."id" = ANY($1)`,
      `SELECT ${U}."id", ${U}."email", ${U}."role" FROM ${U}`,
      'SELECT "public"."Profile"."id", "public"."Profile"."bio", "public"."Profile"."userId" FROM "public"."Profile" WHERE "public"."Profile"."userId" = ANY($1)',
    ]);
  });
});

describe('aggregates and writes', () => {
  it('count, aggregate and groupBy select their aggregates over the where', async () => {
    expect(
      await sqlOf(`  await prisma.post.count({ where: { published: true } });
  await prisma.post.count({ select: { _all: true, title: true } });
  await prisma.post.aggregate({ where: { authorId: 1 }, _count: true, _sum: { views: true }, _max: { id: true } });
  await prisma.post.groupBy({ by: ['authorId'], where: { published: true }, _count: { _all: true }, _avg: { views: true }, orderBy: { authorId: 'asc' }, take: 10 });`),
    ).toEqual([
      `SELECT COUNT(*) FROM ${P} WHERE ${P}."published" = $1`,
      `SELECT COUNT(*), COUNT(${P}."title") FROM ${P}`,
      `SELECT COUNT(*), SUM(${P}."views"), MAX(${P}."id") FROM ${P} WHERE ${P}."author_id" = $1`,
      `SELECT ${P}."author_id", COUNT(*), AVG(${P}."views") FROM ${P} WHERE ${P}."published" = $1 GROUP BY ${P}."author_id" ORDER BY ${P}."author_id" ASC LIMIT $2`,
    ]);
  });

  it('update, delete, upsert and the *Many forms: the SELECT of the key with their where', async () => {
    expect(
      await sqlOf(`  await prisma.user.update({ where: { email }, data: { name: 'x' } });
  await prisma.user.delete({ where: { id: 1 } });
  await prisma.user.upsert({ where: { email }, create: { email, role: 'a' }, update: {} });
  await prisma.post.updateMany({ where: { authorId: { in: ids } }, data: { published: false } });
  await prisma.post.deleteMany({ where: { views: 0 } });
  await prisma.orderItem.deleteMany();`),
    ).toEqual([
      `SELECT ${U}."id" FROM ${U} WHERE ${U}."email" = $1`,
      `SELECT ${U}."id" FROM ${U} WHERE ${U}."id" = $1`,
      `SELECT ${U}."id" FROM ${U} WHERE ${U}."email" = $1`,
      `SELECT ${P}."id" FROM ${P} WHERE ${P}."author_id" = ANY($1)`,
      `SELECT ${P}."id" FROM ${P} WHERE ${P}."views" = $1`,
      'SELECT "public"."order_items"."orderId", "public"."order_items"."productId" FROM "public"."order_items"',
    ]);
  });
});

describe('clients and skipped calls', () => {
  it('any client expression: this.prisma, a transaction client, ctx.db, optional chaining', async () => {
    const sqls = await sqlOf(`  await this.prisma.user.count();
  await prisma.$transaction(async (t) => t.user.count());
  await tx.user.count();
  await ctx.db.user.count();
  await prisma?.user?.count();`);
    expect(sqls).toEqual(Array.from({ length: 5 }, () => `SELECT COUNT(*) FROM ${U}`));
  });

  it('leaves out a call it cannot translate with certainty', async () => {
    const skipped = [
      'prisma.user.findMany({ where: { ...filters } })',
      'prisma.user.findMany({ where: filters })',
      'prisma.user.findMany(args)',
      'prisma.user.findMany({ where: { [field]: email } })',
      'prisma.user.findMany({ where: { nickname: email } })',
      "prisma.user.findMany({ where: { email: { search: 'a' } } })",
      "prisma.user.findMany({ where: { email: { contains: 'a', mode: mode } } })",
      "prisma.user.findMany({ where: { email: { in: ids, mode: 'insensitive' } } })",
      'prisma.user.findMany({ where: { OR: conditions } })',
      'prisma.user.findMany({ where: { NOT: {} } })',
      'prisma.user.findMany({ orderBy: { createdAt: direction } })',
      'prisma.user.findMany({ orderBy: { posts: { _count: "desc" } } })',
      'prisma.user.findMany({ cursor: { id: 1 }, take: 10 })',
      'prisma.user.findMany({ include: { _count: true } })',
      'prisma.user.findMany({ select: { email: wanted } })',
      'prisma.user.findMany({ select: { email: true }, include: { posts: true } })',
      'prisma.user.findMany({ include: { posts: { take: 3 } } })',
      'prisma.post.findMany({ where: { tags: { some: { name: "x" } } } })',
      'prisma.post.findMany({ include: { tags: true } })',
      'prisma.post.findMany({ where: { author: { posts: { some: { id: 1 } }, nickname: "x" } } })',
      'prisma.user.findUnique({ where: { email } }, extra)',
      "prisma.user.findUnique({ select: { email: true } })",
      'prisma.orderItem.findUnique({ where: { orderId_productId: { orderId: 1 } } })',
      'prisma.post.count({ take: 10 })',
      'prisma.post.aggregate({ where: { id: 1 } })',
      'prisma.post.groupBy({ by: ["authorId"], having: { views: { _sum: { gt: 1 } } } })',
      "prisma.user.update({ name: 'x' })",
      'cache.user.delete(key)',
      'prisma.account.findMany()',
      'prisma.user.findMany({ relationLoadStrategy: "join" })',
    ];
    for (const call of skipped) expect(await sqlOf(`  await ${call};`), call).toEqual([]);
  });

  it('a project without a Prisma schema has no Prisma queries', async () => {
    const context = await projectContext({ 'src/users.ts': 'export const f = (prisma: any) => prisma.user.findMany();\n' });
    const [module] = context.modules;
    expect(module && prismaQueriesInModule(module, prismaModels(context))).toEqual([]);
  });
});

describe('on PostgreSQL', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPglite();
    await db.exec(TABLES);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('every generated statement is valid PostgreSQL with its $n parameters (a generic plan)', async () => {
    const queries = await queriesOf(`  await prisma.user.findUnique({ where: { email } });
  await prisma.user.findMany({ where: { OR: [{ email: { contains: email, mode: 'insensitive' } }, { name: null }], posts: { some: { published: true } }, NOT: { role: { in: ids } } }, orderBy: [{ createdAt: 'desc' }], take: 10, skip: 5 });
  await prisma.user.findMany({ where: { posts: { every: { views: { gte: 1 } }, none: { title: { startsWith: 'x' } } }, profile: { isNot: null } }, select: { email: true, posts: { where: { published: true } }, profile: true } });
  await prisma.post.findMany({ where: { author: { is: { role: 'admin' } }, id: { notIn: ids }, title: { not: { endsWith: 'z' } } }, include: { author: true } });
  await prisma.orderItem.findUnique({ where: { orderId_productId: { orderId: 1, productId: 2 } } });
  await prisma.membership.findUnique({ where: { member: { userId: 1, teamId: 2 } } });
  await prisma.employee.findMany({ where: { reports: { some: { managerId: 1 } }, manager: { is: null } } });
  await prisma.post.count({ where: { published: true } });
  await prisma.post.aggregate({ _avg: { views: true }, _count: { _all: true, title: true } });
  await prisma.post.groupBy({ by: ['authorId', 'published'], _sum: { views: true }, orderBy: { authorId: 'desc' }, skip: 1 });
  await prisma.user.update({ where: { email }, data: { role: 'x' } });
  await prisma.orderItem.deleteMany({ where: { quantity: { lt: 1 } } });
  await prisma.user.findMany({ where: { role: { lte: 'm', mode: 'insensitive' } } });`);
    expect(queries).toHaveLength(16);
    for (const { sql } of queries) await expect(db.exec(`EXPLAIN (GENERIC_PLAN) ${sql}`).then(() => 'planned'), sql).resolves.toBe('planned');
  });

  it('the gates plan a lookup with values from the seeded rows: findUnique by email uses the unique index', async () => {
    await db.exec("INSERT INTO users (email, role) SELECT 'u' || g || '@x.io', 'member' FROM generate_series(1, 2000) g; ANALYZE users;");
    const [query] = await queriesOf('  await prisma.user.findUnique({ where: { email } });\n  await prisma.user.findMany({ where: { role: { in: ids } } });');
    const target = await queryTarget(db, new Map([['public.users', 2000]]));
    const explained = await explain(target, query as FoundQuery);
    expect(explained.error).toBeUndefined();
    expect(JSON.stringify(explained.plan)).toContain('"Index Name":"users_email_key"');
  });
});
