import { describe, expect, it } from 'vitest';
import { extractPrisma } from '../../../src/scan/models/prisma.js';
import { field, loadFixture, sourceFile, uncoveredForeignKeys } from './helpers.js';

const source = (line: number, file = 'prisma/schema.prisma') => ({ file, line });

describe('Prisma schema', () => {
  const result = extractPrisma(loadFixture('prisma-blog', ['**/*.prisma']));

  it('reads models with mapped tables, types, keys, defaults, relations and indexes; enums are not models', () => {
    expect(result.problems).toEqual([]);
    expect(result.provider).toBe('postgresql');
    expect(result.models).toEqual([
      {
        name: 'User',
        kind: 'prisma',
        table: 'users',
        fields: [
          field('id', 'Int', { primaryKey: true, default: 'autoincrement()' }),
          field('email', 'String @db.VarChar(320)', { unique: true }),
          field('name', 'String', { nullable: true }),
          field('role', 'Role', { default: 'READER' }),
          field('createdAt', 'DateTime', { default: 'now()' }),
        ],
        indexes: [{ name: 'users_email_key', fields: ['email'], unique: true }],
        source: source(18),
      },
      {
        name: 'Profile',
        kind: 'prisma',
        table: 'profiles',
        fields: [
          field('id', 'Int', { primaryKey: true, default: 'autoincrement()' }),
          field('bio', 'String', { nullable: true }),
          field('userId', 'Int', { unique: true, references: { model: 'User', field: 'id' } }),
        ],
        indexes: [{ name: 'profiles_user_id_key', fields: ['userId'], unique: true }],
        source: source(31),
      },
      {
        name: 'Post',
        kind: 'prisma',
        table: 'posts',
        fields: [
          field('id', 'String @db.Uuid', { primaryKey: true, default: 'uuid()' }),
          field('title', 'String'),
          field('slug', 'String'),
          field('body', 'String', { nullable: true }),
          field('published', 'Boolean', { default: 'false' }),
          field('tags', 'String[]'),
          field('metadata', 'Json', { default: '"{}"' }),
          field('authorId', 'Int', { references: { model: 'User', field: 'id' } }),
          field('publishedAt', 'DateTime @db.Timestamptz(3)', { nullable: true }),
        ],
        indexes: [
          { name: 'posts_author_slug_key', fields: ['authorId', 'slug'], unique: true },
          { name: 'posts_author_id_published_at_idx', fields: ['authorId', 'publishedAt'], unique: false },
        ],
        source: source(40),
      },
      {
        name: 'Tag',
        kind: 'prisma',
        table: 'tags',
        fields: [field('id', 'Int', { primaryKey: true, default: 'autoincrement()' }), field('name', 'String', { unique: true })],
        indexes: [{ name: 'tags_name_key', fields: ['name'], unique: true }],
        source: source(59),
      },
      {
        name: 'PostTag',
        kind: 'prisma',
        table: 'post_tags',
        fields: [
          field('postId', 'String @db.Uuid', { primaryKey: true, references: { model: 'Post', field: 'id' } }),
          field('tagId', 'Int', { primaryKey: true, references: { model: 'Tag', field: 'id' } }),
        ],
        indexes: [{ name: 'post_tags_pkey', fields: ['postId', 'tagId'], unique: true }],
        source: source(68),
      },
      {
        name: 'Comment',
        kind: 'prisma',
        table: 'comments',
        fields: [
          field('id', 'BigInt', { primaryKey: true, default: 'autoincrement()' }),
          field('postId', 'String @db.Uuid', { references: { model: 'Post', field: 'id' } }),
          field('authorId', 'Int', { nullable: true, references: { model: 'User', field: 'id' } }),
          field('body', 'String'),
          field('createdAt', 'DateTime', { default: 'now()' }),
        ],
        indexes: [{ name: 'comments_post_idx', fields: ['postId'], unique: false }],
        source: source(78),
      },
    ]);
  });

  it('gives the column behind each mapped field', () => {
    const post = result.models.find((m) => m.name === 'Post')!;
    expect([...(result.columns.get(post) ?? [])]).toEqual([
      ['authorId', 'author_id'],
      ['publishedAt', 'published_at'],
    ]);
  });

  it('lets a rule find the foreign keys no index starts with (the join table\'s second key column included)', () => {
    expect(Object.fromEntries(result.models.map((m) => [m.name, uncoveredForeignKeys(m)]))).toEqual({
      User: [],
      Profile: [],
      Post: [],
      Tag: [],
      PostTag: ['tagId'],
      Comment: ['authorId'],
    });
  });
});

describe('Prisma multi-file schema (MySQL)', () => {
  const result = extractPrisma(loadFixture('prisma-multi', ['**/*.prisma']));

  it('reads relations across files, and adds the index InnoDB gives an unindexed foreign key', () => {
    expect(result.problems).toEqual([]);
    expect(result.provider).toBe('mysql');
    expect(result.models.map((m) => [m.name, m.source, m.indexes])).toEqual([
      ['Account', source(1, 'prisma/schema/account.prisma'), [{ name: 'Account_email_key', fields: ['email'], unique: true }]],
      ['Invoice', source(7, 'prisma/schema/billing.prisma'), [{ name: 'Invoice_accountId_number_key', fields: ['accountId', 'number'], unique: true }]],
      ['Payment', source(19, 'prisma/schema/billing.prisma'), [{ name: 'Payment_invoiceId_fkey', fields: ['invoiceId'], unique: false }]],
    ]);
    expect(result.models[1]?.fields).toEqual([
      field('id', 'String', { primaryKey: true, default: 'cuid()' }),
      field('number', 'Int'),
      field('status', 'InvoiceStatus', { default: 'DRAFT' }),
      field('total', 'Decimal @db.Decimal(12, 2)'),
      field('accountId', 'String', { references: { model: 'Account', field: 'id' } }),
    ]);
  });
});

describe('Prisma problems', () => {
  it('reports a syntax error with its file and line, and still reads the other files', () => {
    const result = extractPrisma([
      sourceFile('prisma/schema/a.prisma', 'model A {\n  id   Int    @id\n  name String @@@\n}\n'),
      sourceFile('prisma/schema/b.prisma', 'model B {\n  id Int @id\n'),
      sourceFile('prisma/schema/c.prisma', 'model C {\n  id Int @id\n}\n\nmodle D {\n}\n'),
      sourceFile('prisma/schema/e.prisma', 'model E {\n  id     Int @id\n  parent E?  @relation("tree", fields: [parentId], references: [id])\n  kids   E[] @relation("tree")\n}\n'),
    ]);
    expect(result.problems).toEqual([
      { file: 'prisma/schema/a.prisma', line: 3, column: 17, message: 'Prisma syntax error: unexpected "@"', severity: 'error' },
      { file: 'prisma/schema/b.prisma', line: 2, message: 'Prisma syntax error: unexpected end of file, expected "}"', severity: 'error' },
      { file: 'prisma/schema/c.prisma', line: 5, message: 'Prisma syntax error: unknown block type "modle"', severity: 'error' },
      { file: 'prisma/schema/e.prisma', line: 3, message: 'relation "E.parent" names unknown field "parentId"', severity: 'warning' },
    ]);
    expect(result.models.map((m) => m.name)).toEqual(['E']);
  });
});
