/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/): the sender signs
 * `{webhook-id}.{webhook-timestamp}.{body}` with HMAC-SHA256 and sends `v1,<base64>`; the receiver
 * recomputes it in constant time and rejects timestamps too far from its clock (replays).
 * Secrets are `whsec_<base64 key>`; in the config they may also be `env:NAME`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BoError } from '../../core/errors.js';

export const SECRET_PREFIX = 'whsec_';
export const ENV_SECRET_PREFIX = 'env:';
export const SIGNATURE_VERSION = 'v1';
/** Five minutes either way, as the spec says and the reference libraries do. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

/** A secret as configured (`whsec_…`, or bare base64 as the reference libraries accept), or the key bytes. */
export type WebhookSecret = string | Uint8Array;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The key bytes of a `whsec_<base64>` secret (the prefix is optional, as in the reference libraries). */
export function decodeSecret(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const unpadded = encoded.replace(/=+$/, '');
  if (!BASE64.test(encoded) || unpadded.length % 4 === 1) {
    throw new BoError('BO_ERR_CONFIG_INVALID', `webhook secret is not "${SECRET_PREFIX}<base64 key>" (a Standard Webhooks secret, e.g. ${SECRET_PREFIX}MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw)`);
  }
  return Buffer.from(encoded, 'base64');
}

/**
 * The key bytes of a configured secret: `env:NAME` reads the environment variable NAME (which
 * must be set), then the value is decoded as `whsec_<base64>`.
 */
export function resolveSecret(secret: string, env: Record<string, string | undefined>): Buffer {
  if (!secret.startsWith(ENV_SECRET_PREFIX)) return decodeSecret(secret);
  const name = secret.slice(ENV_SECRET_PREFIX.length);
  if (name === '') throw new BoError('BO_ERR_CONFIG_INVALID', `webhook secret "${secret}": name the environment variable after "env:" (e.g. env:WEBHOOK_SECRET)`);
  const value = env[name];
  if (value === undefined || value === '') {
    throw new BoError('BO_ERR_CONFIG_INVALID', `webhook secret ${secret}: the environment variable ${name} is not set (set it to the ${SECRET_PREFIX}… secret)`);
  }
  try {
    return decodeSecret(value);
  } catch (error) {
    throw new BoError('BO_ERR_CONFIG_INVALID', `webhook secret ${secret}: ${(error as Error).message}`);
  }
}

const keyOf = (secret: WebhookSecret): Buffer => (typeof secret === 'string' ? decodeSecret(secret) : Buffer.from(secret));

const bytesOf = (body: string | Uint8Array): Buffer => (typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body));

function hmac(key: Buffer, id: string, timestamp: string, body: Buffer): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
}

export interface SignInput {
  id: string;
  /** Unix time in seconds. */
  timestamp: number;
  body: string | Uint8Array;
  secret: WebhookSecret;
}

/** The three headers to send with a delivery. */
export function signWebhook(input: SignInput): WebhookHeaders {
  if (!Number.isSafeInteger(input.timestamp) || input.timestamp < 0) {
    throw new BoError('BO_ERR_INPUT_INVALID', `webhook timestamp ${input.timestamp}: expected whole unix seconds`);
  }
  const timestamp = String(input.timestamp);
  const signature = hmac(keyOf(input.secret), input.id, timestamp, bytesOf(input.body)).toString('base64');
  return { 'webhook-id': input.id, 'webhook-timestamp': timestamp, 'webhook-signature': `${SIGNATURE_VERSION},${signature}` };
}

export type VerifyFailure = 'missing_header' | 'bad_timestamp' | 'timestamp_too_old' | 'timestamp_too_new' | 'no_matching_signature';

export type VerifyResult = { ok: true } | { ok: false; code: VerifyFailure; reason: string };

/** Headers as a fetch `Headers`, or a plain object (node:http's `req.headers`), names in any case. */
export type IncomingHeaders = Headers | Record<string, string | readonly string[] | undefined>;

export interface VerifyInput {
  headers: IncomingHeaders;
  /** The raw body exactly as received: re-serialised JSON would not match. */
  body: string | Uint8Array;
  secret: WebhookSecret;
  toleranceSeconds?: number;
  /** The time to check against (default: now); a number is milliseconds since the epoch. */
  now?: Date | number;
}

function header(headers: IncomingHeaders, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers as Record<string, string | readonly string[] | undefined>)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    return typeof value === 'string' ? value : value.join(' ');
  }
  return undefined;
}

const fail = (code: VerifyFailure, reason: string): VerifyResult => ({ ok: false, code, reason });

/** Checks a received webhook: headers present, timestamp within tolerance, one `v1` signature matching. */
export function verifyWebhook(input: VerifyInput): VerifyResult {
  const id = header(input.headers, 'webhook-id');
  const timestamp = header(input.headers, 'webhook-timestamp');
  const signatures = header(input.headers, 'webhook-signature');
  const missing = [['webhook-id', id], ['webhook-timestamp', timestamp], ['webhook-signature', signatures]].filter(([, value]) => !value).map(([name]) => name);
  if (missing.length > 0 || !id || !timestamp || !signatures) return fail('missing_header', `missing header ${missing.join(', ')}`);

  if (!/^\d{1,15}$/.test(timestamp.trim())) return fail('bad_timestamp', `webhook-timestamp "${timestamp}" is not unix seconds`);
  const sentAt = Number(timestamp.trim());
  const nowMs = input.now === undefined ? Date.now() : typeof input.now === 'number' ? input.now : input.now.getTime();
  const nowSeconds = Math.floor(nowMs / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (sentAt < nowSeconds - tolerance) return fail('timestamp_too_old', `webhook-timestamp ${sentAt} is ${nowSeconds - sentAt}s old (more than ${tolerance}s): a replay, or the clocks disagree`);
  if (sentAt > nowSeconds + tolerance) return fail('timestamp_too_new', `webhook-timestamp ${sentAt} is ${sentAt - nowSeconds}s in the future (more than ${tolerance}s): the clocks disagree`);

  const expected = hmac(keyOf(input.secret), id, timestamp.trim(), bytesOf(input.body));
  // Every candidate is compared (no early exit on the first match) so the time taken does not
  // depend on which one matched.
  let matched = false;
  for (const candidate of signatures.split(' ')) {
    const [version, value] = splitOnce(candidate, ',');
    if (version !== SIGNATURE_VERSION || !value) continue;
    const given = Buffer.from(value, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched ? { ok: true } : fail('no_matching_signature', 'no v1 signature in webhook-signature matches the body and the secret');
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
