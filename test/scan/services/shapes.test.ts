import { describe, expect, test } from 'vitest';
import { externalHost } from '../../../src/scan/services/external-host.js';
import { scan } from './helpers.js';

/** One module in `src/lib/`, where neither file name nor folder gives a role: only the shape can. */
const kindOf = (code: string) => scan({ 'src/lib/thing.ts': code }).services.map((service) => [service.name, service.kind]);

describe('middleware by shape', () => {
  test.each([
    ['Express', 'export function audit(req, res, next) { next(); }'],
    ['an error handler', 'export const onError = (err, req, res, next) => res.status(500).end();'],
    ['Koa', 'export async function timing(ctx, next) { await next(); }'],
    ['a typed `next`', "import type { NextFunction } from 'express';\nexport function cors(request, reply, done: NextFunction) { done(); }"],
    ['a factory', "export const requireRole = (role: string) => (req, res, next) => (req.user?.role === role ? next() : res.sendStatus(403));"],
    ['a default export', 'export default function (req, res, next) { next(); }'],
  ])('%s is middleware', (_, code) => {
    expect(kindOf(code)).toEqual([['ThingMiddleware', 'middleware']]);
  });

  test.each([
    ['a route handler', 'export async function listUsers(req, res) { res.json([]); }'],
    ['a wrapper that calls the handler it is given', 'export const wrap = (fn) => (req, res, next) => { fn(req, res, next).catch(next); };'],
    ['three unrelated parameters', 'export function clamp(value, min, max) { return Math.min(max, Math.max(min, value)); }'],
    ['a private middleware', 'function audit(req, res, next) { next(); }\nexport const VERSION = 2;'],
  ])('%s is not', (_, code) => {
    expect(kindOf(code)).toEqual([]);
  });

  test('a function named as middleware is one wherever it lives', () => {
    const { services } = scan({ 'src/app/security.ts': "import helmet from 'helmet';\nexport const securityMiddleware = helmet();\n" });
    expect(services.map((service) => [service.name, service.kind])).toEqual([['securityMiddleware', 'middleware']]);
  });
});

describe('jobs by shape', () => {
  test.each([
    ['node-cron', "import cron from 'node-cron';\ncron.schedule('* * * * *', () => undefined);\nexport const x = 1;"],
    ['node-cron named import', "import { schedule } from 'node-cron';\nschedule('* * * * *', () => undefined);"],
    ['the cron package', "import { CronJob } from 'cron';\nexport const nightly = CronJob.from({ cronTime: '0 0 * * *', onTick: () => undefined });"],
    ['node-schedule', "const schedule = require('node-schedule');\nschedule.scheduleJob('0 * * * *', () => undefined);"],
    ['a module-level setInterval', 'setInterval(() => console.log("tick"), 1000);'],
    ['bull', "import Queue from 'bull';\nconst videos = new Queue('videos');\nvideos.process(async () => undefined);"],
    ['agenda', "export async function start(agenda) {\n  agenda.define('report', async () => undefined);\n}"],
  ])('%s starts a job', (_, code) => {
    expect(kindOf(code)).toEqual([['ThingJob', 'job']]);
  });

  test.each([
    ['setInterval inside a function', 'export function poll(fn) { return setInterval(fn, 1000); }'],
    ['a local schedule() helper', 'function schedule(at, fn) { return setTimeout(fn, at); }\nschedule(10, () => undefined);'],
    ['a worker thread', "import { Worker } from 'node:worker_threads';\nexport const pool = [new Worker('./hash.js')];"],
  ])('%s does not', (_, code) => {
    expect(kindOf(code)).toEqual([]);
  });
});

describe('integrations by shape', () => {
  test('a module that calls an SDK is an integration named after its file', () => {
    const { services } = scan({ 'src/lib/openai.ts': "import OpenAI from 'openai';\nconst ai = new OpenAI();\nexport const complete = (prompt: string) => ai.responses.create({ model: 'gpt-4.1', input: prompt });\n" });
    expect(services).toEqual([
      { name: 'OpenaiClient', kind: 'integration', source: { file: 'src/lib/openai.ts', line: 3 }, dependsOn: [], integrations: ['openai'] },
    ]);
  });

  test('a module that only mentions an SDK (no call, no construction) is not', () => {
    const code = "import { Prisma } from '@prisma/client';\nexport const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';\n";
    expect(scan({ 'src/lib/prisma-errors.ts': code }).services).toEqual([]);
  });

  test('a type-only SDK import is not an integration', () => {
    const code = "import type Stripe from 'stripe';\nexport class PaymentsService {\n  constructor(private readonly key: string) {}\n  describe(intent: Stripe.PaymentIntent) {\n    return intent.id;\n  }\n}\n";
    expect(scan({ 'src/payments.service.ts': code }).services[0]?.integrations).toEqual([]);
  });

  test('a dynamic import() of an SDK is one', () => {
    const code = "export class PaymentsService {\n  async client() {\n    const { default: Stripe } = await import('stripe');\n    return new Stripe('sk');\n  }\n}\n";
    expect(scan({ 'src/payments.service.ts': code }).services[0]?.integrations).toEqual(['stripe']);
  });

  test.each([
    ['fetch to a literal URL', "export const weather = (city: string) => fetch('https://api.weather.com/v1/' + city);", ['http:api.weather.com']],
    ['fetch to a template URL', 'export const weather = (city: string) => fetch(`https://api.weather.com/v1/${city}`);', ['http:api.weather.com']],
    ['got', "import got from 'got';\nexport const rates = () => got('https://open.er-api.com/v6/latest/EUR').json();", ['http:open.er-api.com']],
    ['a host computed at run time', 'export const call = (host: string) => fetch(`https://${host}/status`);', []],
    ['localhost', "export const health = () => fetch('http://localhost:4000/health');", []],
    ['a URL never requested', "export const DOCS = 'https://docs.stripe.com';\nexport const link = () => DOCS;", []],
  ])('%s', (_, code, integrations) => {
    const { services } = scan({ 'src/clients/thing.ts': code });
    expect(services.map((service) => service.integrations)).toEqual([integrations]);
  });
});

describe('externalHost', () => {
  test.each([
    ['https://api.github.com/repos', 'api.github.com'],
    ['https://API.Stripe.com', 'api.stripe.com'],
    ['http://hooks.slack.com:443/services/x', 'hooks.slack.com'],
    ['https://user@example.io/x', 'example.io'],
  ])('%s → %s', (url, host) => {
    expect(externalHost(url)).toBe(host);
  });

  test.each([
    ['http://localhost:3000'],
    ['http://127.0.0.1:8080/x'],
    ['http://inventory:8080'],
    ['http://users.svc.cluster.local/x'],
    ['http://api.internal/x'],
    ['https://example.com'],
    ['ftp://files.acme.com'],
    ['not a url'],
  ])('%s is not external', (url) => {
    expect(externalHost(url)).toBeUndefined();
  });

  test('the first part of a template literal names a host only if the host ends inside it', () => {
    expect(externalHost('https://api.github.com/', false)).toBe('api.github.com');
    expect(externalHost('https://api.', false)).toBeUndefined();
    expect(externalHost('https://', false)).toBeUndefined();
  });
});
