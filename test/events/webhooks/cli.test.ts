import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileDeliveryStore } from '../../../src/events/webhooks/deliveries.js';
import { FileEventLog } from '../../../src/store/file/event-log.js';
import { stateLayout } from '../../../src/store/file/layout.js';
import { tempDir } from '../../helpers/tasks.js';
import { bo } from '../../helpers/cli.js';
import { testEvent } from './memory-log.js';
import { startReceiver } from './receiver.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ENV = { HOOK_SECRET: SECRET };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function project(webhooks: unknown[], retry: unknown = { attempts: 2, baseSeconds: 0.01, maxSeconds: 0.05 }) {
  const t = tempDir('bo-webhooks-cli-');
  cleanups.push(t.cleanup);
  writeFileSync(path.join(t.dir, 'backend-orchestrator.config.json'), JSON.stringify({ events: { webhooks, retry } }));
  const layout = stateLayout(t.dir);
  return { dir: t.dir, log: new FileEventLog(layout), store: new FileDeliveryStore(layout) };
}

async function receiver(answer?: (index: number) => number) {
  const r = await startReceiver({ secret: SECRET, now: Date.now, ...(answer ? { answer: (_req, index) => answer(index) } : {}) });
  cleanups.push(() => r.close());
  return r;
}

describe('bo events deliver', () => {
  it('delivers what is due from the file outbox and prints a summary', async () => {
    const r = await receiver();
    const p = await project([{ id: 'frontend', url: r.url, secret: 'env:HOOK_SECRET', types: ['backend.api.*'] }]);
    await p.log.append([testEvent('backend.api.ready', {}, 'cli-1'), testEvent('backend.task.done', {}, 'cli-2')]);
    const text = await bo(p.dir, ['events', 'deliver'], ENV);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^subscription\s+delivered\s+retrying/);
    expect(text.stdout).toMatch(/frontend\s+1\s+0\s+0\s+0\s+0\s+-/);
    expect(r.received.map((req) => [req.id, req.verified.ok])).toEqual([['cli-1', true]]);

    await p.log.append([testEvent('backend.api.changed', {}, 'cli-3')]);
    const json = await bo(p.dir, ['events', 'deliver', '--json'], ENV);
    expect(json.json()).toEqual({ subscriptions: [expect.objectContaining({ subscription: 'frontend', delivered: 1, taken: 1, pending: 0 })] });
  });

  it('fails with a clear message when the secret\'s environment variable is unset', async () => {
    const p = await project([{ id: 'frontend', url: 'http://127.0.0.1:9/hooks', secret: 'env:HOOK_SECRET' }]);
    const result = await bo(p.dir, ['events', 'deliver'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/events\.webhooks\[0\] \(frontend\): .*HOOK_SECRET is not set/);
  });

  it('says so when no webhooks are configured, and rejects an unknown --subscription', async () => {
    const none = await project([]);
    expect((await bo(none.dir, ['events', 'deliver'])).stdout).toMatch(/no webhook subscriptions in the config/);
    const r = await receiver();
    const p = await project([{ id: 'frontend', url: r.url, secret: SECRET }]);
    const wrong = await bo(p.dir, ['events', 'deliver', '--subscription', 'backend'], ENV);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--subscription backend: no such webhook subscription \(known: frontend\)/);
  });

  it('--follow delivers as events arrive and stops on SIGINT', async () => {
    const r = await receiver();
    const p = await project([{ url: r.url, secret: SECRET }]);
    const running = bo(p.dir, ['events', 'deliver', '--follow', '--json'], ENV);
    await p.log.append([testEvent('backend.task.created', {}, 'f-1')]);
    for (let i = 0; i < 400 && r.received.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(r.received.map((req) => req.id)).toEqual(['f-1']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    process.emit('SIGINT');
    const result = await running;
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').map((line) => JSON.parse(line))).toEqual([expect.objectContaining({ eventId: 'f-1', outcome: 'delivered', subscription: r.url })]);
  });
});

describe('bo events dead-letter', () => {
  it('lists dead letters and replays them; an unknown event id exits 4', async () => {
    let up = false;
    const r = await receiver(() => (up ? 204 : 500));
    const p = await project([{ id: 'frontend', url: r.url, secret: SECRET }]);
    await p.log.append([testEvent('backend.task.failed', {}, 'dl-1'), testEvent('backend.task.failed', {}, 'dl-2')]);
    // Two attempts each, 10 ms apart: a few passes make both of them dead.
    for (let i = 0; i < 20 && (await p.store.read('frontend')).deadLetters.length < 2; i++) {
      await bo(p.dir, ['events', 'deliver'], ENV);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    const listed = await bo(p.dir, ['events', 'dead-letter']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^subscription\s+event id\s+type\s+attempts\s+dead since\s+last error/);
    expect(listed.stdout).toMatch(/frontend\s+dl-1\s+backend\.task\.failed\s+2\s+\S+\s+HTTP 500: receiver says 500/);
    expect((await bo(p.dir, ['events', 'dead-letter', '--json'])).json().deadLetters.map((d: { eventId: string }) => d.eventId)).toEqual(['dl-1', 'dl-2']);

    const partly = await bo(p.dir, ['events', 'dead-letter', '--replay', 'dl-2', 'nope', '--json']);
    expect(partly.code).toBe(4);
    expect(partly.json()).toMatchObject({ replayed: [{ eventId: 'dl-2', subscription: 'frontend' }], missing: ['nope'] });
    expect(partly.stderr).toMatch(/no dead letter for event nope/);

    const all = await bo(p.dir, ['events', 'dead-letter', '--replay-all']);
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/1 dead letter\(s\) back in the queue/);
    up = true;
    await bo(p.dir, ['events', 'deliver'], ENV);
    expect(await p.store.read('frontend')).toMatchObject({ deadLetters: [], pending: [], delivered: 2 });
    expect((await bo(p.dir, ['events', 'dead-letter'])).stdout).toMatch(/no dead letters/);
    expect((await bo(p.dir, ['events', 'dead-letter', '--replay', 'x', '--replay-all'])).code).toBe(2);
  });
});

describe('bo events verify', () => {
  const vector = ['--header', 'webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek', '--header', 'webhook-timestamp: 1614265330', '--header', 'webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='];

  async function bodyFile(text: string) {
    const t = tempDir('bo-verify-');
    cleanups.push(t.cleanup);
    const file = path.join(t.dir, 'body.json');
    writeFileSync(file, text);
    return { dir: t.dir, file };
  }

  it('exits 0 for a valid webhook (the Standard Webhooks vector at its time)', async () => {
    const b = await bodyFile('{"test": 2432232314}');
    const result = await bo(b.dir, ['events', 'verify', '--secret', 'env:HOOK_SECRET', '--body-file', 'body.json', '--now', '1614265330', ...vector], ENV);
    expect(result).toMatchObject({ code: 0, stdout: 'valid: webhook msg_p5jXN8AQM9LWM0D4loKWxJek signed at 1614265330\n' });
  });

  it('exits 1 with the reason for a tampered body or a stale timestamp', async () => {
    const b = await bodyFile('{"test": 1}');
    const tampered = await bo(b.dir, ['events', 'verify', '--secret', SECRET, '--body-file', b.file, '--now', '1614265330', ...vector, '--json']);
    expect(tampered.code).toBe(1);
    expect(tampered.json()).toMatchObject({ valid: false, code: 'no_matching_signature' });
    const good = await bodyFile('{"test": 2432232314}');
    const stale = await bo(good.dir, ['events', 'verify', '--secret', SECRET, '--body-file', good.file, ...vector]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/^invalid: webhook-timestamp 1614265330 is \d+s old/);
  });

  it('reads the headers from a JSON file', async () => {
    const b = await bodyFile('{"test": 2432232314}');
    writeFileSync(path.join(b.dir, 'headers.json'), JSON.stringify({ 'Webhook-Id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'webhook-timestamp': '1614265330', 'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' }));
    const result = await bo(b.dir, ['events', 'verify', '--secret', SECRET, '--body-file', 'body.json', '--headers-file', 'headers.json', '--now', '1614265330', '--json']);
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ valid: true, id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: '1614265330' });
  });

  it('rejects malformed input with exit 2', async () => {
    const b = await bodyFile('{}');
    expect((await bo(b.dir, ['events', 'verify', '--secret', SECRET, '--body-file', 'body.json', '--header', 'no colon here'])).stderr).toMatch(/expected "name: value"/);
    expect((await bo(b.dir, ['events', 'verify', '--secret', SECRET, '--body-file', 'missing.json'])).code).toBe(2);
    expect((await bo(b.dir, ['events', 'verify', '--secret', 'env:UNSET_SECRET', '--body-file', 'body.json'])).stderr).toMatch(/--secret: .*UNSET_SECRET is not set/);
    writeFileSync(path.join(b.dir, 'headers.json'), '[1, 2');
    expect((await bo(b.dir, ['events', 'verify', '--secret', SECRET, '--body-file', 'body.json', '--headers-file', 'headers.json'])).code).toBe(2);
    expect((await bo(b.dir, ['events', 'verify', '--body-file', 'body.json'])).code).toBe(2); // --secret is required
  });
});

describe('deliverOnce (for commands that just published events)', () => {
  const session = async (dir: string) => {
    const { Session } = await import('../../../src/cli/session.js');
    let stdout = '';
    const io = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stdout += text) }, env: ENV };
    return { session: new Session(io, dir, {}), printed: () => stdout };
  };

  it('delivers what is due, quietly', async () => {
    const { deliverOnce } = await import('../../../src/cli/commands/webhooks-run.js');
    const r = await receiver();
    const p = await project([{ id: 'frontend', url: r.url, secret: SECRET }]);
    await p.log.append([testEvent('backend.task.done', {}, 'once-1')]);
    const s = await session(p.dir);
    expect((await deliverOnce(s.session, { budgetMs: 5000 }))?.subscriptions[0]).toMatchObject({ delivered: 1 });
    expect(s.printed()).toBe('');
    const none = await project([]);
    expect(await deliverOnce((await session(none.dir)).session, { budgetMs: 5000 })).toBeUndefined();
  });

  it('stops at the budget without counting the attempt it cut short', async () => {
    const { deliverOnce } = await import('../../../src/cli/commands/webhooks-run.js');
    const r = await startReceiver({ secret: SECRET, now: Date.now, answer: () => 'hang' });
    cleanups.push(() => r.close());
    const p = await project([{ id: 'frontend', url: r.url, secret: SECRET }]);
    await p.log.append([testEvent('backend.task.done', {}, 'once-2')]);
    const started = Date.now();
    await deliverOnce((await session(p.dir)).session, { budgetMs: 200 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r.received.map((req) => req.id)).toEqual(['once-2']);
    expect(await p.store.read('frontend')).toMatchObject({ delivered: 0, pending: [{ eventId: 'once-2', attempts: 0 }], lease: null });
  });
});
