import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/database/redundant-index.js';
import { findingsOf, where } from '../../helpers/gates.js';
import { lineOf, prisma } from './helpers.js';

const TABLE = 'CREATE TABLE orders (\n  id UUID PRIMARY KEY,\n  user_id UUID NOT NULL,\n  code TEXT NOT NULL,\n  created_at TIMESTAMPTZ NOT NULL\n);\n';

describe('db/redundant-index', () => {
  it('flags an index that is the leading part of another, at its CREATE INDEX', async () => {
    const sql = `${TABLE}CREATE INDEX orders_user_id_idx ON orders (user_id);\nCREATE INDEX orders_user_id_created_at_idx ON orders (user_id, created_at);\n`;
    const findings = await findingsOf(rule, { 'migrations/001_init.sql': sql });
    expect(where(findings)).toEqual([`migrations/001_init.sql:${lineOf(sql, 'orders_user_id_idx')}`]);
    expect(findings[0]?.message).toBe('index orders_user_id_idx (user_id) on orders is a prefix of orders_user_id_created_at_idx (user_id, created_at), which serves the same lookups');
    expect(findings[0]?.related?.[0]?.line).toBe(lineOf(sql, 'orders_user_id_created_at_idx'));
  });

  it('flags duplicates: the same columns twice, and a unique index on the primary key', async () => {
    const sql = `${TABLE}CREATE INDEX a_idx ON orders (code);\nCREATE INDEX b_idx ON orders (code);\nCREATE UNIQUE INDEX orders_id_key ON orders (id);\n`;
    const findings = await findingsOf(rule, { 'migrations/001_init.sql': sql });
    expect(where(findings)).toEqual([`migrations/001_init.sql:${lineOf(sql, 'b_idx')}`, `migrations/001_init.sql:${lineOf(sql, 'orders_id_key')}`]);
    expect(findings[1]?.message).toContain('duplicates primary key orders_pkey (id)');
  });

  it('flags the plain index beside a unique constraint on the same column, found in the CREATE TABLE', async () => {
    const sql = 'CREATE TABLE users (\n  id BIGSERIAL PRIMARY KEY,\n  email TEXT NOT NULL,\n  CONSTRAINT users_email_key UNIQUE (email)\n);\nCREATE INDEX users_email_idx ON users (email);\n';
    const findings = await findingsOf(rule, { 'migrations/001_init.sql': sql });
    expect(where(findings)).toEqual([`migrations/001_init.sql:${lineOf(sql, 'users_email_idx')}`]);
    expect(findings[0]?.related?.[0]?.line).toBe(lineOf(sql, 'CONSTRAINT users_email_key'));
  });

  it('passes a unique index that a longer index starts with, and partial, GIN and covering indexes', async () => {
    const sql = `${TABLE}CREATE UNIQUE INDEX orders_code_key ON orders (code);
CREATE INDEX orders_code_created_idx ON orders (code, created_at);
CREATE INDEX orders_user_open_idx ON orders (user_id) WHERE created_at > '2020-01-01';
CREATE INDEX orders_user_created_idx ON orders (user_id, created_at);
CREATE INDEX orders_user_gin_idx ON orders USING gin (user_id);
CREATE INDEX orders_user_cover_idx ON orders (user_id) INCLUDE (code);
`;
    expect(await findingsOf(rule, { 'migrations/001_init.sql': sql })).toEqual([]);
  });

  it('passes the index InnoDB made for a foreign key once a composite index serves it (MySQL)', async () => {
    const sql = 'CREATE TABLE users (id INT PRIMARY KEY);\nCREATE TABLE posts (\n  id INT PRIMARY KEY,\n  author_id INT,\n  created_at DATETIME,\n  FOREIGN KEY (author_id) REFERENCES users (id)\n);\nCREATE INDEX posts_author_created_idx ON posts (author_id, created_at);\n';
    expect(await findingsOf(rule, { 'migrations/001_init.sql': sql }, { config: { migrations: { dialect: 'mysql' } } })).toEqual([]);
  });

  it('flags a Prisma @@index that another @@index or @unique covers, at its line', async () => {
    const schema = prisma(`model Order {
  id        String   @id
  email     String   @unique
  userId    String
  createdAt DateTime

  @@index([email])
  @@index([userId])
  @@index([userId, createdAt])
}
`);
    const findings = await findingsOf(rule, { 'prisma/schema.prisma': schema });
    expect(where(findings)).toEqual([`prisma/schema.prisma:${lineOf(schema, '@@index([email])')}`, `prisma/schema.prisma:${lineOf(schema, '@@index([userId])')}`]);
    expect(findings[0]?.hint).toContain('from model Order');
  });

  it('passes Prisma indexes of other types and a composite @@id with its own index on the second field', async () => {
    const schema = prisma(`model Like {
  userId Int
  postId Int
  tags   String[]

  @@id([userId, postId])
  @@index([postId])
  @@index([tags], type: Gin)
  @@index([tags])
  @@index([userId, tags])
}
`);
    expect(await findingsOf(rule, { 'prisma/schema.prisma': schema })).toEqual([]);
  });

  it('flags a Drizzle index that a composite index starts with, where it is named', async () => {
    const schema = `import { pgTable, serial, integer, timestamp, index } from 'drizzle-orm/pg-core';

export const orders = pgTable('orders', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull(),
  createdAt: timestamp('created_at'),
}, (t) => [
  index('orders_user_idx').on(t.userId),
  index('orders_user_created_idx').on(t.userId, t.createdAt),
]);
`;
    const findings = await findingsOf(rule, { 'src/db/schema.ts': schema });
    expect(where(findings)).toEqual([`src/db/schema.ts:${lineOf(schema, "index('orders_user_idx')")}`]);
    expect(findings[0]?.related?.[0]?.line).toBe(lineOf(schema, "index('orders_user_created_idx')"));
  });
});
