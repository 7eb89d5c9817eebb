/**
 * A copy of examples/shop-api in a temp dir, in the states the dashboard shows: registry scanned,
 * a static `bo check` report, and tasks in every column — one pending (waits on another), one
 * ready, one in progress (claimed; its flawed first attempt failed the gates, so it has a report
 * with findings), one blocked, one done — plus an executor log for the failed one. Everything is
 * made through the CLI, as a team would; live gates are off (`submit.live: false`) to keep it fast.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { bo } from '../helpers/cli.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const EXAMPLE = path.join(REPO, 'examples/shop-api');
const FIXTURE = path.join(REPO, 'examples/agent-work/category-products');

export const REQUEST = { endpoint: '/api/v1/categories/{id}/products', requirements: ['pagination'], description: 'Products of a category, for the category page' };

export interface ShopProject {
  dir: string;
  tasks: { pending: string; ready: string; inProgress: string; blocked: string; done: string };
  /** `bo check --json`: the project report the checklist overview shows. */
  checkReport: { id: string; checklists: { items: { id: string; status: string }[] }[] };
  /** The failing submit's answer (`bo submit --json`). */
  failedSubmit: { verdict: string; failures: { rule: string; file: string; line: number }[] };
  cleanup(): void;
}

/** The agent's flawed attempt at the category endpoint (examples/agent-work). */
function implementFlawed(dir: string): void {
  for (const [file, target] of [
    ['category-repository.ts', 'src/repositories/category-repository.ts'],
    ['categories.ts', 'src/routes/categories.ts'],
  ] as const) {
    const original = readFileSync(path.join(EXAMPLE, target), 'utf8');
    writeFileSync(path.join(dir, target), original + readFileSync(path.join(FIXTURE, 'flawed', `${file}.append`), 'utf8'));
  }
  const spec = readFileSync(path.join(EXAMPLE, 'openapi.yaml'), 'utf8');
  const at = spec.indexOf('  /api/v1/products:');
  writeFileSync(path.join(dir, 'openapi.yaml'), spec.slice(0, at) + readFileSync(path.join(FIXTURE, 'flawed', 'openapi.yaml.insert'), 'utf8') + spec.slice(at));
}

async function cli(dir: string, args: string[], expected = 0) {
  const result = await bo(dir, [...args, '--json']);
  expect(result.code, `bo ${args.join(' ')}: ${result.stderr}`).toBe(expected);
  return result.json();
}

export async function makeShopProject(): Promise<ShopProject> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bo-dashboard-'));
  cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !/node_modules|ai-state|coverage/.test(path.relative(EXAMPLE, src)) });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const configFile = path.join(dir, 'backend-orchestrator.config.json');
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  // `review-skill` has no gates of its own: its submit passes at once, giving the board a done task.
  config.submit = { live: false };
  config.skills = { 'review-skill': { description: 'Reviews and write-ups', gates: [] } };
  writeFileSync(configFile, JSON.stringify(config, null, 2));

  await cli(dir, ['init']);
  await cli(dir, ['scan']);
  const checkReport = await cli(dir, ['check'], 1);

  const created = await cli(dir, ['emit', 'frontend.api.request', '--id', 'req-7', '--source', 'urn:frontend-orchestrator:shop-web', '--data', JSON.stringify(REQUEST)]);
  const inProgress = created.task.id as string;
  const ready = await cli(dir, ['task', 'add', 'Add filtering by price to GET /api/v1/products', '--type', 'api', '--requirement', 'filtering']);
  const pending = await cli(dir, ['task', 'add', 'Document the product filters for the web team', '--skill', 'review-skill', '--depends', ready.id]);
  const blocked = await cli(dir, ['task', 'add', 'Add an index on order_items.product_id', '--type', 'database', '--priority', 'high']);
  const done = await cli(dir, ['task', 'add', 'Review the rate limits of the auth routes', '--skill', 'review-skill', '--priority', 'low']);

  await cli(dir, ['block', blocked.id, '--reason', 'waiting for the DBA to approve the migration window']);
  await cli(dir, ['claim', done.id, '--agent', 'agent-2']);
  await cli(dir, ['submit', done.id, '--agent', 'agent-2']);
  await cli(dir, ['claim', inProgress, '--agent', 'agent-1']);
  await cli(dir, ['progress', inProgress, 'Endpoint written; running the gates', '--agent', 'agent-1', '--percent', '60']);
  implementFlawed(dir);
  const failedSubmit = await cli(dir, ['submit', inProgress, '--agent', 'agent-1'], 1);

  return {
    dir,
    tasks: { pending: pending.id, ready: ready.id, inProgress, blocked: blocked.id, done: done.id },
    checkReport,
    failedSubmit,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
