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
