/** `/v1/tasks`: list, create, read, change, cancel; and the agent's loop short of submit. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTask, makeServer, type TestServer } from './helpers.js';

let server: TestServer;
beforeEach(async () => {
  server = await makeServer();
});
afterEach(async () => {
  await server.close();
});

const problem = (response: { statusCode: number; headers: Record<string, unknown>; json(): any }) => {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  return response.json();
};

describe('GET /v1/tasks', () => {
  it('pages through summaries with limit and offset and says how many there are', async () => {
    for (const title of ['First task', 'Second task', 'Third task']) await createTask(server, { title });
    const page = await server.call({ url: '/v1/tasks?limit=2&offset=1' });
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.pagination).toEqual({ limit: 2, offset: 1, total: 3 });
    expect(body.data.map((t: { title: string }) => t.title)).toEqual(['Second task', 'Third task']);
    expect(Object.keys(body.data[0]).sort()).toEqual(['attempts', 'claim', 'id', 'priority', 'skill', 'status', 'targets', 'title', 'type', 'updatedAt']);
    expect((await server.call({ url: '/v1/tasks' })).json().pagination).toEqual({ limit: 50, offset: 0, total: 3 });
  });

  it('filters by status, skill and agent, and shows archived tasks only when asked', async () => {
    const api = await createTask(server, { title: 'Add pagination to GET /api/products', type: 'api' });
    const db = await createTask(server, { title: 'Add index on orders.customer_id', type: 'database' });
    const gone = await createTask(server, { title: 'Old idea' });
    await server.call({ method: 'POST', url: `/v1/tasks/${api}/claim`, payload: { agent: 'claude-1' } });
    await server.call({ method: 'DELETE', url: `/v1/tasks/${gone}` });
    const ids = async (query: string) => (await server.call({ url: `/v1/tasks?${query}` })).json().data.map((t: { id: string }) => t.id);
    expect(await ids('status=in_progress')).toEqual([api]);
    expect(await ids('skill=database')).toEqual([db]);
    expect(await ids('agent=claude-1')).toEqual([api]);
    expect(await ids('')).toEqual([api, db]);
    expect(await ids('archived=true')).toEqual([api, db, gone]);
  });

  it('refuses bad query parameters with a 400 problem naming each', async () => {
    const response = await server.call({ url: '/v1/tasks?limit=500&status=finished&colour=red' });
    expect(response.statusCode).toBe(400);
    const body = problem(response);
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['colour', 'limit', 'status']);
    expect(body.errors.find((e: { path: string }) => e.path === 'limit').message).toBe('must be <= 200');
  });
});

describe('POST /v1/tasks', () => {
  it('creates a task: 201, Location, the task routed to its skill', async () => {
    const response = await server.call({ method: 'POST', url: '/v1/tasks', payload: { title: 'Add pagination to GET /api/products', requirements: ['pagination'], priority: 'high' } });
    expect(response.statusCode).toBe(201);
    const task = response.json();
    expect(response.headers.location).toBe(`/v1/tasks/${task.id}`);
    expect(task).toMatchObject({ status: 'ready', priority: 'high', skill: 'api-development-skill', targets: ['GET /api/products'] });
    expect(task.criteria.gates).toContain('api/pagination');
    expect((await server.call({ url: response.headers.location as string })).json().id).toBe(task.id);
  });

  it('refuses an invalid body with 422 naming the fields, and does not coerce types', async () => {
    const response = await server.call({ method: 'POST', url: '/v1/tasks', payload: { title: 5, priority: 'urgent', colour: 'red' } });
    expect(response.statusCode).toBe(422);
    const body = problem(response);
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { in: 'body', path: 'title', message: 'must be string' },
        { in: 'body', path: 'priority', message: 'must be one of "critical", "high", "medium", "low"' },
        { in: 'body', path: 'colour', message: expect.stringContaining('unknown field') },
      ]),
    );
    const missing = await server.call({ method: 'POST', url: '/v1/tasks', payload: {} });
    expect(problem(missing).errors).toEqual([{ in: 'body', path: 'title', message: 'required' }]);
    expect((await server.call({ url: '/v1/tasks' })).json().pagination.total).toBe(0);
  });

  it('refuses what only the engine can check (an unknown dependency) with 422', async () => {
    const response = await server.call({ method: 'POST', url: '/v1/tasks', payload: { title: 'Depends on nothing real', depends: ['task-999-nothing'] } });
    expect(response.statusCode).toBe(422);
    expect(problem(response)).toMatchObject({ code: 'BO_ERR_TASK_DEPENDENCY_UNKNOWN', detail: expect.stringContaining('task-999-nothing') });
  });
});

describe('GET, PATCH, DELETE /v1/tasks/{id}', () => {
  it('reads a task; 404 for an unknown one; 400 for a malformed id', async () => {
    const id = await createTask(server, { title: 'Read me' });
    expect((await server.call({ url: `/v1/tasks/${id}` })).json()).toMatchObject({ id, title: 'Read me', history: [{ to: 'ready', by: 'api' }] });
    const unknown = await server.call({ url: '/v1/tasks/task-404-nothing' });
    expect(unknown.statusCode).toBe(404);
    expect(problem(unknown)).toMatchObject({ code: 'BO_ERR_TASK_NOT_FOUND', type: 'urn:backend-orchestrator:problem:BO_ERR_TASK_NOT_FOUND' });
    const malformed = await server.call({ url: '/v1/tasks/..%2Fetc' });
    expect(malformed.statusCode).toBe(400);
    expect(problem(malformed).errors[0]).toMatchObject({ in: 'params', path: 'id' });
  });

  it('changes the fields that may change, recording who did it; requirements carry their gates', async () => {
    const id = await createTask(server, { title: 'List products', type: 'api', requirements: ['pagination'] });
    const response = await server.call({
      method: 'PATCH',
      url: `/v1/tasks/${id}`,
      headers: { 'x-bo-agent': 'lead' },
      payload: { title: 'List products, paged and filtered', priority: 'critical', requirements: ['filtering'], targets: ['GET /api/products'] },
    });
    expect(response.statusCode).toBe(200);
    const task = response.json();
    expect(task).toMatchObject({ title: 'List products, paged and filtered', priority: 'critical', requirements: ['filtering'], targets: ['GET /api/products'] });
    expect(task.criteria.gates).toContain('api/filtering');
    expect(task.criteria.gates).not.toContain('api/pagination');
    expect(task.history.at(-1)).toMatchObject({ by: 'lead', note: 'updated title, priority, requirements, targets' });
  });

  it('refuses an empty or unknown change (422) and a change to a finished task (409)', async () => {
    const id = await createTask(server, { title: 'Soon cancelled' });
    const empty = await server.call({ method: 'PATCH', url: `/v1/tasks/${id}`, payload: {} });
    expect(empty.statusCode).toBe(422);
    expect(problem(empty).errors[0].message).toBe('give at least one field');
    const status = await server.call({ method: 'PATCH', url: `/v1/tasks/${id}`, payload: { status: 'done' } });
    expect(status.statusCode).toBe(422);
    expect(problem(status).errors[0]).toMatchObject({ path: 'status', message: expect.stringContaining('unknown field') });
    await server.call({ method: 'DELETE', url: `/v1/tasks/${id}` });
    const late = await server.call({ method: 'PATCH', url: `/v1/tasks/${id}`, payload: { title: 'Too late' } });
    expect(late.statusCode).toBe(409);
    expect(problem(late).code).toBe('BO_ERR_TASK_CONFLICT');
  });

  it('cancels with DELETE: 204, archived as cancelled with the reason; a second DELETE is a 409', async () => {
    const id = await createTask(server, { title: 'Cancel me' });
    const response = await server.call({ method: 'DELETE', url: `/v1/tasks/${id}?reason=not%20needed` });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    const task = (await server.call({ url: `/v1/tasks/${id}` })).json();
    expect(task.status).toBe('cancelled');
    expect(task.history.at(-1).note).toContain('not needed');
    expect((await server.call({ method: 'DELETE', url: `/v1/tasks/${id}` })).statusCode).toBe(409);
    expect((await server.call({ method: 'DELETE', url: '/v1/tasks/task-404-nothing' })).statusCode).toBe(404);
  });
});

describe('the agent loop', () => {
  it('claim: 200 with the claim; another agent gets a 409 problem with claimedBy', async () => {
    const id = await createTask(server, { title: 'Claim me' });
    const claimed = await server.call({ method: 'POST', url: `/v1/tasks/${id}/claim`, payload: { agent: 'claude-1', leaseMinutes: 10 } });
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ status: 'in_progress', claim: { agent: 'claude-1', leaseMs: 600_000 } });
    const conflict = await server.call({ method: 'POST', url: `/v1/tasks/${id}/claim`, payload: { agent: 'codex-1' } });
    expect(conflict.statusCode).toBe(409);
    expect(problem(conflict)).toMatchObject({ code: 'BO_ERR_TASK_CLAIMED', claimedBy: 'claude-1', leaseUntil: expect.any(String) });
    const noAgent = await server.call({ method: 'POST', url: `/v1/tasks/${id}/claim`, payload: {} });
    expect(noAgent.statusCode).toBe(422);
    expect(problem(noAgent).errors).toEqual([{ in: 'body', path: 'agent', message: 'required' }]);
    expect((await server.call({ method: 'POST', url: '/v1/tasks/task-404-nothing/claim', payload: { agent: 'x' } })).statusCode).toBe(404);
  });

  it('heartbeat renews the holder\'s lease; another agent\'s heartbeat is a 409', async () => {
    const id = await createTask(server, { title: 'Keep me' });
    await server.call({ method: 'POST', url: `/v1/tasks/${id}/claim`, payload: { agent: 'claude-1' } });
    const beat = await server.call({ method: 'POST', url: `/v1/tasks/${id}/heartbeat`, payload: { agent: 'claude-1' } });
    expect(beat.statusCode).toBe(200);
    expect(beat.json().claim.agent).toBe('claude-1');
    const other = await server.call({ method: 'POST', url: `/v1/tasks/${id}/heartbeat`, payload: { agent: 'codex-1' } });
    expect(other.statusCode).toBe(409);
  });

  it('release by the holder (or without naming an agent, with no body at all) makes the task ready again', async () => {
    const id = await createTask(server, { title: 'Let go' });
    await server.call({ method: 'POST', url: `/v1/tasks/${id}/claim`, payload: { agent: 'claude-1' } });
    expect((await server.call({ method: 'POST', url: `/v1/tasks/${id}/release`, payload: { agent: 'codex-1' } })).statusCode).toBe(409);
    const released = await server.call({ method: 'POST', url: `/v1/tasks/${id}/release`, payload: { agent: 'claude-1' } });
    expect(released.json()).toMatchObject({ status: 'ready', claim: null });
    await server.call({ method: 'POST', url: `/v1/tasks/${id}/claim`, payload: { agent: 'claude-1' } });
    const bare = await server.call({ method: 'POST', url: `/v1/tasks/${id}/release` });
    expect(bare.statusCode).toBe(200);
    expect(bare.json().status).toBe('ready');
  });

  it('progress is recorded; a percent over 100 is a 422 naming it', async () => {
    const id = await createTask(server, { title: 'Make progress' });
    await server.call({ method: 'POST', url: `/v1/tasks/${id}/claim`, payload: { agent: 'claude-1' } });
    const ok = await server.call({ method: 'POST', url: `/v1/tasks/${id}/progress`, payload: { agent: 'claude-1', message: 'routes done', percent: 40 } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().progress.at(-1)).toMatchObject({ message: 'routes done', percent: 40, by: 'claude-1' });
    const bad = await server.call({ method: 'POST', url: `/v1/tasks/${id}/progress`, payload: { agent: 'claude-1', message: 'x', percent: 140 } });
    expect(bad.statusCode).toBe(422);
    expect(problem(bad).errors).toEqual([{ in: 'body', path: 'percent', message: 'must be <= 100' }]);
  });

  it('next is a route of its own (not a task id); next/claim claims the best task once, then none', async () => {
    const low = await createTask(server, { title: 'Low one', priority: 'low' });
    const high = await createTask(server, { title: 'High one', priority: 'high' });
    const next = await server.call({ url: '/v1/tasks/next' });
    expect(next.statusCode).toBe(200);
    expect(next.json().data.map((t: { id: string }) => t.id)).toEqual([high]);
    expect((await server.call({ url: '/v1/tasks/next?batch=5' })).json().data.map((t: { id: string }) => t.id)).toEqual([high, low]);
    const first = await server.call({ method: 'POST', url: '/v1/tasks/next/claim', payload: { agent: 'claude-1' } });
    expect(first.json().data.map((t: { id: string; claim: { agent: string } }) => [t.id, t.claim.agent])).toEqual([[high, 'claude-1']]);
    const second = await server.call({ method: 'POST', url: '/v1/tasks/next/claim', payload: { agent: 'codex-1', batch: 5 } });
    expect(second.json().data.map((t: { id: string }) => t.id)).toEqual([low]);
    const none = await server.call({ method: 'POST', url: '/v1/tasks/next/claim', payload: { agent: 'codex-1' } });
    expect(none.json()).toEqual({ data: [] });
    expect((await server.call({ url: '/v1/tasks/next?batch=0' })).statusCode).toBe(400);
  });

  it('context: YAML by default, JSON on request, within the token budget; 404 for an unknown task', async () => {
    const id = await createTask(server, { title: 'Add pagination to GET /api/products', requirements: ['pagination'] });
    const yaml = await server.call({ url: `/v1/tasks/${id}/context` });
    expect(yaml.statusCode).toBe(200);
    expect(yaml.headers['content-type']).toMatch(/^application\/yaml/);
    expect(yaml.body).toContain(`task_id: ${id}`);
    const json = await server.call({ url: `/v1/tasks/${id}/context?format=json&maxTokens=500` });
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.json().context.task_id).toBe(id);
    expect((await server.call({ url: `/v1/tasks/${id}/context?format=xml` })).statusCode).toBe(400);
    expect((await server.call({ url: '/v1/tasks/task-404-nothing/context' })).statusCode).toBe(404);
  });
});
