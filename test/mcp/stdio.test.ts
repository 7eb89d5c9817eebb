/**
 * `bo mcp` end to end over stdio with the SDK's client, on a copy of examples/shop-api (static
 * gates: `submit.live: false` keeps it fast): the tool list, an agent's whole loop (a
 * frontend.api.request → next → claim → context → progress → a flawed submit that fails with
 * exactly its flaws → the fixed submit passes), bad inputs and conflicts as `isError` answers that
 * say what to change, and the resources. Every answer is asserted under 8 KB by `call`.
 *
 * The server is test/mcp/bo-mcp-entry.ts (the command as registerMcp defines it) bundled as the
 * build bundles the CLI: the tests need no `npm run build`, and run before main.ts registers it.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { bo } from '../helpers/cli.js';
import { bundleServer, call, connectStdio, copyShopApi, implement } from './helpers.js';

const TARGET = 'GET /api/v1/categories/{id}/products';
const REQUEST = { endpoint: '/api/v1/categories/{id}/products', requirements: ['pagination'], description: 'Products of a category, for the category page' };
const TOOL_NAMES = ['next_task', 'claim_task', 'get_context', 'report_progress', 'submit_task', 'create_task', 'list_tasks', 'search_registry', 'run_checks', 'emit_event'];

let dir: string;
let client: Client;
let stderr: () => string;
let taskId: string;
let bundle: { file: string; remove: () => void };

beforeAll(async () => {
  dir = copyShopApi((config) => void (config.submit = { live: false }));
  bundle = await bundleServer();
  expect((await bo(dir, ['init'])).code).toBe(0);
  expect((await bo(dir, ['scan'])).code).toBe(0);
  ({ client, stderr } = await connectStdio(bundle.file, dir, ['--agent', 'agent-1']));
}, 60_000);

afterAll(async () => {
  await client?.close();
  bundle?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('bo mcp: the tools', () => {
  it('lists the ten tools, each with a description and annotations, all together under 12 KB', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOL_NAMES].sort());
    expect(Buffer.byteLength(JSON.stringify(tools))).toBeLessThan(12 * 1024);
    for (const tool of tools) {
      expect(tool.description?.length, tool.name).toBeGreaterThan(30);
      expect(tool.description?.length, tool.name).toBeLessThan(250);
      expect(tool.annotations, tool.name).toBeDefined();
      expect(typeof tool.annotations?.readOnlyHint, tool.name).toBe('boolean');
      expect(tool.inputSchema.type).toBe('object');
    }
    const readOnly = tools.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name).sort();
    expect(readOnly).toEqual(['get_context', 'list_tasks', 'next_task', 'search_registry']);
    for (const tool of tools.filter((t) => !t.annotations?.readOnlyHint)) expect(typeof tool.annotations?.destructiveHint, tool.name).toBe('boolean');
    expect(client.getInstructions()).toMatch(/next_task → claim_task → get_context/);
  });
});

describe('bo mcp: an agent loop on the example', () => {
  it('turns a frontend.api.request into one task, however often it is sent', async () => {
    const first = await call(client, 'emit_event', { type: 'frontend.api.request', id: 'req-42', data: REQUEST });
    expect(first.isError).toBe(false);
    expect(first.json()).toMatchObject({ type: 'frontend.api.request', id: 'req-42', duplicate: false, task: { action: 'created' } });
    taskId = first.json().task.id;
    const again = await call(client, 'emit_event', { type: 'frontend.api.request', id: 'req-42', data: REQUEST });
    expect(again.json()).toMatchObject({ duplicate: true, task: { id: taskId } });
    const listed = (await call(client, 'list_tasks')).json();
    expect(listed).toEqual({ total: 1, offset: 0, tasks: [{ id: taskId, title: expect.any(String), status: 'ready', priority: 'medium', skill: 'api-development-skill' }] });
  });

  it('next_task shows it; claim_task claims it for the server\'s agent', async () => {
    const next = (await call(client, 'next_task')).json();
    expect(next).toMatchObject({ id: taskId, status: 'ready', skill: 'api-development-skill', targets: [TARGET], requirements: ['pagination'] });
    expect(next.agent).toBeUndefined();
    const claimed = (await call(client, 'claim_task', { id: taskId })).json();
    expect(claimed).toMatchObject({ id: taskId, status: 'in_progress', agent: 'agent-1' });
    expect(Date.parse(claimed.leaseUntil)).toBeGreaterThan(Date.now());
    expect((await call(client, 'next_task')).json()).toBeNull();
  });

  it('get_context answers the context package as YAML', async () => {
    const answer = await call(client, 'get_context', { id: taskId });
    expect(answer.isError).toBe(false);
    const context = parseYaml(answer.text).context;
    expect(context.task_id).toBe(taskId);
    expect(JSON.stringify(context)).toContain('/api/v1/categories/{id}/products');
    expect(JSON.stringify(context.success_criteria)).toContain('api/pagination');
    const small = await call(client, 'get_context', { id: taskId, maxTokens: 300 });
    expect(small.text.length).toBeLessThanOrEqual(1200);
    expect(parseYaml(small.text).context.omitted).toBeDefined();
  });

  it('report_progress records progress and renews the lease', async () => {
    const answer = (await call(client, 'report_progress', { id: taskId, message: 'route and repository written', percent: 60 })).json();
    expect(answer).toEqual({ id: taskId, status: 'in_progress', leaseUntil: expect.any(String) });
    const task = (await bo(dir, ['task', 'show', taskId, '--json'])).json();
    expect(task.progress.at(-1)).toMatchObject({ message: 'route and repository written', percent: 60, by: 'agent-1' });
  });

  it('submit_task fails the flawed attempt with exactly its failing items, each with place and fix', async () => {
    implement(dir, 'flawed');
    const answer = await call(client, 'submit_task', { id: taskId });
    expect(answer.isError).toBe(false);
    const outcome = answer.json();
    expect(Object.keys(outcome).sort()).toEqual(['attempt', 'failures', 'verdict']);
    expect(outcome).toMatchObject({ verdict: 'fail', attempt: 1 });
    const flaws = [...new Set(outcome.failures.map((f: { rule: string; at: string }) => `${f.rule} ${f.at}`))].sort();
    expect(flaws).toEqual(['api/pagination src/routes/categories.ts:30', 'sec/sql-injection src/repositories/category-repository.ts:42']);
    for (const failure of outcome.failures) {
      expect(Object.keys(failure).sort()).toEqual(['at', 'fix', 'message', 'rule']);
      expect(failure.fix.length).toBeGreaterThan(20);
    }
    const task = (await bo(dir, ['task', 'show', taskId, '--json'])).json();
    expect(task).toMatchObject({ status: 'in_progress', attempts: 1, claim: { agent: 'agent-1' } });
  }, 120_000);

  it('submit_task passes the fixed attempt: the task is done', async () => {
    implement(dir, 'fixed');
    const outcome = (await call(client, 'submit_task', { id: taskId })).json();
    expect(outcome).toEqual({ verdict: 'pass', attempt: 2 });
    const done = (await call(client, 'list_tasks', { status: 'done' })).json();
    expect(done.tasks.map((t: { id: string }) => t.id)).toEqual([taskId]);
    expect((await call(client, 'list_tasks')).json().total).toBe(0);
  }, 120_000);
});

describe('bo mcp: bad inputs and conflicts', () => {
  it('refuses arguments that do not fit the schema, naming the field and what it expects', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['claim_task', { id: 42 }, /expected string.*\bid\b/],
      ['get_context', { id: 'nope' }, /task id like task-007.*\bid\b/],
      ['list_tasks', { status: 'finished' }, /"pending"\|"ready".*\bstatus\b/],
      ['list_tasks', { limit: 0 }, />=1.*\blimit\b/],
      ['report_progress', { id: 'task-001-x', message: 'half', percent: 150 }, /<=100.*\bpercent\b/],
      ['create_task', {}, /expected string.*\btitle\b/],
      ['search_registry', { kind: 'tables' }, /"endpoints"\|"models"\|"services".*\bkind\b/],
      ['next_task', { skil: 'api' }, /Unrecognized key.*"skil"/],
    ];
    for (const [tool, args, message] of cases) {
      const answer = await call(client, tool, args);
      expect(answer.isError, `${tool} ${JSON.stringify(args)}`).toBe(true);
      expect(answer.text).toMatch(message);
    }
  });

  it('refuses a filter that does not apply to the kind, and an event with bad data, saying what to change', async () => {
    const filter = await call(client, 'search_registry', { kind: 'endpoints', model: 'Category' });
    expect(filter).toMatchObject({ isError: true });
    expect(filter.text).toMatch(/^model filters models only \(kind is endpoints\); use q .*BO_ERR_INPUT_INVALID/);
    const event = await call(client, 'emit_event', { type: 'frontend.api.request', data: { endpoint: 'categories' } });
    expect(event).toMatchObject({ isError: true });
    expect(event.text).toMatch(/data\.endpoint: must be a path starting with "\/"/);
    const unknown = await call(client, 'emit_event', { type: 'shop.order.placed', data: {} });
    expect(unknown.text).toMatch(/unknown event type "shop.order.placed"/);
  });

  it('answers an unknown task with what to do, and a task claimed by another agent with who holds it', async () => {
    const missing = await call(client, 'get_context', { id: 'task-999-missing' });
    expect(missing).toMatchObject({ isError: true });
    expect(missing.text).toBe('task task-999-missing not found: list_tasks shows the open tasks, and finished ones with status done (BO_ERR_TASK_NOT_FOUND)');

    const created = (await call(client, 'create_task', { title: 'Add an index on products.category_id', type: 'database', priority: 'high' })).json();
    expect(created).toEqual({ id: expect.stringMatching(/^task-\d{3}-add-index-products/), skill: expect.any(String), status: 'ready' });
    expect((await call(client, 'claim_task', { id: created.id, agent: 'codex-1' })).json()).toMatchObject({ agent: 'codex-1' });
    const conflict = await call(client, 'claim_task', { id: created.id });
    expect(conflict).toMatchObject({ isError: true });
    expect(conflict.text).toMatch(new RegExp(`^${created.id} is claimed by codex-1 until \\S+Z: pick another with next_task .*\\(BO_ERR_TASK_CLAIMED\\)$`));
    const progress = await call(client, 'report_progress', { id: created.id, message: 'working' });
    expect(progress.text).toMatch(/claimed by codex-1, not agent-1/);
    expect((await call(client, 'list_tasks', { agent: 'codex-1' })).json().tasks.map((t: { id: string }) => t.id)).toEqual([created.id]);
  });
});

/** A resource's one text content, parsed. */
async function readJson(uri: string): Promise<any> {
  const [content] = (await client.readResource({ uri })).contents;
  expect(content && 'text' in content).toBe(true);
  return JSON.parse((content as { text: string }).text);
}

describe('bo mcp: resources', () => {
  it('lists the registry files and the open tasks, and reads them as JSON', async () => {
    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toEqual(expect.arrayContaining(['bo://registry/endpoints', 'bo://registry/models', 'bo://registry/services']));
    const taskUri = uris.find((uri) => uri.startsWith('bo://tasks/'));
    expect(taskUri).toMatch(/^bo:\/\/tasks\/task-\d{3}-add-index-products/);

    const endpoints = await client.readResource({ uri: 'bo://registry/endpoints' });
    expect(endpoints.contents[0]?.mimeType).toBe('application/json');
    const ids = (await readJson('bo://registry/endpoints')).endpoints.map((e: { id: string }) => e.id);
    expect(ids).toContain('GET /api/v1/products');
    expect(ids).toContain(TARGET);
    const models = await readJson('bo://registry/models');
    expect(models.models.length).toBeGreaterThan(0);

    const task = await readJson(taskUri as string);
    expect(task).toMatchObject({ id: taskUri?.slice('bo://tasks/'.length), claim: { agent: 'codex-1' } });
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['bo://tasks/{id}']);
    await expect(client.readResource({ uri: 'bo://tasks/task-999-missing' })).rejects.toThrow(/task task-999-missing not found: list_tasks/);
  });

  it('wrote nothing but diagnostics to stderr', () => {
    expect(stderr()).toBe('');
  });
});

describe('bo mcp: the process', () => {
  it('writes only JSON-RPC to stdout and exits 0 when the client closes stdin', async () => {
    const child = spawn(process.execPath, [bundle.file, 'mcp'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const answered = (id: number) =>
      new Promise<void>((resolve) => {
        const check = () => (stdout.includes(`"id":${id}`) ? resolve() : setTimeout(check, 20));
        check();
      });
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await answered(1);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_tasks', arguments: { status: 'done' } } });
    await answered(2);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.end();
    expect(await exited).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const [init, listed] = lines.map((line) => JSON.parse(line));
    expect(init.result.serverInfo.name).toBe('backend-orchestrator');
    expect(JSON.parse(listed.result.content[0].text).total).toBe(1);
  });
});

describe('bo mcp --agent', () => {
  it('acts for $BO_AGENT when neither --agent nor the call names an agent', async () => {
    const other = await connectStdio(bundle.file, dir, [], { BO_AGENT: 'env-agent' });
    try {
      const created = (await call(other.client, 'create_task', { title: 'Add rate limiting to POST /api/v1/orders' })).json();
      expect((await call(other.client, 'claim_task', { id: created.id })).json()).toMatchObject({ id: created.id, agent: 'env-agent' });
      const task = (await bo(dir, ['task', 'show', created.id, '--json'])).json();
      expect(task.history[0]).toMatchObject({ by: 'env-agent', note: 'created' });
    } finally {
      await other.client.close();
    }
  });
});
