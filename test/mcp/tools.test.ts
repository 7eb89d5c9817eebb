/**
 * The tools in-process (the SDK's client on an in-memory transport) on a copy of
 * examples/shop-api: registry search with its filters and pages, run_checks with its counts,
 * capped errors, saved report and MCP progress, next_task batches, claim_task when nothing is
 * ready, and the answers a refused run_checks gets.
 */
import { rmSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONTEXT_TOKENS } from '../../src/mcp/tools/work.js';
import { Orchestrator } from '../../src/orchestrator.js';
import { bo } from '../helpers/cli.js';
import { call, connectInProcess, copyShopApi } from './helpers.js';

let dir: string;
let orchestrator: Orchestrator;
let client: Client;

beforeAll(async () => {
  dir = copyShopApi((config) => void (config.submit = { live: false }));
  expect((await bo(dir, ['init'])).code).toBe(0);
  expect((await bo(dir, ['scan'])).code).toBe(0);
  orchestrator = await Orchestrator.open(dir, {});
  client = await connectInProcess(orchestrator, 'claude-1');
}, 60_000);

afterAll(async () => {
  await client?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('search_registry', () => {
  it('finds endpoints by method and path (either parameter spelling), one compact row each', async () => {
    const found = (await call(client, 'search_registry', { kind: 'endpoints', method: 'GET', path: '/products/:id' })).json();
    expect(found).toEqual({ kind: 'endpoints', total: 1, rows: [{ id: 'GET /api/v1/products/{id}', auth: 'optional', at: 'src/routes/products.ts:44' }] });
    const none = (await call(client, 'search_registry', { kind: 'endpoints', method: 'PUT', path: '/products/{id}' })).json();
    expect(none).toEqual({ kind: 'endpoints', total: 0, rows: [] });
  });

  it('finds models by name and by words in their fields, and pages through the rest', async () => {
    const category = (await call(client, 'search_registry', { kind: 'models', model: 'categories' })).json();
    expect(category.rows).toEqual([{ name: 'Category', table: 'categories', fields: 'id*, slug, name, parentId→Category, createdAt', at: 'prisma/schema.prisma:48' }]);
    const byWords = (await call(client, 'search_registry', { kind: 'models', q: 'passwordhash EMAIL' })).json();
    expect(byWords.rows.map((r: { name: string }) => r.name)).toEqual(['User']);
    const first = (await call(client, 'search_registry', { kind: 'services', limit: 2 })).json();
    expect(first).toMatchObject({ total: 23, nextOffset: 2 });
    const next = (await call(client, 'search_registry', { kind: 'services', limit: 2, offset: 2 })).json();
    expect(next.rows.map((r: { name: string }) => r.name)).not.toContain(first.rows[0].name);
  });
});

describe('run_checks', () => {
  it('answers the verdict, the counts, the errors and the saved report, with progress on the way', async () => {
    const progress: { progress: number; message?: string }[] = [];
    const answer = await call(client, 'run_checks', { areas: ['api', 'security'] }, { onprogress: (p) => progress.push(p) });
    const result = answer.json();
    expect(Object.keys(result).sort()).toEqual(['counts', 'errors', 'report', 'verdict']);
    expect(result.verdict).toBe('fail');
    expect(result.counts).toMatchObject({ errors: 3, warnings: 0, items: { fail: 3 } });
    expect(result.errors.map((e: { rule: string; at: string }) => `${e.rule} ${e.at}`).sort()).toEqual([
      'api/documented src/routes/admin.ts:8',
      'sec/authn-required src/routes/products.ts:75',
      'sec/sql-injection src/repositories/product-repository.ts:105',
    ]);
    const saved = (await orchestrator.store.readReport('project', result.report)) as { verdict: string; findings: unknown[] };
    expect(saved.verdict).toBe('fail');
    expect(saved.findings).toHaveLength(3);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.map((p) => p.progress)).toEqual(progress.map((_, i) => i + 1));
    expect(progress[0]?.message).toMatch(/^\w+/);
  }, 60_000);

  it('runs only the rules named; an unknown one is an error that names it', async () => {
    const only = (await call(client, 'run_checks', { only: 'sec/sql-injection' })).json();
    expect(only.errors.map((e: { rule: string }) => e.rule)).toEqual(['sec/sql-injection']);
    expect(only.counts.errors).toBe(1);
    const unknown = await call(client, 'run_checks', { only: 'sec/no-such-rule' });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/sec\/no-such-rule: no such rule or checklist item/);
  }, 60_000);
});

describe('next_task and claim_task', () => {
  it('answers a batch of tasks with disjoint targets, then claims the best and answers null when nothing is ready', async () => {
    for (const title of ['Add pagination to GET /api/v1/orders', 'Add filtering to GET /api/v1/orders', 'Add caching to GET /api/v1/categories']) {
      expect((await call(client, 'create_task', { title, priority: 'high' })).isError).toBe(false);
    }
    const batch = (await call(client, 'next_task', { batch: 3 })).json();
    expect(batch).toHaveLength(2);
    expect(new Set(batch.map((t: { targets: string[] }) => t.targets[0])).size).toBe(2);
    const claimed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const task = (await call(client, 'claim_task', { skill: 'api-development' })).json();
      expect(task).toMatchObject({ status: 'in_progress', agent: 'claude-1' });
      claimed.push(task.id);
    }
    expect(new Set(claimed).size).toBe(3);
    expect((await call(client, 'claim_task')).json()).toBeNull();
    expect((await call(client, 'next_task', { batch: 2 })).json()).toEqual([]);
    const mine = (await call(client, 'list_tasks', { agent: 'claude-1', status: 'in_progress' })).json();
    expect(mine.total).toBe(3);
  });
});

describe('get_context', () => {
  it('keeps the default answer under 8 KB even when the text is far from ASCII', async () => {
    const requirements = Array.from({ length: 120 }, (_, i) => `要求${i}：分页，每页最多五十条记录，按创建时间倒序排列`);
    const created = (await call(client, 'create_task', { title: 'Add caching to GET /api/v1/products', requirements })).json();
    // Rendered with the default budget of characters, it is over the limit in bytes…
    const unfitted = await orchestrator.context(created.id, { format: 'yaml', maxTokens: DEFAULT_CONTEXT_TOKENS });
    expect(Buffer.byteLength(unfitted.text)).toBeGreaterThan(8 * 1024);
    // …and the tool answers a package cut to fit (`call` asserts under 8 KB).
    const answer = await call(client, 'get_context', { id: created.id });
    expect(answer.isError).toBe(false);
    expect(Buffer.byteLength(answer.text)).toBeGreaterThan(6 * 1024);
    expect(answer.text).toContain('要求0：分页');
    expect(answer.text).toMatch(/omitted:/);
  });
});
