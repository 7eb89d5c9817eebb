/**
 * The pure parts of the MCP server: answer shapes and byte budgets, registry search, and the
 * error texts that tell an agent what to do next.
 */
import { describe, expect, it } from 'vitest';
import { BoError } from '../../src/core/errors.js';
import { distinct, failureItem, fitWithin, place, taskRow, taskSummary } from '../../src/mcp/answers.js';
import { errorResult, errorText } from '../../src/mcp/errors.js';
import { searchRegistry, type RegistryQuery } from '../../src/mcp/registry-search.js';
import type { Registry } from '../../src/registry/schema.js';
import { makeTask } from '../helpers/tasks.js';

describe('answer shapes', () => {
  it('places findings at file:line, at the file when the line is unknown, nowhere without a file', () => {
    expect(place('src/a.ts', 12)).toBe('src/a.ts:12');
    expect(place('openapi.yaml', 0)).toBe('openapi.yaml');
    expect(place('-', 0)).toBeUndefined();
  });

  it('summarises a task without empty lists, zero attempts or a missing claim', () => {
    expect(taskSummary(makeTask())).toEqual({ id: 'task-001-sample', title: 'Sample task', status: 'ready', priority: 'medium', skill: 'api-development-skill' });
    const busy = makeTask({
      status: 'in_progress',
      targets: ['GET /api/x'],
      dependencies: ['task-000-base'],
      attempts: 2,
      claim: { agent: 'codex-1', claimedAt: '2026-01-01T00:00:00.000Z', leaseUntil: '2026-01-01T00:30:00.000Z', leaseMs: 1_800_000 },
    });
    expect(taskSummary(busy)).toMatchObject({ targets: ['GET /api/x'], dependsOn: ['task-000-base'], attempts: 2, agent: 'codex-1', leaseUntil: '2026-01-01T00:30:00.000Z' });
  });

  it('cuts a long title in list rows, not in summaries', () => {
    const task = makeTask({ title: `Add ${'very '.repeat(40)}long title` });
    expect(taskRow(task).title).toHaveLength(100);
    expect(taskRow(task).title.endsWith('…')).toBe(true);
    expect(taskSummary(task).title).toBe(task.title);
  });

  it('turns a failure into rule, place, message and fix only', () => {
    const item = failureItem({ rule: 'api/pagination', severity: 'error', file: 'src/r.ts', line: 30, message: 'no limit', hint: 'add limit and offset', subject: 'GET /x' });
    expect(item).toEqual({ rule: 'api/pagination', at: 'src/r.ts:30', message: 'no limit', fix: 'add limit and offset' });
    expect(failureItem({ rule: 'task/target-implemented', severity: 'error', file: '-', line: 0, message: 'GET /x is not in the code', hint: 'implement it' })).not.toHaveProperty('at');
  });

  it('keeps the items that fit the budget and counts the rest, but never answers none', () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ n: i, text: 'x'.repeat(90) }));
    const fitted = fitWithin(items, 500);
    expect(fitted.items.length).toBe(4);
    expect(Buffer.byteLength(JSON.stringify(fitted.items))).toBeLessThanOrEqual(500);
    expect(fitted.more).toBe(6);
    expect(fitWithin(items, 10_000)).toEqual({ items, more: 0 });
    expect(fitWithin([{ text: 'y'.repeat(1000) }], 100)).toEqual({ items: [{ text: 'y'.repeat(1000) }], more: 0 });
  });

  it('drops items that repeat the same rule, place and message', () => {
    const a = { rule: 'r', at: 'f:1', message: 'm' };
    expect(distinct([a, { ...a }, { ...a, at: 'f:2' }, { ...a, message: 'other' }])).toHaveLength(3);
  });
});

describe('error texts', () => {
  it('says what happened, what to do next and the code for operational errors', () => {
    const claimed = new BoError('BO_ERR_TASK_CLAIMED', 'task-007-x is claimed by codex-1 until 2026-01-01T00:30:00.000Z');
    expect(errorText(claimed)).toBe('task-007-x is claimed by codex-1 until 2026-01-01T00:30:00.000Z: pick another with next_task (or claim this one after its lease ends) (BO_ERR_TASK_CLAIMED)');
    expect(errorResult(new BoError('BO_ERR_TASK_NOT_FOUND', 'task task-009-y not found'))).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'task task-009-y not found: list_tasks shows the open tasks, and finished ones with status done (BO_ERR_TASK_NOT_FOUND)' }],
    });
  });

  it('reports anything else as unexpected', () => {
    expect(errorText(new TypeError('x is undefined'))).toMatch(/^unexpected error: x is undefined \(/);
    expect(errorText('thrown string')).toMatch(/^unexpected error: thrown string/);
  });
});

describe('searchRegistry', () => {
  const registry: Registry = {
    endpoints: [
      { id: 'GET /api/users', method: 'GET', path: '/api/users', auth: 'required', authBy: [], params: { path: [], query: [], body: [] }, validation: 'none', responses: [], documented: true, source: { file: 'src/users.ts', line: 3 } },
      { id: 'GET /api/users/{id}', method: 'GET', path: '/api/users/{id}', auth: 'required', authBy: [], params: { path: ['id'], query: [], body: [] }, validation: 'none', responses: [], documented: false, summary: 'One user by id' },
      { id: 'DELETE /api/users/{id}', method: 'DELETE', path: '/api/users/{id}', auth: 'none', authBy: [], params: { path: ['id'], query: [], body: [] }, validation: 'none', responses: [], documented: true },
    ],
    models: [
      { name: 'User', kind: 'prisma', table: 'users', fields: [{ name: 'id', type: 'Int', nullable: false, primaryKey: true, unique: true }, { name: 'teamId', type: 'Int', nullable: false, primaryKey: false, unique: false, references: { model: 'Team', field: 'id' } }], indexes: [] },
      { name: 'Team', kind: 'prisma', fields: [], indexes: [] },
    ],
    services: [{ name: 'UserService', kind: 'service', dependsOn: ['UserRepository'], integrations: [] }],
  };
  const query = (q: Partial<RegistryQuery> & Pick<RegistryQuery, 'kind'>): RegistryQuery => ({ limit: 20, offset: 0, ...q });

  it('filters endpoints by method, path and words', () => {
    expect(searchRegistry(registry, query({ kind: 'endpoints', method: 'get' })).total).toBe(2);
    expect(searchRegistry(registry, query({ kind: 'endpoints', path: '/users/:id' })).rows.map((r) => r.id)).toEqual(['GET /api/users/{id}', 'DELETE /api/users/{id}']);
    expect(searchRegistry(registry, query({ kind: 'endpoints', q: 'one USER' })).rows).toEqual([{ id: 'GET /api/users/{id}', auth: 'required', documented: false }]);
    expect(searchRegistry(registry, query({ kind: 'endpoints', q: 'orders' })).total).toBe(0);
  });

  it('filters models by name or table and shows keys and references in the fields', () => {
    expect(searchRegistry(registry, query({ kind: 'models', model: 'USERS' })).rows).toEqual([{ name: 'User', table: 'users', fields: 'id*, teamId→Team' }]);
    expect(searchRegistry(registry, query({ kind: 'models', model: 'Member' })).total).toBe(0);
  });

  it('pages with limit and offset, the total counting every match', () => {
    const page = searchRegistry(registry, query({ kind: 'endpoints', limit: 1, offset: 1 }));
    expect(page).toEqual({ total: 3, rows: [{ id: 'GET /api/users/{id}', auth: 'required', documented: false }] });
    expect(searchRegistry(registry, query({ kind: 'services' })).rows).toEqual([{ name: 'UserService', kind: 'service', dependsOn: ['UserRepository'] }]);
  });

  it('refuses a filter that does not apply to the kind, saying which kind it filters', () => {
    expect(() => searchRegistry(registry, query({ kind: 'models', method: 'GET' }))).toThrow(/^method filters endpoints only \(kind is models\)/);
    expect(() => searchRegistry(registry, query({ kind: 'services', model: 'User' }))).toThrow(/^model filters models only/);
  });
});
