/**
 * The dashboard in headless Chromium against a real `bo serve` (buildServer on 127.0.0.1:0) over a
 * copy of examples/shop-api with tasks in every state (see shop-project.ts): the token asked for
 * once; the board's columns; the failed task's page with its findings at file:line; the live feed
 * and the board updating without a reload; the checklist overview equal to `bo check --json`, and
 * the latency chart of a real live run; the registry search; 375 px and 1280 px without
 * horizontal scrolling; basic accessibility. Screenshots go to .bo-tmp/screenshots/.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttemptLog, attemptFiles, recordAttempt, taskLogDir } from '../../src/executors/logs.js';
import { Orchestrator } from '../../src/orchestrator.js';
import type { Report } from '../../src/report/model.js';
import { buildServer } from '../../src/server/app.js';
import { bo } from '../helpers/cli.js';
import { hasChromium, launchChromium, screenshotDir, skipReason } from './chromium.js';
import { makeShopProject, type ShopProject } from './shop-project.js';

/**
 * The browser globals the page.evaluate callbacks use: they run in Chromium, but are compiled with
 * the project's lib, which has no DOM. Declared for this module only.
 */
interface PageElement {
  tagName: string;
  id: string;
  textContent: string | null;
  outerHTML: string;
  labels?: { length: number } | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
  blur(): void;
}
declare const document: {
  activeElement: PageElement | null;
  cookie: string;
  scrollingElement: { scrollWidth: number } | null;
  getElementById(id: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
};
declare const location: { hash: string };
declare const sessionStorage: Record<string, string>;
declare const localStorage: { length: number };
declare const window: { stillTheSamePage?: boolean };

const TOKEN = 'dashboard-test-token-0123456789';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 800 };

let project: ShopProject;
let orchestrator: Orchestrator;
let server: FastifyInstance;
let base: string;
let browser: Browser;
let page: Page;
let liveRun: Promise<Report>;
const pageErrors: string[] = [];

async function openContext(viewport: { width: number; height: number }, colorScheme: 'light' | 'dark' = 'light'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, colorScheme, reducedMotion: 'reduce' });
  const opened = await context.newPage();
  opened.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  opened.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
  });
  return { context, page: opened };
}

/** Goes to a view by its hash (no reload when the page is open already) and waits for its heading. */
async function view(on: Page, hash: string, heading: string | RegExp): Promise<void> {
  await on.evaluate((next) => {
    location.hash = next;
  }, hash);
  await on.getByRole('heading', { level: 1, name: heading }).waitFor();
  await on.waitForFunction(() => !document.getElementById('main')?.hasAttribute('aria-busy'));
}

async function signIn(on: Page): Promise<void> {
  await on.goto(`${base}/#/board`);
  await on.getByLabel('API token').fill(TOKEN);
  await on.getByRole('button', { name: 'Connect' }).click();
  await on.getByRole('heading', { level: 1, name: 'Task board' }).waitFor();
}

const shot = (on: Page, name: string) => on.screenshot({ path: path.join(screenshotDir(), `${name}.png`), fullPage: true });

async function api(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}${url}`, { method, headers: { authorization: `Bearer ${TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });
}

async function getJson<T>(url: string): Promise<T> {
  const response = await api('GET', url);
  expect(response.status, url).toBe(200);
  return (await response.json()) as T;
}

const taskTitleOf = async (id: string) => (await getJson<{ title: string }>(`/v1/tasks/${id}`)).title;

describe.skipIf(!hasChromium)(`the dashboard in headless Chromium${skipReason}`, () => {
  beforeAll(async () => {
    project = await makeShopProject();
    // A real live run for the latency chart, in the background while the other views are tested;
    // not saved (--no-save) until the chart's test saves it, so "latest" stays the static report.
    liveRun = bo(project.dir, ['check', '--live', '--gate', 'metrics', '--only', 'metrics/api-response-time', '--no-save', '--json']).then((result) => result.json() as Report);
    liveRun.catch(() => undefined);

    // What `bo run` leaves for an attempt of the in-progress task: its index entry and its log.
    const stateRoot = path.join(project.dir, 'ai-state');
    const id = project.tasks.inProgress;
    recordAttempt(stateRoot, id, {
      attempt: 1,
      agent: 'agent-1',
      startedAt: '2026-03-02T09:00:00.000Z',
      finishedAt: '2026-03-02T09:03:20.000Z',
      durationMs: 200_000,
      program: 'claude',
      cwd: project.dir,
      ...attemptFiles(1),
      outcome: 'gates-failed',
      exitCode: 0,
      submit: { verdict: 'fail', attempt: 1, failures: project.failedSubmit.failures.length, report: 'latest' },
    });
    const log = new AttemptLog(path.join(taskLogDir(stateRoot, id), attemptFiles(1).log), '$ claude -p <prompt>');
    log.write(Buffer.from('Appended GET /api/v1/categories/:id/products to src/routes/categories.ts\n'));
    log.close('exit 0; submitting');

    orchestrator = await Orchestrator.open(project.dir, {});
    server = await buildServer(orchestrator, { token: TOKEN, mcp: false, rateLimit: { max: 100_000, windowSeconds: 60 } });
    await server.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    ({ page } = await openContext(DESKTOP));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await liveRun?.catch(() => undefined);
    project?.cleanup();
  });

  it('asks for the token once, refuses a wrong one, and keeps it for the tab only', async () => {
    await page.goto(`${base}/#/board`);
    await page.getByRole('heading', { level: 1, name: 'Connect to bo serve' }).waitFor();
    await page.getByLabel('API token').fill('not-the-token-at-all');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('refused this token');
    // The refused token is the only error the browser saw; later tests expect none at all.
    expect(pageErrors).toEqual(['console: Failed to load resource: the server responded with a status of 401 (Unauthorized)']);
    pageErrors.length = 0;
    await page.getByLabel('API token').fill(TOKEN);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('heading', { level: 1, name: 'Task board' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Task board' }).waitFor();
    expect(await page.evaluate(() => [Object.values(sessionStorage), localStorage.length, document.cookie])).toEqual([[TOKEN], 0, '']);
  });

  it('shows each task in the column of its status, with claim, lease and progress', async () => {
    await view(page, '#/board', 'Task board');
    const { tasks } = project;
    for (const [status, id] of [
      ['pending', tasks.pending],
      ['ready', tasks.ready],
      ['in_progress', tasks.inProgress],
      ['blocked', tasks.blocked],
      ['done', tasks.done],
    ] as const) {
      const card = page.locator(`section[data-status="${status}"] li[data-task-id="${id}"]`);
      expect(await card.count(), `${id} in ${status}`).toBe(1);
      // …and in no other column.
      expect(await page.locator(`li[data-task-id="${id}"]`).count()).toBe(1);
    }
    const claimed = page.locator(`li[data-task-id="${tasks.inProgress}"]`);
    expect(await claimed.textContent()).toMatch(/Claimed by agent-1 · lease ends in (2\d|30) min/);
    expect(await claimed.locator('progress').getAttribute('value')).toBe('60');
    expect(await claimed.textContent()).toContain('Endpoint written; running the gates');
    expect(await page.locator('section[data-status="ready"] h2').textContent()).toBe('Ready (1)');
    await shot(page, 'board-desktop');
  });

  it('shows the failed task\'s failing findings at file:line, linked to the editor, with its history and logs', async () => {
    await view(page, '#/board', 'Task board');
    // From the board by keyboard: the card's link, then Enter.
    await page.locator(`li[data-task-id="${project.tasks.inProgress}"] a`).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: await taskTitleOf(project.tasks.inProgress) }).waitFor();
    await page.locator('[data-finding]').first().waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    // The failures are what the submit counted against the task, each at its file:line…
    const expected = [...new Set(project.failedSubmit.failures.map((f) => `${f.rule} ${f.file}:${f.line}`))].sort();
    expect(expected).toEqual(['api/pagination src/routes/categories.ts:30', 'sec/sql-injection src/repositories/category-repository.ts:42']);
    const shown = await page.locator('[data-finding]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-finding')));
    expect([...new Set(shown)].sort()).toEqual(expected);
    for (const row of await page.locator('[data-finding]').all()) expect(await row.locator('th').textContent()).toMatch(/^src\/[\w/-]+\.ts:\d+$/);
    // …and the example's own flaws elsewhere are folded away, not counted.
    const elsewhere = page.locator('details.elsewhere');
    expect(await elsewhere.getAttribute('open')).toBeNull();
    expect(await elsewhere.locator('[data-other-finding]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-other-finding')))).toContain('sec/authn-required src/routes/products.ts:75');
    const link = page.getByRole('link', { name: 'src/routes/categories.ts:30' }).first();
    expect(await link.getAttribute('href')).toBe(`vscode://file${project.dir}/src/routes/categories.ts:30`);
    // The checklist items those failures fail, as the saved report of the submit has them.
    const report = await getJson<Report>(`/v1/tasks/${project.tasks.inProgress}/reports/latest`);
    const failedRules = new Set(project.failedSubmit.failures.map((f) => f.rule));
    const failedItems = report.checklists.flatMap((l) => l.items).filter((item) => item.rules.some((r) => failedRules.has(r.id))).map((item) => item.id);
    expect(failedItems.length).toBeGreaterThan(0);
    expect(await page.locator('.failing-items [data-status="fail"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-item')))).toEqual(failedItems);

    const history = await page.getByRole('table', { name: /Status changes/ }).locator('tbody tr').count();
    expect(history).toBeGreaterThanOrEqual(3);
    expect(await page.locator('details.context pre').textContent()).toContain('GET /api/v1/categories/{id}/products');

    const logButton = page.getByRole('button', { name: 'Show log 1' });
    await logButton.click();
    await expect.poll(() => page.getByLabel('Log of attempt 1').textContent()).toContain('Appended GET /api/v1/categories/:id/products');
    expect(await page.getByRole('button', { name: 'Hide log 1' }).getAttribute('aria-expanded')).toBe('true');
    await shot(page, 'task-desktop');
  });

  it('updates the board and the live feed when events arrive, without a reload', async () => {
    await view(page, '#/board', 'Task board');
    await page.evaluate(() => (window.stillTheSamePage = true));
    const before = await page.locator('section[data-status="ready"] li').count();
    const response = await api('POST', '/v1/events', {
      specversion: '1.0',
      id: 'req-dashboard-1',
      source: 'urn:frontend-orchestrator:shop-web',
      type: 'frontend.api.request',
      data: { endpoint: '/api/v1/orders/{id}/invoice', description: 'The invoice of an order, as a PDF link' },
    }, { 'content-type': 'application/cloudevents+json' });
    expect(response.status).toBe(202);
    const created = ((await response.json()) as { received: { task: { id: string } }[] }).received[0]?.task.id;
    await page.locator(`section[data-status="ready"] li[data-task-id="${created}"]`).waitFor({ timeout: 10_000 });
    expect(await page.locator('section[data-status="ready"] li').count()).toBe(before + 1);

    await view(page, '#/events', 'Live events');
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Live:/ }).count()).toBe(1);
    expect(await page.locator('li.event[data-type="frontend.api.request"]').count()).toBeGreaterThanOrEqual(2);
    // An event appended straight to the outbox (as the CLI or another server would) shows up on top.
    const [stored] = await orchestrator.publish([{ type: 'backend.docs.updated', data: { path: 'backend-developer.md', changed: true } }]);
    const newest = page.locator('[role="log"] li.event').first();
    await expect.poll(() => newest.getAttribute('data-seq'), { timeout: 10_000 }).toBe(String(stored?.seq));
    expect(await newest.textContent()).toContain('backend.docs.updated');
    expect(await page.evaluate(() => window.stillTheSamePage)).toBe(true);
  });

  it('shows the checklist items and metrics of the latest project report, as bo check --json gave them', async () => {
    await view(page, '#/checks', 'Checklist overview');
    const latest = JSON.parse(readFileSync(path.join(project.dir, 'ai-state/active/backend/reports/project/latest.json'), 'utf8')) as Report;
    expect(latest.id).toBe(project.checkReport.id);
    expect(await page.locator('[data-report]').getAttribute('data-report')).toBe(latest.id);
    const statuses = (report: { checklists: { items: { id: string; status: string }[] }[] }) => Object.fromEntries(report.checklists.flatMap((list) => list.items.map((item) => [item.id, item.status])));
    const shown = Object.fromEntries(await page.locator('tr[data-item]').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-item'), row.getAttribute('data-status')])));
    expect(Object.keys(shown).length).toBeGreaterThan(20);
    expect(shown).toEqual(statuses(project.checkReport));
    expect(Object.values(shown)).toContain('fail');
    expect(Object.values(shown)).toContain('pass');
    const metrics = Object.fromEntries(await page.locator('tr[data-metric]').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-metric'), row.getAttribute('data-status')])));
    expect(metrics).toEqual(Object.fromEntries(latest.metrics.map((m) => [m.id, m.status])));
    expect(await page.getByText('This report comes from a static run').count()).toBe(1);
    await shot(page, 'checks-desktop');
  });

  it('draws the latency chart of the last live run: p50, p95 and p99 against the threshold', async () => {
    const live = await liveRun;
    expect(live.live).toBe(true);
    const metric = live.metrics.find((m) => m.id === 'metrics/api-response-time');
    expect(metric?.value).toBeTypeOf('number');
    await orchestrator.store.saveReport('project', live.id, live);

    await view(page, '#/board', 'Task board');
    await view(page, '#/checks', 'Checklist overview');
    expect(await page.locator('[data-report]').getAttribute('data-report')).toBe(live.id);
    const figures = await page.locator('svg.latency-chart g[data-figure]').evaluateAll((groups) => groups.map((g) => [g.getAttribute('data-figure'), Number(g.getAttribute('data-value'))]));
    const number = (name: string) => Number(new RegExp(`${name} ([\\d.]+) ms`).exec(metric?.reason ?? '')?.[1]);
    expect(figures).toEqual([
      ['p50', number('p50')],
      ['p95', metric?.value],
      ['p99', number('p99')],
    ]);
    expect(await page.locator('svg.latency-chart title').textContent()).toMatch(/^Response time of GET /);
    expect(await page.locator('svg.latency-chart .threshold').textContent()).toBe(`threshold ${metric?.threshold} ms`);
    const shown = Object.fromEntries(await page.locator('tr[data-item]').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-item'), row.getAttribute('data-status')])));
    expect(shown).toEqual(Object.fromEntries(live.checklists.flatMap((l) => l.items.map((i) => [i.id, i.status]))));
    await shot(page, 'checks-live-desktop');
  }, 60_000);

  it('browses the registry: endpoints with auth and documented flag, models with fields and indexes, services', async () => {
    await view(page, '#/registry', 'Registry');
    const endpoints = await page.locator('tr[data-endpoint]').count();
    expect(endpoints).toBeGreaterThan(10);
    const stock = page.locator('tr[data-endpoint="PATCH /api/v1/products/{id}/stock"]');
    expect(await stock.locator('td').nth(0).textContent()).toBe('none');
    await shot(page, 'registry-desktop');
    await page.getByLabel('Search', { exact: true }).fill('categor');
    await expect.poll(() => page.locator('tr[data-endpoint]').count()).toBeLessThan(endpoints);
    const ids = await page.locator('tr[data-endpoint]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-endpoint') ?? ''));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id.toLowerCase()).toContain('categor');
    expect(page.url()).toContain('#/registry?q=categor');

    await page.getByLabel('Search', { exact: true }).fill('order');
    await page.getByLabel('Show').selectOption('models');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('[data-kind]').evaluateAll((sections) => sections.map((s) => s.getAttribute('data-kind')))).toEqual(['models']);
    const orderItems = page.locator('.model').filter({ has: page.getByRole('heading', { name: /^OrderItem\b/ }) });
    expect(await orderItems.getByRole('table').locator('tbody tr').count()).toBeGreaterThan(3);
    expect(await orderItems.locator('.indexes, .note').first().textContent()).toBeTruthy();

    await page.getByLabel('Search', { exact: true }).fill('');
    await page.getByLabel('Show').selectOption('services');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('tr[data-service]').count()).toBeGreaterThan(0);
  });

  it('fits 375 px (dark) and 1280 px without horizontal scrolling; screenshots of each view', async () => {
    const taskTitle = await taskTitleOf(project.tasks.inProgress);
    // The phone in dark mode: the screenshots show the other palette too.
    const phone = await openContext(PHONE, 'dark');
    try {
      await signIn(phone.page);
      const views: [string, string | RegExp, string][] = [
        ['#/board', 'Task board', 'board'],
        [`#/tasks/${project.tasks.inProgress}`, taskTitle, 'task'],
        ['#/checks', 'Checklist overview', 'checks'],
        ['#/registry', 'Registry', 'registry'],
        ['#/events', 'Live events', 'events'],
      ];
      for (const [hash, heading, name] of views) {
        await view(phone.page, hash, heading);
        expect(await phone.page.evaluate(() => document.scrollingElement?.scrollWidth), `${name} at 375 px`).toBeLessThanOrEqual(PHONE.width);
        await shot(phone.page, `${name}-phone`);
        await view(page, hash, heading);
        expect(await page.evaluate(() => document.scrollingElement?.scrollWidth), `${name} at 1280 px`).toBeLessThanOrEqual(DESKTOP.width);
      }
      await shot(page, 'events-desktop');
    } finally {
      await phone.context.close();
    }
  });

  it('is accessible at the basics: landmarks, one h1 per view, labelled controls, titled SVG, table headers, keyboard', async () => {
    const taskTitle = await taskTitleOf(project.tasks.inProgress);
    for (const [hash, heading] of [
      ['#/board', 'Task board'],
      [`#/tasks/${project.tasks.inProgress}`, taskTitle],
      ['#/checks', 'Checklist overview'],
      ['#/registry', 'Registry'],
      ['#/events', 'Live events'],
    ] as const) {
      await view(page, hash, heading);
      const audit = await page.evaluate(() => {
        const named = (el: PageElement) => el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
        return {
          h1: document.querySelectorAll('h1').length,
          landmarks: ['header', 'nav', 'main', 'footer'].filter((tag) => document.querySelector(tag) === null),
          unlabelled: [...document.querySelectorAll('input:not([type=hidden]), select, textarea, progress')].filter((el) => !named(el)).map((el) => el.outerHTML),
          untitledSvg: [...document.querySelectorAll('svg')].filter((el) => !el.querySelector(':scope > title') && el.getAttribute('aria-hidden') !== 'true').length,
          imagesWithoutAlt: [...document.querySelectorAll('img')].filter((el) => !el.hasAttribute('alt')).length,
          tablesWithoutHeaders: [...document.querySelectorAll('table')].filter((el) => el.querySelectorAll('th').length === 0 || !el.querySelector('caption')).length,
          emptyButtons: [...document.querySelectorAll('button')].filter((el) => !(el.textContent ?? '').trim() && !el.getAttribute('aria-label')).length,
          emptyLinks: [...document.querySelectorAll('a')].filter((el) => !(el.textContent ?? '').trim() && !el.getAttribute('aria-label')).length,
          liveRegions: document.querySelectorAll('[role=log], [role=status], [aria-live]').length,
          current: document.querySelector('nav [aria-current=page]')?.textContent ?? null,
        };
      });
      expect(audit, hash).toMatchObject({ h1: 1, landmarks: [], unlabelled: [], untitledSvg: 0, imagesWithoutAlt: 0, tablesWithoutHeaders: 0, emptyButtons: 0, emptyLinks: 0 });
      expect(audit.liveRegions, hash).toBeGreaterThan(0);
      expect(audit.current, hash).not.toBeNull();
    }
    // The skip link comes first in the tab order and moves focus to the content, leaving the route alone.
    await page.goto(`${base}/#/board`);
    await page.getByRole('heading', { level: 1, name: 'Task board' }).waitFor();
    await page.locator('.brand').focus();
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => [document.activeElement?.id, location.hash])).toEqual(['main', '#/board']);
    expect(pageErrors).toEqual([]);
  });
});
