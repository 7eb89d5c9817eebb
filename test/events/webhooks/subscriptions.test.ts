import { describe, expect, it } from 'vitest';
import { decodeSecret } from '../../../src/events/webhooks/signature.js';
import { subscriptionsFromConfig } from '../../../src/events/webhooks/subscriptions.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('subscriptionsFromConfig', () => {
  it('gives each subscription an id (default: its URL) and its resolved key', () => {
    const targets = subscriptionsFromConfig(
      [
        { id: 'frontend', url: 'https://front.example/hooks', secret: 'env:FRONT', types: ['backend.api.*'] },
        { url: 'http://data.example/in', secret: SECRET },
      ],
      { FRONT: SECRET },
    );
    expect(targets).toEqual([
      { id: 'frontend', url: 'https://front.example/hooks', types: ['backend.api.*'], secret: decodeSecret(SECRET) },
      { id: 'http://data.example/in', url: 'http://data.example/in', secret: decodeSecret(SECRET) },
    ]);
    expect(subscriptionsFromConfig(undefined, {})).toEqual([]);
  });

  it('rejects two subscriptions with one id, a URL that is not http(s), and an unset secret, naming the entry', () => {
    const url = 'https://front.example/hooks';
    expect(() => subscriptionsFromConfig([{ url, secret: SECRET }, { url, secret: SECRET }], {})).toThrow(/events\.webhooks\[1\] \(https:\/\/front\.example\/hooks\): another subscription has the same id/);
    expect(() => subscriptionsFromConfig([{ url: '/relative', secret: SECRET }], {})).toThrow(/not an absolute URL/);
    expect(() => subscriptionsFromConfig([{ url: 'ftp://x.example/', secret: SECRET }], {})).toThrow(/must be http:\/\/ or https:\/\//);
    expect(() => subscriptionsFromConfig([{ id: 'f', url, secret: 'env:NOPE' }], {})).toThrow(/events\.webhooks\[0\] \(f\): .*NOPE is not set/);
  });
});

describe('dispatcherFromConfig', () => {
  it('builds the dispatcher of the configured subscriptions (or the chosen ones), none without any', async () => {
    const { dispatcherFromConfig } = await import('../../../src/events/webhooks/from-config.js');
    const { defaultConfig } = await import('../../../src/config/schema.js');
    const { MemoryEventLog } = await import('./memory-log.js');
    const { FileDeliveryStore } = await import('../../../src/events/webhooks/deliveries.js');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'bo-dispatch-config-'));
    try {
      const base = { log: new MemoryEventLog(), store: new FileDeliveryStore({ events: dir, locks: path.join(dir, 'locks') }), env: { FRONT: SECRET } };
      // An empty outbox: a pass delivers nothing and names each subscription it served.
      const served = async (dispatcher: { deliverDue(): Promise<{ subscriptions: { subscription: string }[] }> } | undefined) =>
        (await dispatcher?.deliverDue())?.subscriptions.map((s) => s.subscription);
      expect(dispatcherFromConfig({ ...base, config: defaultConfig() })).toBeUndefined();
      const config = {
        ...defaultConfig(),
        events: { webhooks: [{ id: 'frontend', url: 'https://front.example/hooks', secret: 'env:FRONT' }, { id: 'data', url: 'https://data.example/in', secret: SECRET }] },
      };
      expect(await served(dispatcherFromConfig({ ...base, config }))).toEqual(['frontend', 'data']);
      expect(await served(dispatcherFromConfig({ ...base, config, only: ['data'] }))).toEqual(['data']);
      expect(dispatcherFromConfig({ ...base, config, only: ['nobody'] })).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
