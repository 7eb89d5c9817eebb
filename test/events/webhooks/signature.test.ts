import { describe, expect, it } from 'vitest';
import { BoError } from '../../../src/core/errors.js';
import { decodeSecret, resolveSecret, signWebhook, verifyWebhook } from '../../../src/events/webhooks/signature.js';

// The test vector published with the Standard Webhooks reference libraries.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const AT_VECTOR_TIME = VECTOR.timestamp * 1000;
const vectorHeaders = (overrides: Record<string, string | undefined> = {}) => ({
  'webhook-id': VECTOR.id,
  'webhook-timestamp': String(VECTOR.timestamp),
  'webhook-signature': VECTOR.signature,
  ...overrides,
});

describe('signWebhook', () => {
  it('reproduces the Standard Webhooks test vector', () => {
    expect(signWebhook({ id: VECTOR.id, timestamp: VECTOR.timestamp, body: VECTOR.body, secret: VECTOR.secret })).toEqual({
      'webhook-id': VECTOR.id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': VECTOR.signature,
    });
  });

  it('signs the same with key bytes, bytes of the body, or the secret without its prefix', () => {
    const key = decodeSecret(VECTOR.secret);
    expect(signWebhook({ ...VECTOR, secret: key })['webhook-signature']).toBe(VECTOR.signature);
    expect(signWebhook({ ...VECTOR, body: Buffer.from(VECTOR.body) })['webhook-signature']).toBe(VECTOR.signature);
    expect(signWebhook({ ...VECTOR, secret: VECTOR.secret.slice('whsec_'.length) })['webhook-signature']).toBe(VECTOR.signature);
  });

  it('rejects a timestamp that is not whole seconds', () => {
    expect(() => signWebhook({ ...VECTOR, timestamp: 1614265330.5 })).toThrow(/whole unix seconds/);
  });
});

describe('verifyWebhook', () => {
  it('accepts the test vector at its time, and within the tolerance either side', () => {
    expect(verifyWebhook({ headers: vectorHeaders(), body: VECTOR.body, secret: VECTOR.secret, now: AT_VECTOR_TIME })).toEqual({ ok: true });
    expect(verifyWebhook({ headers: vectorHeaders(), body: VECTOR.body, secret: VECTOR.secret, now: AT_VECTOR_TIME + 300_000 }).ok).toBe(true);
    expect(verifyWebhook({ headers: vectorHeaders(), body: VECTOR.body, secret: VECTOR.secret, now: new Date(AT_VECTOR_TIME - 300_000) }).ok).toBe(true);
  });

  it('round-trips what signWebhook produced for a fresh message', () => {
    const body = JSON.stringify({ specversion: '1.0', id: 'e1', type: 'backend.api.ready', data: { endpoint: '/api/ünïcode' } });
    const headers = signWebhook({ id: 'e1', timestamp: Math.floor(Date.now() / 1000), body, secret: VECTOR.secret });
    expect(verifyWebhook({ headers, body, secret: VECTOR.secret })).toEqual({ ok: true });
  });

  it('rejects a tampered body', () => {
    const result = verifyWebhook({ headers: vectorHeaders(), body: '{"test": 2432232315}', secret: VECTOR.secret, now: AT_VECTOR_TIME });
    expect(result).toMatchObject({ ok: false, code: 'no_matching_signature' });
  });

  it('rejects the wrong secret', () => {
    const result = verifyWebhook({ headers: vectorHeaders(), body: VECTOR.body, secret: 'whsec_' + Buffer.from('another key, 24 bytes!!!').toString('base64'), now: AT_VECTOR_TIME });
    expect(result).toMatchObject({ ok: false, code: 'no_matching_signature' });
  });

  it('rejects a timestamp more than five minutes old or ahead (replays, skewed clocks)', () => {
    const old = verifyWebhook({ headers: vectorHeaders(), body: VECTOR.body, secret: VECTOR.secret, now: AT_VECTOR_TIME + 301_000 });
    expect(old).toMatchObject({ ok: false, code: 'timestamp_too_old' });
    if (!old.ok) expect(old.reason).toMatch(/301s old/);
    const ahead = verifyWebhook({ headers: vectorHeaders(), body: VECTOR.body, secret: VECTOR.secret, now: AT_VECTOR_TIME - 301_000 });
    expect(ahead).toMatchObject({ ok: false, code: 'timestamp_too_new' });
    const wider = verifyWebhook({ headers: vectorHeaders(), body: VECTOR.body, secret: VECTOR.secret, now: AT_VECTOR_TIME + 301_000, toleranceSeconds: 600 });
    expect(wider.ok).toBe(true);
  });

  it('accepts a header with several signatures when one matches, and ignores other versions', () => {
    const several = vectorHeaders({ 'webhook-signature': `v1,bm9wZQ== v1a,${VECTOR.signature.slice(3)} ${VECTOR.signature}` });
    expect(verifyWebhook({ headers: several, body: VECTOR.body, secret: VECTOR.secret, now: AT_VECTOR_TIME }).ok).toBe(true);
    // The right bytes under another version label are not a v1 signature.
    const wrongVersion = vectorHeaders({ 'webhook-signature': `v2,${VECTOR.signature.slice(3)} v1,bm9wZQ==` });
    expect(verifyWebhook({ headers: wrongVersion, body: VECTOR.body, secret: VECTOR.secret, now: AT_VECTOR_TIME })).toMatchObject({ ok: false, code: 'no_matching_signature' });
  });

  it('reports missing headers by name and an unparsable timestamp', () => {
    const missing = verifyWebhook({ headers: vectorHeaders({ 'webhook-id': undefined, 'webhook-signature': '' }), body: VECTOR.body, secret: VECTOR.secret, now: AT_VECTOR_TIME });
    expect(missing).toEqual({ ok: false, code: 'missing_header', reason: 'missing header webhook-id, webhook-signature' });
    const bad = verifyWebhook({ headers: vectorHeaders({ 'webhook-timestamp': '2021-02-25T15:02:10Z' }), body: VECTOR.body, secret: VECTOR.secret, now: AT_VECTOR_TIME });
    expect(bad).toMatchObject({ ok: false, code: 'bad_timestamp' });
  });

  it('reads headers in any case, from a fetch Headers object or node:http arrays', () => {
    const upper = { 'Webhook-Id': VECTOR.id, 'WEBHOOK-TIMESTAMP': String(VECTOR.timestamp), 'Webhook-Signature': [VECTOR.signature] };
    expect(verifyWebhook({ headers: upper, body: VECTOR.body, secret: VECTOR.secret, now: AT_VECTOR_TIME }).ok).toBe(true);
    expect(verifyWebhook({ headers: new Headers(vectorHeaders() as Record<string, string>), body: VECTOR.body, secret: VECTOR.secret, now: AT_VECTOR_TIME }).ok).toBe(true);
    expect(verifyWebhook({ headers: new Headers(), body: VECTOR.body, secret: VECTOR.secret, now: AT_VECTOR_TIME })).toMatchObject({ ok: false, code: 'missing_header' });
  });
});

describe('resolveSecret', () => {
  it('decodes whsec_ secrets and reads env:NAME from the environment', () => {
    expect(resolveSecret(VECTOR.secret, {})).toEqual(Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64'));
    expect(resolveSecret('env:HOOK_SECRET', { HOOK_SECRET: VECTOR.secret })).toEqual(decodeSecret(VECTOR.secret));
  });

  it('says which variable to set when env:NAME is unset or empty', () => {
    expect(() => resolveSecret('env:HOOK_SECRET', {})).toThrow(/environment variable HOOK_SECRET is not set/);
    expect(() => resolveSecret('env:HOOK_SECRET', { HOOK_SECRET: '' })).toThrow(BoError);
    expect(() => resolveSecret('env:', {})).toThrow(/name the environment variable/);
  });

  it('rejects a secret that is not base64, naming the expected form', () => {
    expect(() => resolveSecret('whsec_not base64!', {})).toThrow(/whsec_<base64 key>/);
    expect(() => resolveSecret('env:HOOK_SECRET', { HOOK_SECRET: 'plain text' })).toThrow(/env:HOOK_SECRET: .*whsec_<base64 key>/);
    expect(() => decodeSecret('whsec_')).toThrow(BoError);
    expect(() => decodeSecret('whsec_abcde')).toThrow(BoError);
  });
});
