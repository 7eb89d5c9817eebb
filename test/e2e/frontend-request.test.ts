/**
 * The seed's loop, end to end, on a copy of examples/shop-api (issue 6): a `frontend.api.request`
 * for an endpoint the example lacks creates one task (sent twice, still one); the test plays the
 * agent, first with a flawed implementation (submit fails and lists exactly its two flaws), then a
 * fixed one (submit passes, live gates included); the task is done and archived;
 * `backend.api.ready` is in the outbox with the seed's fields and a measured performance figure; a
 * local webhook receiver gets it with a valid Standard Webhooks signature; backend-developer.md lists
 * the new endpoint under "New endpoints added".
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/events/webhooks/signature.js';
import { bo } from '../helpers/cli.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const EXAMPLE = path.join(REPO, 'examples/shop-api');
const FIXTURE = path.join(REPO, 'examples/agent-work/category-products');
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const TARGET = 'GET /api/v1/categories/{id}/products';
const REQUEST = { endpoint: '/api/v1/categories/{id}/products', requirements: ['pagination'], description: 'Products of a category, for the category page' };

interface Delivery {
  headers: Record<string, string>;
  body: string;
}

let dir: string;
let receiver: Server;
const deliveries: Delivery[] = [];
let taskId: string;

/** The agent's attempt: the example's files plus the attempt's code, and its OpenAPI operation. */
function implement(attempt: 'flawed' | 'fixed'): void {
  for (const [file, target] of [
    ['category-repository.ts', 'src/repositories/category-repository.ts'],
    ['categories.ts', 'src/routes/categories.ts'],
  ] as const) {
    const original = readFileSync(path.join(EXAMPLE, target), 'utf8');
    writeFileSync(path.join(dir, target), original + readFileSync(path.join(FIXTURE, attempt, `${file}.append`), 'utf8'));
  }
  const spec = readFileSync(path.join(EXAMPLE, 'openapi.yaml'), 'utf8');
  const at = spec.indexOf('  /api/v1/products:');
  writeFileSync(path.join(dir, 'openapi.yaml'), spec.slice(0, at) + readFileSync(path.join(FIXTURE, attempt, 'openapi.yaml.insert'), 'utf8') + spec.slice(at));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bo-e2e-'));
  cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !/node_modules|ai-state|coverage/.test(path.relative(EXAMPLE, src)) });
  // The example runs with this repository's dependencies (tsx, express, PGlite…).
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      deliveries.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const config = JSON.parse(readFileSync(path.join(dir, 'backend-orchestrator.config.json'), 'utf8'));
  config.events = { webhooks: [{ id: 'frontend', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, types: ['backend.api.ready'], secret: SECRET }] };
  writeFileSync(path.join(dir, 'backend-orchestrator.config.json'), JSON.stringify(config, null, 2));
  expect((await bo(dir, ['init'])).code).toBe(0);
  expect((await bo(dir, ['scan'])).code).toBe(0);
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('frontend.api.request → task → submit → done → backend.api.ready', () => {
  it('creates one task for the request, however often it is sent', async () => {
    const send = () => bo(dir, ['emit', 'frontend.api.request', '--id', 'req-42', '--source', 'urn:frontend-orchestrator:shop-web', '--data', JSON.stringify(REQUEST), '--json']);
    const first = (await send()).json();
    expect(first).toMatchObject({ duplicate: false, task: { action: 'created' } });
    const again = (await send()).json();
    expect(again).toMatchObject({ duplicate: true, task: { id: first.task.id, action: 'created' } });
    taskId = first.task.id;
    const tasks = (await bo(dir, ['task', 'list', '--json'])).json();
    expect(tasks.tasks ?? tasks).toHaveLength(1);
    const task = (await bo(dir, ['task', 'show', taskId, '--json'])).json();
    expect(task).toMatchObject({ skill: 'api-development-skill', targets: [TARGET], requirements: ['pagination'], source: { type: 'frontend.api.request', id: 'req-42', source: 'urn:frontend-orchestrator:shop-web' } });
    expect(task.criteria.gates).toContain('api/pagination');
  });

  it('fails the flawed implementation with exactly its flaws, and hands the task back to the agent', async () => {
    expect((await bo(dir, ['claim', taskId, '--agent', 'agent-1'])).code).toBe(0);
    implement('flawed');
    const result = await bo(dir, ['submit', taskId, '--agent', 'agent-1', '--json']);
    expect(result.code).toBe(1);
    const outcome = result.json();
    expect(outcome.verdict).toBe('fail');
    const flaws = [...new Set(outcome.failures.map((f: { rule: string; file: string; line: number }) => `${f.rule} ${f.file}:${f.line}`))].sort();
    expect(flaws).toEqual(['api/pagination src/routes/categories.ts:30', 'sec/sql-injection src/repositories/category-repository.ts:42', 'sec/sql-injection src/routes/categories.ts:30']);
    for (const failure of outcome.failures) expect(failure.hint.length).toBeGreaterThan(20);
    expect(outcome.task).toMatchObject({ status: 'in_progress', attempts: 1 });
    const task = (await bo(dir, ['task', 'show', taskId, '--json'])).json();
    expect(task.claim.agent).toBe('agent-1');
    expect(task.result.failures).toHaveLength(outcome.failures.length);
  }, 90_000);

  it('passes the fixed implementation: done, archived, announced, documented', async () => {
    implement('fixed');
    const result = await bo(dir, ['submit', taskId, '--agent', 'agent-1', '--json']);
    const outcome = result.json();
    expect(outcome.failures).toEqual([]);
    expect(result.code).toBe(0);
    expect(outcome.task.status).toBe('done');
    expect(outcome.gates.live).toBe(true);
    expect(existsSync(path.join(dir, `ai-state/archive/backend/tasks/${taskId}.json`))).toBe(true);
    expect(existsSync(path.join(dir, `ai-state/active/backend/tasks/${taskId}.json`))).toBe(false);

    const ready = (await bo(dir, ['events', '--type', 'backend.api.ready', '--json'])).json();
    expect(ready).toHaveLength(1);
    const data = ready[0].event.data;
    expect(data).toMatchObject({ endpoint: '/api/v1/categories/{id}/products', method: 'GET', documentation: 'openapi.yaml', tests: 'passed', task: taskId, request: 'req-42' });
    expect(data.performance).toMatch(/^\d+(\.\d)?ms avg response \(p95 \d+(\.\d)?ms\)$/);
    expect(data.latency.requests).toBeGreaterThan(0);

    const types = (await bo(dir, ['events', '--json'])).json().map((e: { event: { type: string } }) => e.event.type);
    for (const type of ['frontend.api.request', 'backend.task.created', 'backend.task.claimed', 'backend.task.validated', 'backend.task.failed', 'backend.api.changed', 'backend.task.done', 'backend.api.ready', 'backend.docs.updated']) {
      expect(types).toContain(type);
    }

    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries as [Delivery];
    expect(verifyWebhook({ headers: delivery.headers, body: delivery.body, secret: SECRET })).toEqual({ ok: true });
    expect(delivery.headers['webhook-id']).toBe(ready[0].event.id);
    expect(JSON.parse(delivery.body).data.performance).toBe(data.performance);

    const docs = readFileSync(path.join(dir, 'backend-developer.md'), 'utf8');
    const changelog = docs.slice(docs.indexOf('## Changelog'));
    expect(changelog).toMatch(/New endpoints added[\s\S]*GET \/api\/v1\/categories\/\{id\}\/products/);
  }, 90_000);
});
