/**
 * The gates over HTTP on a two-file project: submit (a fail with the failing item, then a pass),
 * POST /v1/checks in the background (poll, follow as SSE, one at a time), and the saved reports.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tasks.js';
import { AUTH, createTask, makeServer, type TestServer } from './helpers.js';
import { openSseConnection } from './sse-client.js';
import { TINY_CONFIG, writeTinyProject } from './tiny-project.js';

let server: TestServer;
let cleanup: () => void;
let base: string;

beforeAll(async () => {
  const temp = tempDir('bo-server-gates-');
  cleanup = temp.cleanup;
  writeTinyProject(temp.dir, 'flawed');
  server = await makeServer({ dir: temp.dir, config: TINY_CONFIG });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close();
  cleanup();
});

async function waitForRun(id: string): Promise<{ status: string; report?: { id: string; verdict: string; summary: Record<string, unknown> } }> {
  for (let i = 0; i < 200; i++) {
    const run = (await server.call({ url: `/v1/checks/${id}` })).json();
    if (run.status !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`check ${id} did not finish`);
}

describe('POST /v1/tasks/{id}/submit', () => {
  let id: string;

  it('answers a failing verdict with 200, verdict fail and only the failing items', async () => {
    id = await createTask(server, { title: 'Add pagination to GET /api/items', skill: 'list-skill', requirements: ['pagination'] });
    await server.call({ method: 'POST', url: `/v1/tasks/${id}/claim`, payload: { agent: 'claude-1' } });
    const notTheHolder = await server.call({ method: 'POST', url: `/v1/tasks/${id}/submit`, payload: { agent: 'codex-1' } });
    expect(notTheHolder.statusCode).toBe(409);
    expect(notTheHolder.json()).toMatchObject({ code: 'BO_ERR_TASK_CLAIMED', claimedBy: 'claude-1' });
    const response = await server.call({ method: 'POST', url: `/v1/tasks/${id}/submit`, payload: { agent: 'claude-1' } });
    expect(response.statusCode).toBe(200);
    const verdict = response.json();
    expect(verdict).toMatchObject({ verdict: 'fail', attempt: 1, task: { id, status: 'in_progress' }, gates: { live: false, rules: ['api/pagination'] } });
    expect(verdict.failures).toEqual([expect.objectContaining({ rule: 'api/pagination', file: 'src/app.js', line: 5, hint: expect.any(String) })]);
    const report = await server.call({ url: `/v1/tasks/${id}/reports/${verdict.report}` });
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({ id: verdict.report, verdict: 'fail' });
  });

  it('answers a passing verdict with 200 and verdict pass; the task is done', async () => {
    writeTinyProject(server.dir, 'fixed');
    const response = await server.call({ method: 'POST', url: `/v1/tasks/${id}/submit`, payload: { agent: 'claude-1', live: false } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ verdict: 'pass', attempt: 2, failures: [], task: { status: 'done' } });
    expect((await server.call({ url: `/v1/tasks/${id}/reports/latest` })).json().verdict).toBe('pass');
    expect((await server.call({ url: `/v1/tasks/${id}` })).json().status).toBe('done');
  });

  it('404s an unknown task and a report that does not exist', async () => {
    expect((await server.call({ method: 'POST', url: '/v1/tasks/task-404-nothing/submit', payload: { agent: 'a' } })).statusCode).toBe(404);
    const missing = await server.call({ url: `/v1/tasks/${id}/reports/2020-01-01T00-00-00-000Z` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ title: 'Report not found', code: 'BO_ERR_REPORT_NOT_FOUND' });
    expect((await server.call({ url: '/v1/tasks/task-404-nothing/reports/latest' })).statusCode).toBe(404);
  });
});

describe('POST /v1/checks', () => {
  it('starts a run: 202 with Location; polled to done with the report id; the report is saved', async () => {
    writeTinyProject(server.dir, 'flawed');
    const started = await server.call({ method: 'POST', url: '/v1/checks', payload: { areas: ['api'], only: 'api/pagination' } });
    expect(started.statusCode).toBe(202);
    const run = started.json();
    expect(started.headers.location).toBe(`/v1/checks/${run.id}`);
    expect(run).toMatchObject({ status: 'running', progress: null });
    const done = await waitForRun(run.id);
    // In a project check, a list without pagination is a warning (a task's requirement makes it an error).
    expect(done).toMatchObject({ status: 'done', report: { verdict: 'pass', summary: { warnings: 1 } } });
    const report = (await server.call({ url: `/v1/reports/${done.report?.id}` })).json();
    expect(report.findings.map((f: { rule: string; severity: string }) => [f.rule, f.severity])).toEqual([['api/pagination', 'warning']]);
    expect((await server.call({ url: '/v1/reports/latest' })).json().id).toBe(done.report?.id);
  });

  it('follows a run as Server-Sent Events: progress, then done with the report id; a finished run answers done at once', async () => {
    const started = (await server.call({ method: 'POST', url: '/v1/checks', payload: { areas: ['api'] } })).json();
    const stream = await openSseConnection(`${base}/v1/checks/${started.id}/events`, AUTH);
    await stream.ended;
    const last = stream.messages.at(-1);
    expect(last?.event).toBe('done');
    const finished = await waitForRun(started.id);
    expect(JSON.parse(last?.data ?? '{}')).toEqual({ id: started.id, report: finished.report?.id, verdict: finished.report?.verdict });
    expect(stream.messages.slice(0, -1).every((m) => m.event === 'progress')).toBe(true);
    const again = await openSseConnection(`${base}/v1/checks/${started.id}/events`, AUTH);
    await again.ended;
    expect(again.messages.map((m) => m.event)).toEqual(['done']);
  });

  it('runs one at a time: a second start while one runs is a 409 naming the running one', async () => {
    const first = (await server.call({ method: 'POST', url: '/v1/checks', payload: { areas: ['api'] } })).json();
    const second = await server.call({ method: 'POST', url: '/v1/checks' });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ running: first.id, code: 'BO_ERR_CHECK_RUNNING' });
    await waitForRun(first.id);
  });

  it('refuses unknown areas and rule names with 422 naming the field; 404 for an unknown run or report', async () => {
    const area = await server.call({ method: 'POST', url: '/v1/checks', payload: { areas: ['style'] } });
    expect(area.statusCode).toBe(422);
    expect(area.json().errors[0].path).toBe('areas[0]');
    const rule = await server.call({ method: 'POST', url: '/v1/checks', payload: { only: 'api/no-such-rule' } });
    expect(rule.statusCode).toBe(422);
    expect(rule.json().errors).toEqual([{ in: 'body', path: 'only', message: expect.stringContaining('api/no-such-rule: no such rule') }]);
    expect((await server.call({ url: '/v1/checks/00000000-0000-0000-0000-000000000000' })).statusCode).toBe(404);
    expect((await server.call({ url: '/v1/checks/not-a-run' })).statusCode).toBe(400);
    expect((await server.call({ url: '/v1/reports/1999-01-01T00-00-00-000Z' })).statusCode).toBe(404);
    expect((await server.call({ url: '/v1/reports/..%2F..%2Fsecrets' })).statusCode).toBe(400);
  });
});
