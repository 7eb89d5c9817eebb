import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileDeliveryStore, leaseHeldByOther, subscriptionSlug } from '../../../src/events/webhooks/deliveries.js';
import { emptyDeliveryState, takeIn } from '../../../src/events/webhooks/delivery-state.js';
import { stateLayout } from '../../../src/store/file/layout.js';
import { tempDir } from '../../helpers/tasks.js';
import { testEvent } from './memory-log.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function store() {
  const t = tempDir('bo-deliveries-');
  cleanup = t.cleanup;
  const layout = stateLayout(t.dir);
  return { layout, store: new FileDeliveryStore(layout) };
}

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const lease = (owner: string, nowMs = T0, ttlMs = 60_000) => ({ owner, nowMs, ttlMs });

function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', '0']);
    child.on('exit', () => resolve(child.pid as number));
  });
}

describe('subscriptionSlug', () => {
  it('keeps plain ids and turns URLs into distinct file names', () => {
    expect(subscriptionSlug('frontend')).toBe('frontend');
    const a = subscriptionSlug('https://hooks.example.com/a?x=1');
    const b = subscriptionSlug('https://hooks.example.com/a?x=2');
    expect(a).toMatch(/^hooks-example-com-a-x-1-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    expect(subscriptionSlug('Frontend')).not.toBe('frontend');
    expect(subscriptionSlug('../../etc')).not.toContain('/');
  });
});

describe('FileDeliveryStore', () => {
  it('starts empty and saves each change atomically as stable JSON under ai-state/events/deliveries', async () => {
    const { store: s, layout } = store();
    expect(await s.read('frontend')).toEqual(emptyDeliveryState('frontend'));
    expect(await s.list()).toEqual([]);
    const saved = await s.update('frontend', (state) => takeIn(state, [{ seq: 1, event: testEvent('backend.task.created', {}, 'e1') }], undefined, T0).state);
    expect(saved?.pending).toHaveLength(1);
    const file = path.join(layout.events, 'deliveries', 'frontend.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ subscription: 'frontend', cursor: 1, pending: [{ seq: 1, eventId: 'e1' }] });
    expect(readdirSync(path.dirname(file))).toEqual(['frontend.json']); // no temp file left behind
    expect((await s.list()).map((state) => state.subscription)).toEqual(['frontend']);
    expect(existsSync(path.join(layout.locks, 'delivery-frontend.lock'))).toBe(false);
  });

  it('gives the lease to one owner at a time until it is released or expires', async () => {
    const { store: s } = store();
    expect(await s.acquire('hook', lease('a'))).toBeDefined();
    expect(await s.acquire('hook', lease('b'))).toBeUndefined();
    expect(await s.acquire('hook', lease('a', T0 + 1000))).toBeDefined(); // the holder renews
    await s.release('hook', 'b'); // not b's to release
    expect(await s.acquire('hook', lease('b'))).toBeUndefined();
    expect(await s.acquire('hook', lease('b', T0 + 61_001))).toBeDefined(); // a's renewed lease ran out
    await s.release('hook', 'b');
    expect((await s.read('hook')).lease).toBeNull();
    expect(await s.acquire('hook', lease('a'))).toBeDefined();
  });

  it('saves a leased change only while the lease is still the owner\'s', async () => {
    const { store: s } = store();
    await s.acquire('hook', lease('a'));
    expect(await s.update('hook', (state) => ({ ...state, delivered: 1 }), lease('a'))).toMatchObject({ delivered: 1 });
    await s.acquire('hook', lease('b', T0 + 120_000));
    expect(await s.update('hook', (state) => ({ ...state, delivered: 99 }), lease('a'))).toBeUndefined();
    expect((await s.read('hook')).delivered).toBe(1);
  });

  it('takes over at once from a holder whose process died on this host', async () => {
    const { store: s, layout } = store();
    const pid = await deadPid();
    const file = path.join(layout.events, 'deliveries', 'hook.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ ...emptyDeliveryState('hook'), lease: { owner: 'crashed', pid, host: hostname(), expiresAt: new Date(T0 + 3_600_000).toISOString() } }));
    expect(await s.acquire('hook', lease('b'))).toMatchObject({ lease: { owner: 'b', pid: process.pid } });
  });

  it('leaseHeldByOther: a live holder on another host counts until it expires', () => {
    const remote = { owner: 'x', pid: 1, host: 'elsewhere', expiresAt: new Date(T0 + 1000).toISOString() };
    expect(leaseHeldByOther(remote, 'me', T0)).toBe(true);
    expect(leaseHeldByOther(remote, 'me', T0 + 1000)).toBe(false);
    expect(leaseHeldByOther(remote, 'x', T0)).toBe(false);
    expect(leaseHeldByOther({ ...remote, host: hostname() }, 'me', T0, () => false)).toBe(false);
    expect(leaseHeldByOther(null, 'me', T0)).toBe(false);
  });

  it('reports a damaged state file with its path and position, and a file of another subscription', async () => {
    const { store: s, layout } = store();
    const dir = path.join(layout.events, 'deliveries');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'hook.json'), '{"subscription": "hook",\n  "cursor": }');
    await expect(s.read('hook')).rejects.toThrow(/hook\.json:2:\d+/);
    writeFileSync(path.join(dir, 'hook.json'), JSON.stringify({ ...emptyDeliveryState('hook'), cursor: -1 }));
    await expect(s.read('hook')).rejects.toMatchObject({ code: 'BO_ERR_STATE_CORRUPT', message: expect.stringMatching(/cursor/) });
    writeFileSync(path.join(dir, 'hook.json'), JSON.stringify(emptyDeliveryState('other')));
    await expect(s.read('hook')).rejects.toThrow(/holds the deliveries of "other"/);
  });
});
