import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bo } from '../helpers/cli.js';
import { tempDir } from '../helpers/tasks.js';

let dir: string;
let cleanup: () => void;
beforeEach(async () => {
  ({ dir, cleanup } = tempDir('bo-cli-'));
  expect((await bo(dir, ['init'])).code).toBe(0);
});
afterEach(() => cleanup());

describe('bo init', () => {
  it('creates the layout, config and standards docs, and is idempotent', async () => {
    for (const p of ['ai-state/active/backend/endpoints.json', 'ai-state/active/backend/tasks', 'ai-state/archive/backend/tasks', 'backend-orchestrator.config.json', 'backend-standard.md', 'api-design.md']) {
      expect(existsSync(path.join(dir, p)), p).toBe(true);
    }
    writeFileSync(path.join(dir, 'api-design.md'), '# ours\n');
    const again = await bo(dir, ['init', '--json']);
    expect(again.code).toBe(0);
    expect(again.json().files.every((f: { outcome: string }) => f.outcome === 'kept')).toBe(true);
    expect(readFileSync(path.join(dir, 'api-design.md'), 'utf8')).toBe('# ours\n');
    const forced = await bo(dir, ['init', '--force', '--json']);
    expect(forced.json().files).toContainEqual({ file: 'api-design.md', outcome: 'updated' });
  });
});

describe('bo task add', () => {
  it('prints a task with a seed-style id routed to the right skill', async () => {
    const r = await bo(dir, ['task', 'add', 'Add pagination to GET /api/products', '--type', 'api', '--requirement', 'pagination', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const task = r.json();
    expect(task.id).toMatch(/^task-\d{3,}-[a-z0-9-]+$/);
    expect(task.skill).toBe('api-development-skill');
    expect(task.requirements).toEqual(['pagination']);
    expect((await bo(dir, ['task', 'add', 'Create migration adding an index on orders.user_id', '--json'])).json().skill).toBe('database-skill');
    expect((await bo(dir, ['task', 'add', 'Implement login with JWT', '--json'])).json().skill).toBe('auth-skill');
  });

  it('exits 2 naming an unknown dependency', async () => {
    const r = await bo(dir, ['task', 'add', 'Orders API', '--depends', 'task-123-nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('task-123-nope');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('exits 2 naming the cycle of a task file', async () => {
    writeFileSync(
      path.join(dir, 'cycle.yaml'),
      'tasks:\n  - key: a\n    title: Build orders table\n    depends: [b]\n  - key: b\n    title: Build orders API\n    depends: [a]\n',
    );
    const r = await bo(dir, ['task', 'add', '--from', 'cycle.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dependency cycle: task-001-build-orders-table → task-002-build-orders-api → task-001-build-orders-table/);
  });

  it('creates many tasks from a file with keys resolved', async () => {
    writeFileSync(
      path.join(dir, 'plan.yaml'),
      '- key: schema\n  title: Add reviews table\n  type: database\n- title: Add GET /api/v1/products/{id}/reviews\n  depends: [schema]\n  requirements: [pagination]\n',
    );
    const r = await bo(dir, ['task', 'add', '--from', 'plan.yaml', '--json']);
    expect(r.code).toBe(0);
    const [schema, api] = r.json();
    expect(api.dependencies).toEqual([schema.id]);
    expect(api.status).toBe('pending');
  });

  it('reports bad files and bad values with exit 2', async () => {
    writeFileSync(path.join(dir, 'bad.json'), '[{"title": "x",}]');
    const bad = await bo(dir, ['task', 'add', '--from', 'bad.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json:1:\d+/);
    writeFileSync(path.join(dir, 'bad.yaml'), '- title: [unclosed\n');
    expect((await bo(dir, ['task', 'add', '--from', 'bad.yaml'])).stderr).toMatch(/bad\.yaml:\d+:\d+/);
    expect((await bo(dir, ['task', 'add', '--from', 'missing.yaml'])).code).toBe(2);
    expect((await bo(dir, ['task', 'add', 'x', '--priority', 'asap'])).stderr).toMatch(/--priority: "asap"/);
    expect((await bo(dir, ['task', 'add', 'x', '--type', 'frontend'])).code).toBe(2);
    expect((await bo(dir, ['task', 'add'])).code).toBe(2);
  });
});

describe('bo next, claim and leases', () => {
  it('never returns a task whose dependencies are not done', async () => {
    const a = (await bo(dir, ['task', 'add', 'Create products table migration', '--priority', 'low', '--json'])).json();
    await bo(dir, ['task', 'add', 'Add GET /api/products', '--priority', 'critical', '--depends', a.id]);
    const next = await bo(dir, ['next', '--json']);
    expect(next.json().id).toBe(a.id);
    await bo(dir, ['claim', a.id, '--agent', 'a1']);
    expect((await bo(dir, ['next', '--json'])).stdout.trim()).toBe('null');
    expect((await bo(dir, ['next', '--batch', '3', '--json'])).json()).toEqual([]);
  });

  it('exits 3 when another agent holds the claim, and lets it go after the lease', async () => {
    const task = (await bo(dir, ['task', 'add', 'Add GET /api/users', '--json'])).json();
    const first = await bo(dir, ['claim', task.id, '--agent', 'a1', '--lease', '1s', '--json']);
    expect(first.code).toBe(0);
    expect(first.json().claim.agent).toBe('a1');
    const second = await bo(dir, ['claim', task.id, '--agent', 'a2']);
    expect(second.code).toBe(3);
    expect(second.stderr).toContain('claimed by a1');
    await new Promise((r) => setTimeout(r, 1100));
    const third = await bo(dir, ['claim', task.id, '--agent', 'a2', '--json']);
    expect(third.code).toBe(0);
    expect(third.json().history.map((h: { note?: string }) => h.note)).toContain('lease of a1 expired');
  });

  it('next --claim, heartbeat, progress, release, block, unblock, cancel', async () => {
    await bo(dir, ['task', 'add', 'Add GET /api/users']);
    const claimed = await bo(dir, ['next', '--claim', '--agent', 'a1', '--json']);
    const id = claimed.json().id;
    expect((await bo(dir, ['heartbeat', id, '--agent', 'a1'])).code).toBe(0);
    expect((await bo(dir, ['heartbeat', id, '--agent', 'a2'])).code).toBe(3);
    expect((await bo(dir, ['progress', id, 'routes written', '--percent', '40', '--agent', 'a1', '--json'])).json().progress[0].percent).toBe(40);
    expect((await bo(dir, ['progress', id, 'x', '--percent', '400'])).code).toBe(2);
    expect((await bo(dir, ['release', id, '--agent', 'a1', '--json'])).json().status).toBe('ready');
    expect((await bo(dir, ['block', id, '--reason', 'needs design', '--json'])).json().status).toBe('blocked');
    expect((await bo(dir, ['block', id])).code).toBe(2);
    expect((await bo(dir, ['unblock', id, '--json'])).json().status).toBe('ready');
    expect((await bo(dir, ['cancel', id, '--reason', 'dropped', '--json'])).json().status).toBe('cancelled');
    expect((await bo(dir, ['cancel', id])).code).toBe(3);
    const show = await bo(dir, ['task', 'show', id]);
    expect(show.stdout).toContain('in_progress → ready');
    expect((await bo(dir, ['task', 'list', '--all', '--json'])).json()).toHaveLength(1);
    expect((await bo(dir, ['task', 'list'])).stdout).toContain('No tasks.');
    expect((await bo(dir, ['next', '--claim'])).code).toBe(2);
  });
});

describe('errors and input handling', () => {
  it('unknown flag and unknown command exit 2', async () => {
    const r = await bo(dir, ['next', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
    expect((await bo(dir, ['nxt'])).code).toBe(2);
    const json = await bo(dir, ['next', '--bogus', '--json']);
    expect(json.json().error.code).toBe('BO_ERR_USAGE');
  });

  it('a task id with ../ exits 2 and touches nothing outside the state dir', async () => {
    for (const args of [['task', 'show', '../../etc/passwd'], ['claim', 'task-001-../../x', '--agent', 'a'], ['context', '../x']]) {
      const r = await bo(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('invalid task id');
    }
  });

  it('a missing task exits 4', async () => {
    expect((await bo(dir, ['task', 'show', 'task-404-nothing'])).code).toBe(4);
    expect((await bo(dir, ['claim', 'task-404-nothing', '--agent', 'a'])).code).toBe(4);
  });

  it('a bad config value exits 2 naming the key and file', async () => {
    writeFileSync(path.join(dir, 'backend-orchestrator.config.json'), JSON.stringify({ tasks: { leaseMinutes: -5 }, colour: 'blue' }));
    const r = await bo(dir, ['next']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('backend-orchestrator.config.json');
    expect(r.stderr).toContain('tasks.leaseMinutes: must be >= ');
    expect(r.stderr).toContain('colour: unknown key');
    writeFileSync(path.join(dir, 'backend-orchestrator.config.json'), '{"stateDir": }');
    expect((await bo(dir, ['next'])).stderr).toMatch(/config\.json:1:\d+/);
  });

  it('a YAML config is read, and its errors carry a position', async () => {
    writeFileSync(path.join(dir, 'backend-orchestrator.config.json'), '');
    const { rmSync } = await import('node:fs');
    rmSync(path.join(dir, 'backend-orchestrator.config.json'));
    writeFileSync(path.join(dir, 'backend-orchestrator.config.yaml'), 'tasks:\n  defaultPriority: high\n');
    expect((await bo(dir, ['task', 'add', 'Add GET /api/users', '--json'])).json().priority).toBe('high');
    writeFileSync(path.join(dir, 'backend-orchestrator.config.yaml'), 'tasks: [\n');
    expect((await bo(dir, ['next'])).stderr).toMatch(/config\.yaml:\d+:\d+/);
  });

  it('bad JSON in a task file: show exits 2 with path and position, list warns and keeps the rest', async () => {
    await bo(dir, ['task', 'add', 'Add GET /api/users']);
    writeFileSync(path.join(dir, 'ai-state/active/backend/tasks/task-002-broken.json'), '{"id": "task-002-broken",\n "title": }');
    const show = await bo(dir, ['task', 'show', 'task-002-broken']);
    expect(show.code).toBe(2);
    expect(show.stderr).toMatch(/task-002-broken\.json:2:\d+/);
    const list = await bo(dir, ['task', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(list.json()).toHaveLength(1);
    expect(list.stderr).toMatch(/warning: .*task-002-broken\.json:2:\d+/);
    expect((await bo(dir, ['next', '--json'])).json().id).toMatch(/^task-001-/);
  });

  it('help exits 0 with examples; version prints', async () => {
    const help = await bo(dir, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    const addHelp = await bo(dir, ['task', 'add', '--help']);
    expect(addHelp.stdout).toContain('$ bo task add');
    expect((await bo(dir, ['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('-C runs in another directory', async () => {
    const other = tempDir('bo-cli-other-');
    try {
      expect((await bo(other.dir, ['task', 'add', 'Add GET /api/x', '-C', dir, '--json'])).code).toBe(0);
      expect((await bo(other.dir, ['task', 'list', '--json', '-C', dir])).json()).toHaveLength(1);
    } finally {
      other.cleanup();
    }
  });
});

describe('-C', () => {
  it('exits 2 for a directory that does not exist', async () => {
    const r = await bo(dir, ['task', 'list', '-C', 'no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such directory');
  });
});
