import { describe, expect, it } from 'vitest';
import { Config } from '../../../src/config/schema.js';
import { createCheckContext } from '../../../src/gates/context.js';
import rule from '../../../src/gates/database/primary-key.js';
import type { CheckContext } from '../../../src/gates/types.js';
import type { Model } from '../../../src/registry/schema.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';
import { lineOf, prisma, statusOf } from './helpers.js';

describe('db/primary-key', () => {
  it('flags a SQL table without a primary key at its CREATE TABLE', async () => {
    const sql = `CREATE TABLE users (id BIGSERIAL PRIMARY KEY);

CREATE TABLE events (
  actor_id BIGINT,
  action TEXT NOT NULL
);
`;
    const findings = await findingsOf(rule, { 'db/migrations/001_init.sql': sql });
    expect(where(findings)).toEqual([`db/migrations/001_init.sql:${lineOf(sql, 'CREATE TABLE events')}`]);
    expect(findings[0]).toMatchObject({ severity: 'error', message: 'table events has no primary key' });
  });

  it('passes a key added by a later ALTER TABLE, and a composite key', async () => {
    const files = {
      'migrations/001_init.sql': 'CREATE TABLE events (id BIGINT NOT NULL, action TEXT);\nCREATE TABLE pairs (a INT NOT NULL, b INT NOT NULL, PRIMARY KEY (a, b));\n',
      'migrations/002_key.sql': 'ALTER TABLE events ADD PRIMARY KEY (id);\n',
    };
    expect(await findingsOf(rule, files)).toEqual([]);
  });

  it('only warns a join table identified by a unique constraint over required columns', async () => {
    const sql = 'CREATE TABLE user_tags (\n  user_id BIGINT NOT NULL,\n  tag_id BIGINT NOT NULL,\n  UNIQUE (user_id, tag_id)\n);\n';
    const findings = await findingsOf(rule, { 'migrations/001_init.sql': sql });
    expect(where(findings)).toEqual(['migrations/001_init.sql:1']);
    expect(findings[0]?.severity).toBe('warning');
    expect(findings[0]?.hint).toContain('ADD PRIMARY KEY (user_id, tag_id)');
  });

  it('flags a Prisma model without @id at its model line (a warning with @@unique)', async () => {
    const schema = prisma(`model User {
  id Int @id
}

model Like {
  userId Int
  postId Int

  @@unique([userId, postId])
}

model Log {
  message String
}
`);
    const findings = await findingsOf(rule, { 'prisma/schema.prisma': schema });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.severity}`)).toEqual([
      `prisma/schema.prisma:${lineOf(schema, 'model Like')} warning`,
      `prisma/schema.prisma:${lineOf(schema, 'model Log')} error`,
    ]);
    expect(findings[0]?.hint).toContain('@@id([userId, postId])');
  });

  it('passes Prisma @id and @@id', async () => {
    const schema = prisma('model A {\n  id String @id\n}\n\nmodel B {\n  x Int\n  y Int\n\n  @@id([x, y])\n}\n');
    expect(await findingsOf(rule, { 'prisma/schema.prisma': schema })).toEqual([]);
  });

  it('flags a Drizzle table without a primary key', async () => {
    const schema = `import { pgTable, text, serial } from 'drizzle-orm/pg-core';

export const users = pgTable('users', { id: serial('id').primaryKey() });

export const logs = pgTable('logs', {
  message: text('message'),
});
`;
    const findings = await findingsOf(rule, { 'src/schema.ts': schema });
    expect(where(findings)).toEqual([`src/schema.ts:${lineOf(schema, 'export const logs')}`]);
  });

  it('is not applicable without models', async () => {
    const run = runRule(rule, await projectContext({ 'src/app.ts': 'export default 1;\n' }));
    expect(statusOf(run, rule.id)).toBe('not-applicable');
  });

  it('records a model it cannot read as an internal error of its file and checks the others', async () => {
    const good: Model = { name: 'logs', kind: 'sql', table: 'logs', fields: [{ name: 'message', type: 'text', nullable: true, primaryKey: false, unique: false }], indexes: [], source: { file: 'db/logs.sql', line: 3 } };
    // A registry file edited by hand (or written by an older version) can hold a model without fields.
    const broken = { name: 'weird', kind: 'sql', table: 'weird', fields: null, indexes: [], source: { file: 'db/weird.sql', line: 1 } } as unknown as Model;
    const base = await projectContext({});
    const context: CheckContext = createCheckContext({ ...base, config: Config.parse({}), registry: { endpoints: [], models: [broken, good], services: [] } });
    const run = runRule(rule, context);
    expect(run.internalErrors).toEqual([expect.objectContaining({ rule: 'db/primary-key', file: 'db/weird.sql' })]);
    expect(where(run.findings)).toEqual(['db/logs.sql:3']);
  });
});
