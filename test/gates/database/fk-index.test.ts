import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/database/fk-index.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';
import { lineOf, prisma, statusOf } from './helpers.js';

const SQL = `CREATE TABLE users (
  id BIGSERIAL PRIMARY KEY,
  email TEXT NOT NULL
);

CREATE TABLE posts (
  id BIGSERIAL PRIMARY KEY,
  author_id BIGINT NOT NULL REFERENCES users (id),
  title TEXT NOT NULL
);
`;

const PRISMA = prisma(`model User {
  id    Int    @id @default(autoincrement())
  posts Post[]
}

model Post {
  id       Int  @id @default(autoincrement())
  authorId Int  @map("author_id")
  author   User @relation(fields: [authorId], references: [id])

  @@map("posts")
}
`);

describe('db/fk-index', () => {
  it('flags a foreign key without an index in SQL migrations, at the column line', async () => {
    const findings = await findingsOf(rule, { 'migrations/001_init.sql': SQL });
    expect(where(findings)).toEqual([`migrations/001_init.sql:${lineOf(SQL, 'author_id')}`]);
    expect(findings[0]?.message).toContain('posts.author_id → users.id');
    expect(findings[0]?.hint).toContain('CREATE INDEX "posts_author_id_idx" ON "posts"("author_id")');
  });

  it('passes when an index, a composite index or the primary key starts with the column', async () => {
    expect(await findingsOf(rule, { 'migrations/001_init.sql': `${SQL}CREATE INDEX posts_author_id_idx ON posts (author_id);\n` })).toEqual([]);
    expect(await findingsOf(rule, { 'migrations/001_init.sql': SQL, 'migrations/002_index.sql': 'CREATE INDEX posts_author_title_idx ON posts (author_id, title);\n' })).toEqual([]);
    const join = `CREATE TABLE users (id BIGSERIAL PRIMARY KEY);
CREATE TABLE tags (id BIGSERIAL PRIMARY KEY);
CREATE TABLE user_tags (
  user_id BIGINT NOT NULL REFERENCES users (id),
  tag_id BIGINT NOT NULL REFERENCES tags (id),
  PRIMARY KEY (user_id, tag_id)
);
CREATE INDEX user_tags_tag_id_idx ON user_tags (tag_id);
`;
    expect(await findingsOf(rule, { 'migrations/001_init.sql': join })).toEqual([]);
  });

  it('flags a column that is only the second column of an index or key', async () => {
    const join = `CREATE TABLE users (id BIGSERIAL PRIMARY KEY);
CREATE TABLE tags (id BIGSERIAL PRIMARY KEY);
CREATE TABLE user_tags (
  user_id BIGINT NOT NULL REFERENCES users (id),
  tag_id BIGINT NOT NULL REFERENCES tags (id),
  PRIMARY KEY (user_id, tag_id)
);
`;
    const findings = await findingsOf(rule, { 'migrations/001_init.sql': join });
    expect(where(findings)).toEqual([`migrations/001_init.sql:${lineOf(join, 'tag_id BIGINT')}`]);
  });

  it('points at the ALTER TABLE that adds the column, and names the constraint added later', async () => {
    const later = 'ALTER TABLE posts ADD COLUMN editor_id BIGINT;\n\nALTER TABLE posts ADD CONSTRAINT posts_editor_fkey FOREIGN KEY (editor_id) REFERENCES users (id);\n';
    const findings = await findingsOf(rule, { 'migrations/001_init.sql': `${SQL}CREATE INDEX posts_author_id_idx ON posts (author_id);\n`, 'migrations/002_editor.sql': later });
    expect(where(findings)).toEqual(['migrations/002_editor.sql:1']);
    expect(findings[0]?.related).toEqual([{ file: 'migrations/002_editor.sql', line: 3, message: 'the foreign key constraint posts_editor_fkey' }]);
  });

  it('flags a Prisma relation without @@index at the scalar field, naming the relation', async () => {
    const findings = await findingsOf(rule, { 'prisma/schema.prisma': PRISMA });
    expect(where(findings)).toEqual([`prisma/schema.prisma:${lineOf(PRISMA, 'authorId Int')}`]);
    expect(findings[0]?.message).toContain('Post.authorId → User.id');
    expect(findings[0]?.hint).toContain('@@index([authorId])');
    expect(findings[0]?.related).toContainEqual({ file: 'prisma/schema.prisma', line: lineOf(PRISMA, 'author   User'), message: 'the relation Post.author' });
  });

  it('passes a Prisma relation with @@index, or leading a composite @@id', async () => {
    expect(await findingsOf(rule, { 'prisma/schema.prisma': PRISMA.replace('@@map("posts")', '@@index([authorId])\n  @@map("posts")') })).toEqual([]);
    const composite = prisma(`model User {
  id    Int        @id
  likes Like[]
}

model Like {
  userId Int
  postId Int
  user   User @relation(fields: [userId], references: [id])

  @@id([userId, postId])
}
`);
    expect(await findingsOf(rule, { 'prisma/schema.prisma': composite })).toEqual([]);
  });

  it('passes on MySQL, where InnoDB indexes every foreign key itself', async () => {
    expect(await findingsOf(rule, { 'prisma/schema.prisma': prisma(PRISMA.slice(PRISMA.indexOf('model')), 'mysql') })).toEqual([]);
  });

  it('with Prisma and its migrations, reports once at the migration column and relates the Prisma field', async () => {
    const migration = `CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "posts" (
    "id" SERIAL NOT NULL,
    "author_id" INTEGER NOT NULL,
    CONSTRAINT "posts_pkey" PRIMARY KEY ("id")
);

ALTER TABLE "posts" ADD CONSTRAINT "posts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
`;
    const path = 'prisma/migrations/20240101000000_init/migration.sql';
    const findings = await findingsOf(rule, { 'prisma/schema.prisma': PRISMA, [path]: migration });
    expect(where(findings)).toEqual([`${path}:${lineOf(migration, '"author_id" INTEGER')}`]);
    expect(findings[0]?.related?.map((r) => `${r.file}:${r.line}`)).toEqual([
      `${path}:${lineOf(migration, 'ADD CONSTRAINT')}`,
      `prisma/schema.prisma:${lineOf(PRISMA, 'authorId Int')}`,
      `prisma/schema.prisma:${lineOf(PRISMA, 'author   User')}`,
    ]);
  });

  it('flags a TypeORM relation without an index at the relation property', async () => {
    const entity = `import { Entity, PrimaryGeneratedColumn, ManyToOne, Column } from 'typeorm';

@Entity()
export class User {
  @PrimaryGeneratedColumn()
  id: number;
}

@Entity()
export class Post {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => User)
  author: User;
}
`;
    const findings = await findingsOf(rule, { 'src/entities.ts': entity });
    expect(where(findings)).toEqual([`src/entities.ts:${lineOf(entity, 'author: User')}`]);
    expect(findings[0]?.hint).toContain('@Index()');
  });

  it('flags a Drizzle reference without an index at its column', async () => {
    const schema = `import { pgTable, serial, integer, index } from 'drizzle-orm/pg-core';

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
});

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  authorId: integer('author_id').references(() => users.id),
});
`;
    const findings = await findingsOf(rule, { 'src/db/schema.ts': schema });
    expect(where(findings)).toEqual([`src/db/schema.ts:${lineOf(schema, 'authorId:')}`]);
    const indexed = schema.replace("references(() => users.id),\n});", "references(() => users.id),\n}, (t) => [index('posts_author_id_idx').on(t.authorId)]);");
    expect(await findingsOf(rule, { 'src/db/schema.ts': indexed })).toEqual([]);
  });

  it('passes code models on MySQL: a Drizzle mysqlTable, or a project whose only driver is mysql2', async () => {
    const drizzle = `import { mysqlTable, serial, int } from 'drizzle-orm/mysql-core';

export const users = mysqlTable('users', { id: serial('id').primaryKey() });
export const posts = mysqlTable('posts', {
  id: serial('id').primaryKey(),
  authorId: int('author_id').references(() => users.id),
});
`;
    expect(await findingsOf(rule, { 'src/schema.ts': drizzle })).toEqual([]);
    const entity = "import { Entity, PrimaryGeneratedColumn, ManyToOne } from 'typeorm';\n\n@Entity()\nexport class User {\n  @PrimaryGeneratedColumn()\n  id: number;\n}\n\n@Entity()\nexport class Post {\n  @PrimaryGeneratedColumn()\n  id: number;\n\n  @ManyToOne(() => User)\n  author: User;\n}\n";
    const manifest = (deps: Record<string, string>) => JSON.stringify({ name: 'app', dependencies: { typeorm: '^0.3.20', ...deps } });
    expect(await findingsOf(rule, { 'package.json': manifest({ mysql2: '^3.9.0' }), 'src/entities.ts': entity })).toEqual([]);
    expect(await findingsOf(rule, { 'package.json': manifest({ mysql2: '^3.9.0', pg: '^8.11.0' }), 'src/entities.ts': entity })).toHaveLength(1);
  });

  it('is not applicable without models', async () => {
    const run = runRule(rule, await projectContext({ 'src/app.ts': 'export const x = 1;\n' }));
    expect(statusOf(run, rule.id)).toBe('not-applicable');
  });
});
