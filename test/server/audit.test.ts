/** The audit log: one line per mutation, succeeded or failed, with who, what, status and task. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/server/audit.js';
import { tempDir } from '../helpers/tasks.js';
import { createTask, makeServer, type TestServer } from './helpers.js';

let server: TestServer;
const NOW = new Date('2026-05-01T08:00:00.000Z');
beforeEach(async () => {
  server = await makeServer({ now: () => NOW });
});
afterEach(async () => {
  await server.close();
});

const lines = () => {
  const file = path.join(server.dir, 'ai-state', 'audit', 'server.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
};

describe('audit log', () => {
  it('records each mutation with time, actor, method, path, status, task and address; reads are not recorded', async () => {
    const id = await createTask(server, { title: 'Audit me' });
    await server.call({ method: 'POST', url: `/v1/tasks/${id}/claim`, payload: { agent: 'claude-1' } });
    await server.call({ method: 'POST', url: `/v1/tasks/${id}/claim`, payload: { agent: 'codex-1' } });
    await server.call({ method: 'DELETE', url: `/v1/tasks/${id}`, headers: { 'x-bo-agent': 'lead' } });
    await server.call({ url: '/v1/tasks' });
    await server.call({ url: `/v1/tasks/${id}` });
    expect(lines()).toEqual([
      { time: NOW.toISOString(), actor: 'api', method: 'POST', path: '/v1/tasks', status: 201, task: id, ip: '127.0.0.1' },
      { time: NOW.toISOString(), actor: 'claude-1', method: 'POST', path: `/v1/tasks/${id}/claim`, status: 200, task: id, ip: '127.0.0.1' },
      { time: NOW.toISOString(), actor: 'codex-1', method: 'POST', path: `/v1/tasks/${id}/claim`, status: 409, task: id, ip: '127.0.0.1' },
      { time: NOW.toISOString(), actor: 'lead', method: 'DELETE', path: `/v1/tasks/${id}`, status: 204, task: id, ip: '127.0.0.1' },
    ]);
  });

  it('records refused mutations too (no token, invalid body), and the tasks claim-next and intake touched', async () => {
    await server.app.inject({ method: 'POST', url: '/v1/tasks', payload: { title: 'No token' } });
    await server.call({ method: 'POST', url: '/v1/tasks', payload: { title: 7 } });
    const id = await createTask(server, { title: 'Claim me next' });
    await server.call({ method: 'POST', url: '/v1/tasks/next/claim', payload: { agent: 'claude-1' } });
    const received = (await server.call({ method: 'POST', url: '/v1/events', payload: { event: 'frontend.api.request', endpoint: '/api/v1/x' } })).json().received[0];
    const entries = lines();
    expect(entries.map((e) => [e.method, e.path, e.status, e.task])).toEqual([
      ['POST', '/v1/tasks', 401, undefined],
      ['POST', '/v1/tasks', 422, undefined],
      ['POST', '/v1/tasks', 201, id],
      ['POST', '/v1/tasks/next/claim', 200, id],
      ['POST', '/v1/events', 202, received.task.id],
    ]);
  });

  it('keeps the file private (0600) and never cuts a line', () => {
    const { dir, cleanup } = tempDir('bo-audit-');
    const log = new AuditLog(dir);
    log.write({ time: NOW.toISOString(), actor: 'a', method: 'POST', path: '/v1/x', status: 200, ip: '::1' });
    log.write({ time: NOW.toISOString(), actor: 'b'.repeat(10), method: 'DELETE', path: '/v1/y', status: 404, ip: '::1' });
    log.close();
    expect(statSync(log.file).mode & 0o777).toBe(0o600);
    expect(readFileSync(log.file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).actor)).toEqual(['a', 'bbbbbbbbbb']);
    cleanup();
  });
});
