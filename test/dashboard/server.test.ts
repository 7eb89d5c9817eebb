/**
 * The dashboard's server side, without a browser: the static files at / and /dashboard/* (public,
 * right content types, ETag and 304, no-cache, the dashboard's strict CSP, nothing outside the
 * folder reachable), the folder found from the package root, and the executor log routes
 * `/v1/tasks/{id}/logs` and `/v1/tasks/{id}/logs/{attempt}` (token, 404s that say what exists,
 * OpenAPI entries).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { AttemptLog, attemptFiles, recordAttempt, taskLogDir, type AttemptRecord } from '../../src/executors/logs.js';
import { DASHBOARD_CSP, defaultDashboardDir, etagMatches, findPackageRoot, loadStaticFiles, registerDashboard } from '../../src/server/dashboard.js';
import { tempDir } from '../helpers/tasks.js';
import { createTask, makeServer, type TestServer } from '../server/helpers.js';

const REPO = path.resolve(import.meta.dirname, '../..');

let server: TestServer | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('locating the dashboard files', () => {
  it('walks up from a nested directory to the backend-orchestrator package root', () => {
    expect(findPackageRoot(path.join(REPO, 'src/server'))).toBe(REPO);
    expect(defaultDashboardDir()).toBe(path.join(REPO, 'dashboard'));
  });

  it('skips package.json files of other packages and gives up at the file-system root', () => {
    const { dir, cleanup } = tempDir('bo-dash-root-');
    cleanups.push(cleanup);
    mkdirSync(path.join(dir, 'outer/inner'), { recursive: true });
    writeFileSync(path.join(dir, 'outer/package.json'), JSON.stringify({ name: 'backend-orchestrator' }));
    writeFileSync(path.join(dir, 'outer/inner/package.json'), JSON.stringify({ name: 'some-app' }));
    expect(findPackageRoot(path.join(dir, 'outer/inner'))).toBe(path.join(dir, 'outer'));
    writeFileSync(path.join(dir, 'outer/package.json'), '{ not json');
    expect(findPackageRoot(path.join(dir, 'outer/inner'))).toBeUndefined();
  });

  it('loads only files of known types, by their path inside the folder', () => {
    const { dir, cleanup } = tempDir('bo-dash-files-');
    cleanups.push(cleanup);
    mkdirSync(path.join(dir, 'views'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(dir, 'views/a.js'), 'export {}');
    writeFileSync(path.join(dir, '.secret.js'), 'no');
    writeFileSync(path.join(dir, 'notes.md'), 'no');
    const files = loadStaticFiles(dir);
    expect([...files.keys()]).toEqual(['index.html', 'views/a.js']);
    expect(files.get('views/a.js')?.type).toBe('text/javascript; charset=utf-8');
  });

  it('matches If-None-Match lists, weak tags and *, and nothing else', () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true);
    expect(etagMatches('"x", W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('*', '"abc"')).toBe(true);
    expect(etagMatches('"abd"', '"abc"')).toBe(false);
    expect(etagMatches(undefined, '"abc"')).toBe(false);
  });
});

describe('GET / and /dashboard/*', () => {
  it('serves the page without a token, with the dashboard CSP and no-cache instead of no-store', async () => {
    server = await makeServer();
    const page = await server.app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toMatch(/default-src 'self'/);
    expect(DASHBOARD_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers.etag).toMatch(/^"[\w-]{27}"$/);
    expect(page.body).toContain('<script type="module" src="/dashboard/app.js"></script>');
    // No inline script anywhere in the page: the CSP would refuse it.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.body).not.toMatch(/\son[a-z]+=/i);
  });

  it('serves each file with its content type, and the API around it still needs the token', async () => {
    server = await makeServer();
    for (const [url, type] of [
      ['/dashboard/app.js', 'text/javascript; charset=utf-8'],
      ['/dashboard/views/board.js', 'text/javascript; charset=utf-8'],
      ['/dashboard/styles.css', 'text/css; charset=utf-8'],
      ['/dashboard/icon.svg', 'image/svg+xml'],
    ] as const) {
      const response = await server.app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toBe(type);
    }
    expect((await server.app.inject({ url: '/v1/tasks' })).statusCode).toBe(401);
    // The API's answers keep their own headers.
    const api = await server.call({ url: '/v1/tasks' });
    expect(api.headers['cache-control']).toBe('no-store');
    expect(api.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('answers 304 to a matching If-None-Match and 200 to a stale one', async () => {
    server = await makeServer();
    const first = await server.app.inject({ url: '/dashboard/app.js' });
    const etag = first.headers.etag as string;
    const again = await server.app.inject({ url: '/dashboard/app.js', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    const stale = await server.app.inject({ url: '/dashboard/app.js', headers: { 'if-none-match': '"old"' } });
    expect(stale.statusCode).toBe(200);
  });

  it('reaches nothing outside the folder: unknown files and traversal are 404 problems', async () => {
    server = await makeServer();
    for (const url of ['/dashboard/missing.js', '/dashboard/..%2fpackage.json', '/dashboard/', '/dashboard/views', '/dashboard/views%2f..%2f..%2fpackage.json']) {
      const response = await server.app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/^application\/problem\+json/);
      expect(response.headers['cache-control'], url).toBe('no-store');
    }
    // Dot segments are resolved before routing: these are /package.json, an API path (token first).
    for (const url of ['/dashboard/../package.json', '/dashboard/%2e%2e/package.json']) {
      const resolved = await server.app.inject({ url });
      expect(resolved.statusCode, url).toBe(401);
      expect(resolved.body, url).not.toContain('"name"');
    }
  });

  it('without the files, / says what is missing and the API still works', async () => {
    const { dir, cleanup } = tempDir('bo-dash-none-');
    cleanups.push(cleanup);
    const app = Fastify();
    await app.register(registerDashboard, { dir: path.join(dir, 'dashboard') });
    const response = await app.inject({ url: '/' });
    await app.close();
    expect(response.statusCode).toBe(404);
    expect(response.json().message ?? response.body).toMatch(/dashboard files are not installed \(looked for .*dashboard[\\/]index\.html\)/);
  });

  it('is not in the OpenAPI document, which lists the log routes', async () => {
    server = await makeServer();
    const document = (await server.app.inject({ url: '/v1/openapi.json' })).json();
    expect(Object.keys(document.paths)).not.toContain('/');
    expect(document.paths['/v1/tasks/{id}/logs'].get.responses['200'].content['application/json'].schema.properties.attempts).toBeDefined();
    expect(document.paths['/v1/tasks/{id}/logs/{attempt}'].get.responses['200'].content).toHaveProperty('text/plain');
    expect(document.paths['/v1/tasks/{id}/logs/{attempt}'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['id', 'attempt']);
  });
});

function attempt(overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    attempt: 1,
    agent: 'worker-1',
    startedAt: '2026-03-01T10:00:00.000Z',
    finishedAt: '2026-03-01T10:01:00.000Z',
    durationMs: 60_000,
    program: 'claude',
    cwd: '/tmp/project',
    ...attemptFiles(overrides.attempt ?? 1),
    outcome: 'gates-failed',
    exitCode: 0,
    submit: { verdict: 'fail', attempt: 1, failures: 2, report: 'r1' },
    ...overrides,
  };
}

describe('GET /v1/tasks/{id}/logs', () => {
  it('lists no attempts for a task no executor ran, and 404s an unknown task', async () => {
    server = await makeServer();
    const id = await createTask(server, { title: 'Add pagination to GET /api/products' });
    const empty = await server.call({ url: `/v1/tasks/${id}/logs` });
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({ task: id, attempts: [] });
    const unknown = await server.call({ url: '/v1/tasks/task-999-nothing/logs' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('BO_ERR_TASK_NOT_FOUND');
    expect((await server.app.inject({ url: `/v1/tasks/${id}/logs` })).statusCode).toBe(401);
  });

  it('lists the recorded attempts and serves each log as text', async () => {
    server = await makeServer();
    const id = await createTask(server, { title: 'Add pagination to GET /api/products' });
    const stateRoot = server.orchestrator.layout.root;
    recordAttempt(stateRoot, id, attempt());
    recordAttempt(stateRoot, id, attempt({ attempt: 2, outcome: 'passed', submit: { verdict: 'pass', attempt: 2, failures: 0, report: 'r2' } }));
    const log = new AttemptLog(path.join(taskLogDir(stateRoot, id), attemptFiles(1).log), '$ claude -p …');
    log.write(Buffer.from('editing src/routes/products.ts\n'));
    log.close('exit 0');

    const index = (await server.call({ url: `/v1/tasks/${id}/logs` })).json();
    expect(index.attempts.map((a: AttemptRecord) => [a.attempt, a.outcome, a.submit?.verdict])).toEqual([
      [1, 'gates-failed', 'fail'],
      [2, 'passed', 'pass'],
    ]);
    const text = await server.call({ url: `/v1/tasks/${id}/logs/1` });
    expect(text.statusCode).toBe(200);
    expect(text.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.body).toBe('$ claude -p …\nediting src/routes/products.ts\n\n[bo] exit 0\n');
    // Recorded but without output yet: an empty log, not an error.
    const second = await server.call({ url: `/v1/tasks/${id}/logs/2` });
    expect(second.statusCode).toBe(200);
    expect(second.body).toBe('');
  });

  it('404s an attempt that does not exist, naming the ones that do; 400 for a bad number', async () => {
    server = await makeServer();
    const id = await createTask(server, { title: 'Add pagination to GET /api/products' });
    recordAttempt(server.orchestrator.layout.root, id, attempt());
    const missing = await server.call({ url: `/v1/tasks/${id}/logs/7` });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'BO_ERR_LOG_NOT_FOUND', title: 'Log not found' });
    expect(missing.json().detail).toContain('its attempts: 1');
    const none = await createTask(server, { title: 'Another task' });
    expect((await server.call({ url: `/v1/tasks/${none}/logs/1` })).json().detail).toContain('no executor ran it');
    expect((await server.call({ url: `/v1/tasks/${id}/logs/0` })).statusCode).toBe(400);
    expect((await server.call({ url: `/v1/tasks/${id}/logs/first` })).statusCode).toBe(400);
  });
});
