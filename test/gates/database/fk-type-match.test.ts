import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/database/fk-type-match.js';
import { findingsOf, where } from '../../helpers/gates.js';
import { lineOf, prisma } from './helpers.js';

describe('db/fk-type-match', () => {
  it('flags INTEGER referencing BIGINT in SQL, at the column, relating the key', async () => {
    const sql = `CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY
);

CREATE TABLE posts (
  id BIGSERIAL PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES users (id)
);
`;
    const findings = await findingsOf(rule, { 'migrations/001_init.sql': sql });
    expect(where(findings)).toEqual([`migrations/001_init.sql:${lineOf(sql, 'author_id')}`]);
    expect(findings[0]?.message).toBe('foreign key posts.author_id is integer but references users.id, which is bigint');
    expect(findings[0]?.related?.[0]).toMatchObject({ file: 'migrations/001_init.sql', line: lineOf(sql, 'id BIGSERIAL') });
  });

  it('flags UUID referencing TEXT given by ALTER TABLE … ADD CONSTRAINT', async () => {
    const files = {
      'migrations/001_users.sql': 'CREATE TABLE users (id TEXT PRIMARY KEY);\n',
      'migrations/002_posts.sql': 'CREATE TABLE posts (\n  id UUID PRIMARY KEY,\n  author_id UUID NOT NULL\n);\nALTER TABLE posts ADD CONSTRAINT posts_author_fkey FOREIGN KEY (author_id) REFERENCES users (id);\n',
    };
    const findings = await findingsOf(rule, files);
    expect(where(findings)).toEqual(['migrations/002_posts.sql:3']);
  });

  it('passes equal types, and string types of other lengths', async () => {
    const sql = `CREATE TABLE users (id VARCHAR(36) PRIMARY KEY, org_code CHAR(3));
CREATE TABLE posts (
  id SERIAL PRIMARY KEY,
  author_id TEXT REFERENCES users (id),
  parent_id INT4 REFERENCES posts (id)
);
`;
    expect(await findingsOf(rule, { 'migrations/001_init.sql': sql })).toEqual([]);
  });

  it('flags a Prisma Int referencing a BigInt id, and a native Uuid referencing a plain String', async () => {
    const schema = prisma(`model User {
  id    BigInt @id @default(autoincrement())
  posts Post[]
}

model Team {
  id      String @id
  members Member[]
}

model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}

model Member {
  id     Int    @id
  teamId String @db.Uuid
  team   Team   @relation(fields: [teamId], references: [id])
}
`);
    const findings = await findingsOf(rule, { 'prisma/schema.prisma': schema });
    expect(where(findings)).toEqual([`prisma/schema.prisma:${lineOf(schema, 'authorId Int')}`, `prisma/schema.prisma:${lineOf(schema, 'teamId String')}`]);
    expect(findings[0]?.hint).toContain('authorId BigInt');
    expect(findings[1]?.message).toBe('foreign key Member.teamId is uuid but references Team.id, which is text');
  });

  it('passes matching Prisma types', async () => {
    const schema = prisma(`model User {
  id    String @id @db.Uuid
  posts Post[]
}

model Post {
  id       Int    @id
  authorId String @db.Uuid
  author   User   @relation(fields: [authorId], references: [id])
}
`);
    expect(await findingsOf(rule, { 'prisma/schema.prisma': schema })).toEqual([]);
  });

  it('flags a Drizzle integer column referencing a bigserial key', async () => {
    const schema = `import { pgTable, bigserial, integer } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
});

export const posts = pgTable('posts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  authorId: integer('author_id').references(() => users.id),
});
`;
    const findings = await findingsOf(rule, { 'src/schema.ts': schema });
    expect(where(findings)).toEqual([`src/schema.ts:${lineOf(schema, 'authorId:')}`]);
  });
});
