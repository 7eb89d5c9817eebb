import { describe, expect, it } from 'vitest';
import { extractDrizzle } from '../../../src/scan/models/drizzle.js';
import { field, loadFixture, uncoveredForeignKeys } from './helpers.js';

describe('Drizzle tables', () => {
  const result = extractDrizzle(loadFixture('drizzle', ['**/*.ts']));

  it('reads pgTable / mysqlTable / sqliteTable columns, chains, references across files, and both forms of extras', () => {
    expect(result.problems).toEqual([]);
    expect(result.models).toEqual([
      {
        name: 'posts',
        kind: 'drizzle',
        table: 'posts',
        fields: [
          field('id', 'uuid', { primaryKey: true, default: 'gen_random_uuid()' }),
          field('authorId', 'integer', { references: { model: 'users', field: 'id' } }),
          field('title', 'text'),
          field('slug', 'text', { unique: true }),
          field('rating', 'numeric(3,1)', { nullable: true }),
          field('meta', 'jsonb', { nullable: true, default: '{}' }),
        ],
        indexes: [
          { name: 'posts_slug_unique', fields: ['slug'], unique: true },
          { name: 'posts_author_idx', fields: ['authorId', 'title'], unique: false },
        ],
        source: { file: 'src/db/schema/posts.ts', line: 5 },
      },
      {
        name: 'tags',
        kind: 'drizzle',
        table: 'tags',
        fields: [field('id', 'integer', { primaryKey: true, default: 'autoincrement()' }), field('label', 'text')],
        indexes: [],
        source: { file: 'src/db/schema/posts.ts', line: 23 },
      },
      {
        name: 'postTags',
        kind: 'drizzle',
        table: 'post_tags',
        fields: [
          field('postId', 'uuid', { primaryKey: true, references: { model: 'posts', field: 'id' } }),
          field('tagId', 'integer', { primaryKey: true, references: { model: 'tags', field: 'id' } }),
        ],
        indexes: [{ name: 'post_tags_post_id_tag_id_pk', fields: ['postId', 'tagId'], unique: true }],
        source: { file: 'src/db/schema/posts.ts', line: 28 },
      },
      {
        name: 'comments',
        kind: 'drizzle',
        table: 'comments',
        fields: [
          field('id', 'integer', { primaryKey: true, default: 'autoincrement()' }),
          field('postId', 'uuid', { references: { model: 'posts', field: 'id' } }),
          field('body', 'text'),
        ],
        indexes: [],
        source: { file: 'src/db/schema/posts.ts', line: 41 },
      },
      {
        name: 'users',
        kind: 'drizzle',
        table: 'users',
        fields: [
          field('id', 'integer', { primaryKey: true, default: 'autoincrement()' }),
          field('email', 'varchar(320)'),
          field('name', 'text', { nullable: true }),
          field('role', 'user_role', { default: "'member'" }),
          field('verified', 'boolean', { default: 'false' }),
          field('createdAt', 'timestamptz', { default: 'now()' }),
          field('updatedAt', 'timestamp(3)', { nullable: true, default: 'CURRENT_TIMESTAMP' }),
        ],
        // An expression index: no field matches it, so it covers no foreign key.
        indexes: [{ name: 'users_email_idx', fields: ['lower(email)'], unique: true }],
        source: { file: 'src/db/schema/users.ts', line: 6 },
      },
      {
        name: 'auditEvents',
        kind: 'drizzle',
        table: 'audit_events',
        fields: [
          field('id', 'bigint', { primaryKey: true, default: 'autoincrement()' }),
          field('actorId', 'integer', { nullable: true }),
          field('action', "enum('create','update','delete')"),
          field('entity', 'varchar(64)'),
          field('at', 'datetime(3)'),
        ],
        indexes: [{ name: 'audit_events_entity_at_idx', fields: ['entity', 'at'], unique: false }],
        source: { file: 'src/mysql/audit.ts', line: 3 },
      },
      {
        name: 'devices',
        kind: 'drizzle',
        table: 'devices',
        fields: [field('id', 'integer', { primaryKey: true, default: 'autoincrement()' }), field('label', 'text(80)')],
        indexes: [],
        source: { file: 'src/sqlite/sessions.ts', line: 4 },
      },
      {
        name: 'sessions',
        kind: 'drizzle',
        table: 'sessions',
        fields: [
          field('token', 'text', { primaryKey: true }),
          field('deviceId', 'integer', { references: { model: 'devices', field: 'id' } }),
          field('expiresAt', 'integer'),
          field('createdAt', 'integer', { nullable: true, default: '(unixepoch())' }),
        ],
        indexes: [{ name: 'sessions_device_token_idx', fields: ['deviceId', 'token'], unique: true }],
        source: { file: 'src/sqlite/sessions.ts', line: 9 },
      },
    ]);
  });

  it('gives the column behind each key', () => {
    const posts = result.models[0]!;
    expect(Object.fromEntries(result.columns.get(posts) ?? [])).toEqual({ authorId: 'author_id' });
  });

  it('shows the join table column no index starts with', () => {
    expect(result.models.flatMap((m) => uncoveredForeignKeys(m).map((f) => `${m.name}.${f}`))).toEqual(['postTags.tagId', 'comments.postId']);
  });
});
