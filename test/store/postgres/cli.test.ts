/**
 * The CLI on a PostgreSQL store (`store: postgres://…` in the config, or BO_STORE_URL): tasks,
 * claims, the outbox and webhook delivery state live in the database, two project directories
 * pointed at it are one team's state, a wrong URL fails with a message that says what to change,
 * and the built `bo` exits by itself once a command is done (its pool closed).
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bo } from '../../helpers/cli.js';
import { binPath, ensureBuilt } from '../../helpers/dist.js';
import { tempDir } from '../../helpers/tasks.js';
import { startReceiver } from '../../events/webhooks/receiver.js';
import { adminClient, dropSchema, PG_SKIP, scratchSchema } from '../shared/pg-harness.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

function project(storeUrl?: string): string {
  const t = tempDir('bo-pg-cli-');
  cleanups.push(t.cleanup);
  if (storeUrl) writeFileSync(path.join(t.dir, 'backend-orchestrator.config.json'), JSON.stringify({ store: storeUrl }));
  return t.dir;
}

describe.skipIf(PG_SKIP !== undefined)(`the CLI on a PostgreSQL store${PG_SKIP ? ` (skipped: ${PG_SKIP})` : ''}`, () => {
  it('keeps tasks, claims and events in the database, shared by two project directories', async () => {
    const { schema, url } = scratchSchema();
    cleanups.push(() => dropSchema(schema));
    const here = project(url);
    const there = project(); // no store in its config: BO_STORE_URL points it at the same database
    expect((await bo(here, ['init'])).code).toBe(0);
    const added = await bo(here, ['task', 'add', 'Add pagination to GET /api/products', '--requirement', 'pagination', '--json']);
    expect(added.code).toBe(0);
    const id = added.json().id as string;
    expect(id).toMatch(/^task-001-add-pagination/);
    expect(existsSync(path.join(here, 'ai-state/active/backend/tasks'))).toBe(false);

    const next = await bo(there, ['next', '--claim', '--agent', 'claude-1', '--json'], { BO_STORE_URL: url });
    expect(next.code).toBe(0);
    expect(next.json()).toMatchObject({ id, status: 'in_progress', claim: { agent: 'claude-1' } });
    const taken = await bo(here, ['claim', id, '--agent', 'claude-2']);
    expect(taken.code).toBe(3);
    expect(taken.stderr).toContain('claude-1');
    expect((await bo(there, ['progress', id, 'halfway', '--percent', '50', '--agent', 'claude-1'], { BO_STORE_URL: url })).code).toBe(0);
    expect((await bo(here, ['task', 'show', id, '--json'])).json().progress).toMatchObject([{ message: 'halfway', percent: 50 }]);

    const client = await adminClient(schema);
    try {
      const events = (await client.query<{ type: string }>('SELECT type FROM bo_events ORDER BY seq')).rows.map((r) => r.type);
      expect(events).toEqual(['backend.task.created', 'backend.task.claimed', 'backend.task.progress']);
      const history = (await client.query<{ to_status: string; actor: string }>('SELECT to_status, actor FROM bo_task_history ORDER BY seq')).rows;
      expect(history).toEqual([{ to_status: 'ready', actor: expect.any(String) }, { to_status: 'in_progress', actor: 'claude-1' }]);
    } finally {
      await client.end();
    }
    expect(existsSync(path.join(here, 'ai-state/events/backend.jsonl'))).toBe(false);
  });

  it('fails with exit 2 and a message naming the server for an unreachable or malformed store', async () => {
    const down = project('postgres://postgres@127.0.0.1:1/none');
    const r = await bo(down, ['task', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot reach the PostgreSQL store at 127\.0\.0\.1:1\/none .*fix `store` in the config \(or BO_STORE_URL\)/);
    const bad = project('mysql://localhost/x');
    const m = await bo(bad, ['task', 'list']);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('use "file" or a PostgreSQL URL');
  });
});

/** Long enough for a command's work; far shorter than an idle pool would keep the process alive. */
const EXITS_WITHIN_MS = 5_000;

interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json<T = any>(): T;
}

/**
 * The built `bo` in a child process, as a user runs it. Asynchronous, so a receiver in this
 * process can answer its webhooks. Rejects if the process has not exited by itself in time.
 */
function boProcess(cwd: string, args: string[], env: Record<string, string>): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', BO_AGENT: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bo ${args.join(' ')} did not exit within ${EXITS_WITHIN_MS} ms (a store connection left open?); stderr: ${stderr}`));
    }, EXITS_WITHIN_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) });
    });
  });
}

describe.skipIf(PG_SKIP !== undefined)(`the built bo on a PostgreSQL store${PG_SKIP ? ` (skipped: ${PG_SKIP})` : ''}`, () => {
  beforeAll(() => ensureBuilt());

  it('adds, emits, lists and delivers through the database, each command exiting by itself', async () => {
    const { schema, url } = scratchSchema();
    cleanups.push(() => dropSchema(schema));
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const receiver = await startReceiver({ secret, now: Date.now });
    cleanups.push(() => receiver.close());
    const dir = project();
    const webhooks = [{ id: 'docs-site', url: receiver.url, secret: 'env:HOOK_SECRET', types: ['backend.docs.*'] }];
    writeFileSync(path.join(dir, 'backend-orchestrator.config.json'), JSON.stringify({ events: { webhooks } }));
    const env = { BO_STORE_URL: url, HOOK_SECRET: secret };

    const added = await boProcess(dir, ['task', 'add', 'Add GET /api/wishlist', '--json'], env);
    expect(added.code).toBe(0);
    const emitted = await boProcess(dir, ['emit', 'backend.docs.updated', '--id', 'evt-pg-cli-1', '--json'], env);
    expect(emitted.code).toBe(0);
    expect(emitted.json()).toMatchObject({ seq: 2, duplicate: false });

    const listed = await boProcess(dir, ['events', '--json'], env);
    expect(listed.code).toBe(0);
    expect(listed.json().map((stored: { seq: number; event: { type: string; subject?: string } }) => [stored.seq, stored.event.type, stored.event.subject])).toEqual([
      [1, 'backend.task.created', added.json().id],
      [2, 'backend.docs.updated', undefined],
    ]);
    expect((await boProcess(dir, ['events', '--since', 'evt-pg-cli-1', '--json'], env)).json()).toEqual([]);

    const delivered = await boProcess(dir, ['events', 'deliver', '--json'], env);
    expect(delivered.code).toBe(0);
    expect(delivered.json()).toEqual({ subscriptions: [expect.objectContaining({ subscription: 'docs-site', delivered: 1, pending: 0 })] });
    expect(receiver.received.map((request) => [request.id, request.event.type, request.verified.ok])).toEqual([['evt-pg-cli-1', 'backend.docs.updated', true]]);
    // The delivery state is in the database too: a second pass finds nothing due.
    expect((await boProcess(dir, ['events', 'deliver', '--json'], env)).json()).toEqual({ subscriptions: [expect.objectContaining({ delivered: 0, pending: 0 })] });
    expect((await boProcess(dir, ['events', 'dead-letter', '--json'], env)).json()).toEqual({ deadLetters: [] });
    expect(receiver.received).toHaveLength(1);

    expect(existsSync(path.join(dir, 'ai-state/events/backend.jsonl'))).toBe(false);
    expect(existsSync(path.join(dir, 'ai-state/events/deliveries'))).toBe(false);
  });
});

describe('the CLI on the file store', () => {
  it('does not load the PostgreSQL code: the store factory imports it only for a postgres:// store', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(path.resolve(import.meta.dirname, '../../../src/store/open.ts'), 'utf8');
    const staticImports = [...source.matchAll(/^import (?!type)[^;]*from '([^']+)'/gm)].map((m) => m[1]);
    expect(staticImports.filter((p) => p?.includes('postgres/'))).toEqual(['./postgres/url.js']);
    expect(readFileSync(path.resolve(import.meta.dirname, '../../../src/store/postgres/url.ts'), 'utf8')).not.toMatch(/^import .* from '(pg|\.\/connection\.js)'/m);
    const dir = project();
    expect((await bo(dir, ['init'])).code).toBe(0);
    expect((await bo(dir, ['next', '--json'])).code).toBe(0);
  });
});
