/**
 * db/query-uses-index and db/query-time on a real embedded PostgreSQL over a schema with what
 * seeding must respect (extensions, enums, domains, CHECK constraints, char(n), numeric(p, s),
 * identity and generated columns, composite unique keys, a NOT NULL self reference), with
 * queries found in Express / Fastify / NestJS style code and configured ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import queryTime from '../../../../src/gates/database/query-time.js';
import queryUsesIndex from '../../../../src/gates/database/query-uses-index.js';
import { databaseSession, isSession } from '../../../../src/gates/database/live/session.js';
import type { LiveRun } from '../../../../src/gates/live/context.js';
import dbQueryTime from '../../../../src/gates/metrics/db-query-time.js';
import type { CheckContext } from '../../../../src/gates/types.js';
import { projectContext } from '../../../helpers/gates.js';
import { at, liveRun, runLive } from './helpers.js';

const SCHEMA = `CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS citext;
CREATE TYPE post_state AS ENUM ('draft', 'live', 'gone');
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);

CREATE TABLE accounts (
  id UUID PRIMARY KEY DEFAULT uuid_generate_v4(),
  email CITEXT NOT NULL UNIQUE,
  code CHAR(3) NOT NULL CHECK (code ~ '^[A-Z]{3}$'),
  tier TEXT NOT NULL CHECK (tier IN ('free', 'pro')),
  rating SMALLINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
  balance NUMERIC(4, 2) NOT NULL DEFAULT 0,
  manager_id UUID REFERENCES accounts (id),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE posts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id UUID NOT NULL REFERENCES accounts (id),
  state post_state NOT NULL DEFAULT 'draft',
  views positive_int NOT NULL,
  title VARCHAR(20) NOT NULL,
  tags TEXT[] NOT NULL DEFAULT '{}',
  body JSONB,
  slug TEXT GENERATED ALWAYS AS (lower(title)) STORED,
  UNIQUE (account_id, title)
);
CREATE INDEX posts_state_idx ON posts (state);

CREATE TABLE comments (
  id SERIAL PRIMARY KEY,
  post_id BIGINT NOT NULL REFERENCES posts (id),
  thread_id INT NOT NULL REFERENCES comments (id),
  note TEXT
);
CREATE INDEX comments_post_id_idx ON comments (post_id);
`;

const CODE = {
  // Express + node-postgres
  'src/routes/accounts.ts': `import { Router } from 'express';
import { pool } from '../db';
export const accounts = Router();
accounts.get('/accounts/by-email', async (req, res) => {
  const { rows } = await pool.query('SELECT id, email FROM accounts WHERE email = $1', [req.query.email]);
  res.json(rows);
});
accounts.get('/accounts/:id/posts', async (req, res) => {
  const { rows } = await pool.query({ text: \`SELECT p.id, p.title
      FROM posts p
     WHERE p.account_id = $1 AND p.state = $2
     ORDER BY p.id LIMIT $3\`, values: [req.params.id, 'live', 20] });
  res.json(rows);
});
`,
  // Fastify + a query constant
  'src/plugins/posts.ts': `import type { FastifyInstance } from 'fastify';
const POSTS_BY_TITLE = \`SELECT id, title FROM posts WHERE title = $1\`;
export default async function posts(app: FastifyInstance) {
  app.get('/posts/search', async (request) => (await app.pg.query(POSTS_BY_TITLE, [request.query.title])).rows);
  app.get('/posts/dynamic', async (request) => (await app.pg.query(\`SELECT * FROM posts WHERE title = '\${request.query.title}'\`)).rows);
}
`,
  // NestJS service with TypeORM's DataSource.query
  'src/comments/comments.service.ts': `import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
@Injectable()
export class CommentsService {
  constructor(private readonly dataSource: DataSource) {}
  byPost(postId: number) {
    return this.dataSource.query('SELECT id, note FROM comments WHERE post_id = $1', [postId]);
  }
  byNote(note: string) {
    return this.dataSource.query(
      'SELECT id FROM comments WHERE note = $1',
      [note],
    );
  }
}
`,
  'test/comments.test.ts': "db.query('SELECT * FROM comments WHERE note = $1', ['x']);\n",
};

let live: LiveRun;
let context: CheckContext;
beforeAll(async () => {
  live = liveRun({ seedRows: 3000 });
  context = await projectContext(
    { 'migrations/001_schema.sql': SCHEMA, ...CODE },
    { config: { database: { queries: ['SELECT count(*) FROM posts WHERE state = $1', 'SELECT * FROM accounts WHERE tier = $1 AND rating = $2'] } } },
  );
});
afterAll(async () => {
  expect(await live.close()).toEqual([]);
});

describe('db/query-uses-index', () => {
  it('seeds every table to the row count, respecting types, keys and CHECK constraints', async () => {
    const result = await runLive(queryUsesIndex, context, live);
    expect(result.errors).toEqual([]);
    const session = await databaseSession(context, live);
    if (!isSession(session)) throw new Error('no database');
    expect([...(session.seeded?.counts ?? [])]).toEqual([
      ['public.accounts', 3000],
      ['public.posts', 3000],
      ['public.comments', 3000],
    ]);
    const [row] = await session.db.query<Record<string, number>>(
      `SELECT (SELECT count(DISTINCT tier) FROM accounts)::int AS tiers, (SELECT count(DISTINCT state) FROM posts)::int AS states,
              (SELECT count(*) FROM comments WHERE thread_id = id)::int AS self_threads, (SELECT count(DISTINCT account_id) FROM posts)::int AS authors`,
    );
    expect(row).toEqual({ tiers: 2, states: 3, self_threads: 3000, authors: 3000 });
  });

  it('reports the lookups no index serves, at the query, with the plan; not the indexed or unselective ones, nor test code or built SQL', async () => {
    const result = await runLive(queryUsesIndex, context, live);
    expect(result.verdict).toBeUndefined();
    expect(at(result.findings)).toEqual(['src/comments/comments.service.ts:11', 'src/plugins/posts.ts:2']);
    const [comments, posts] = result.findings;
    expect(posts?.message).toMatch(/^`SELECT id, title FROM posts WHERE title = \$1` reads every row of posts \(3000 seeded\) to find a few: sequential scan with filter \(\(title\)::text = '[0-9a-f]+'::text\); plan: Seq Scan on posts/);
    expect(posts?.hint).toContain('CREATE INDEX posts_title_idx ON posts (title);');
    expect(comments?.message).toContain('plan: Seq Scan on comments');
    expect(comments?.hint).toContain('CREATE INDEX comments_note_idx ON comments (note);');
  });

  it('says what it could not explain (a query on a table the migrations do not create)', async () => {
    const broken = await projectContext({ 'migrations/001_schema.sql': SCHEMA, 'src/db.ts': "export const q = () => pool.query('SELECT * FROM acounts WHERE id = $1', [1]);\n" });
    const result = await runLive(queryUsesIndex, broken, live);
    expect(result.findings.map((f) => [f.severity, `${f.file}:${f.line}`, f.message])).toEqual([
      ['info', 'src/db.ts:1', '`SELECT * FROM acounts WHERE id = $1` could not be explained on the migrated schema: relation "acounts" does not exist'],
    ]);
  });
});

describe('db/query-time and metrics/db-query-time', () => {
  it('times every query, records the slowest, and the metric compares it with the threshold', async () => {
    const result = await runLive(queryTime, context, live);
    expect(result).toEqual({ findings: [], errors: [], verdict: undefined });
    const measured = live.measured('metrics/db-query-time');
    expect(measured?.detail).toMatch(/^slowest of 7 queries on 3000 rows per table: /);
    expect(await runLive(dbQueryTime, context, live)).toEqual({ findings: [], errors: [], verdict: undefined });
  });

  it('reports a query over a (tiny) threshold with its time and plan', async () => {
    const strict = await projectContext({ 'migrations/001_schema.sql': SCHEMA }, { config: { thresholds: { db_query_ms: 0.000001 }, database: { queries: ['SELECT * FROM comments WHERE note = $1'] } } });
    const result = await runLive(queryTime, strict, live);
    expect(at(result.findings)).toEqual(['backend-orchestrator.config.json:1']);
    expect(result.findings[0]?.message).toMatch(/^`SELECT \* FROM comments WHERE note = \$1` takes \d+\.\d ms on 3000 seeded rows per table \(threshold 0.000001 ms\); plan: Seq Scan on comments/);
    const metric = await runLive(dbQueryTime, strict, live);
    expect(metric.verdict).toMatchObject({ status: 'fail', reason: expect.stringMatching(/^slowest query [\d.]+ ms > 0.000001 ms \(slowest of 1 queries on 3000 rows per table: backend-orchestrator.config.json:1 `SELECT \* FROM comments WHERE note = \$1`\)$/) });
  });
});
