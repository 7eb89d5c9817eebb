/**
 * What a secret looks like in code: well-known credential formats (AWS, Stripe, GitHub, Slack,
 * Google, SendGrid, npm keys, private key blocks, JWTs, URLs with a password), and names that hold
 * one (`jwtSecret`, `apiKey`, `DB_PASSWORD`, `clientSecret`), with the values that are not secrets
 * (labels, messages, env var names, templates) told apart.
 */
import { nameWords } from '../../../scan/code/facts/names.js';
import type { Severity } from '../../types.js';

export interface KnownFormat {
  kind: string;
  pattern: RegExp;
  severity: Severity;
}

/** Credential formats that are secrets whatever they are assigned to. */
export const KNOWN_FORMATS: readonly KnownFormat[] = [
  { kind: 'AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/, severity: 'error' },
  { kind: 'Stripe live secret key', pattern: /\b(sk|rk)_live_[0-9A-Za-z]{16,}\b/, severity: 'error' },
  { kind: 'Stripe test secret key', pattern: /\b(sk|rk)_test_[0-9A-Za-z]{16,}\b/, severity: 'warning' },
  { kind: 'GitHub token', pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/, severity: 'error' },
  { kind: 'Slack token', pattern: /\bxox[baprse]-[A-Za-z0-9-]{10,}\b/, severity: 'error' },
  { kind: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/, severity: 'error' },
  { kind: 'SendGrid API key', pattern: /\bSG\.[\w-]{22}\.[\w-]{43}\b/, severity: 'error' },
  { kind: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/, severity: 'error' },
  { kind: 'private key', pattern: /-----BEGIN (RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY( BLOCK)?-----/, severity: 'error' },
  { kind: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, severity: 'warning' },
];

/** Documentation examples of the formats above (AWS's own sample key). */
const DOC_EXAMPLES = /EXAMPLE|AKIAIOSFODNN7|wJalrXUtnFEMI/;

export function knownFormat(value: string): KnownFormat | undefined {
  if (DOC_EXAMPLES.test(value)) return undefined;
  return KNOWN_FORMATS.find((f) => f.pattern.test(value));
}

/** `postgres://app:s3cr3t@db.example.com/app`: a URL with a password in it, to a host that is not local. */
export function urlPassword(value: string): string | undefined {
  const match = /\b[a-z][a-z0-9+.-]*:\/\/([^\s:@/]+):([^\s@/]+)@([^\s:/?#]+)/i.exec(value);
  if (!match) return undefined;
  const [, , password, host] = match as unknown as [string, string, string, string];
  if (/^\$\{|^<|^\*+$|^x+$|^\{\{|^%/.test(password) || isLocalHost(host)) return undefined;
  return password;
}

/** Hosts of a developer's machine or a private network (a compose service name has no dot). */
export function isLocalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '0.0.0.0' || h === '::1' || h === 'host.docker.internal') return true;
  if (/^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(h)) return true;
  if (!h.includes('.')) return true;
  return /\.(local|localhost|internal|test|example|invalid)$/.test(h) || /(^|\.)example\.(com|org|net)$/.test(h);
}

const SECRET_JOINED = /(secret|password|passwd|pwd|passphrase|apikey|privatekey|accesskey|secretkey|signingkey|encryptionkey|masterkey|authtoken|accesstoken|apitoken|bearertoken|bottoken|refreshtoken|sessionkey|webhooksecret|dbpass)/;
const NOT_SECRET = new Set([
  'type', 'name', 'field', 'header', 'label', 'placeholder', 'message', 'msg', 'error', 'hint', 'url', 'uri', 'path', 'route', 'endpoint', 'prefix',
  'suffix', 'length', 'min', 'max', 'expires', 'expiry', 'expiration', 'ttl', 'lifetime', 'age', 'regex', 'pattern', 'env', 'var', 'variable', 'param',
  'query', 'cookie', 'storage', 'id', 'policy', 'format', 'version', 'count', 'limit', 'timeout', 'mode', 'strategy', 'algorithm', 'alg', 'issuer',
  'audience', 'scope', 'kind', 'location', 'file', 'filename', 'dir', 'enabled', 'required', 'rounds', 'hash', 'hashed', 'event', 'action', 'column',
  'attribute', 'prop', 'selector', 'property', 'changed', 'at', 'confirm', 'input', 'visible', 'show', 'icon', 'link', 'sent', 'flow', 'grant',
  'validity', 'status', 'state', 'schema', 'reset', 'forgot', 'ref', 'arn', 'source', 'provider', 'store', 'manager', 'rotation',
  'strength', 'rule', 'rules', 'title', 'description', 'text', 'help', 'test', 'regexp', 'mask', 'masked', 'salt', 'digest',
]);

/** A name that holds a secret: `jwtSecret`, `API_KEY`, `dbPassword`, `clientSecret`, `accessToken`. */
export function isSecretName(name: string): boolean {
  if (!/secret|pass|pwd|key|token/i.test(name)) return false;
  const words = nameWords(name);
  if (words.length === 0 || words.some((w) => NOT_SECRET.has(w))) return false;
  const joined = words.join('');
  if (SECRET_JOINED.test(joined)) return true;
  const last = words[words.length - 1];
  return last === 'token' && words.length > 1 && !['csrf', 'xsrf', 'next', 'page', 'continuation', 'cancel', 'cancellation', 'sync'].includes(words[0] as string);
}

/** Values that are not secrets even under a secret name: messages, labels, env var names, templates, empty. */
export function isNonSecretValue(value: string, name: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < 4) return true;
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(trimmed)) return true; // an env var's name
  if (/^(<.*>|\{\{.*\}\}|\$\{.*\}|%.+%|\*+|x+|X+|\.+|-+|_+)$/.test(trimmed)) return true;
  if (/^(https?:|\/|\.\/|\.\.\/|~\/)/.test(trimmed) && !urlPassword(trimmed)) return true;
  if (/\s/.test(trimmed)) {
    const words = trimmed.split(/\s+/);
    if (words.length >= 3 || /[.!?:)]$/.test(trimmed) || /\b(secret|password|passwords|token|tokens|key|keys)\b/i.test(trimmed)) return true;
  }
  // `{ password: 'password' }` maps a form or column name; `{ secret: 'secret' }` is a (bad) secret.
  const same = trimmed.replace(/[\s_-]/g, '').toLowerCase() === name.replace(/[\s_-]/g, '').toLowerCase();
  if (same && /pass|pwd/i.test(name)) return true;
  if (/^[a-z]+(_[a-z]+)+$/.test(trimmed) && /_(hash|digest|hashed)$|^(hashed|encrypted)_/.test(trimmed)) return true; // a column name
  // The name of a field, header or storage key (`authToken`, `x-api-key`), or a type (`'string|min:8'`).
  if (/^[a-z]+([A-Z][a-z0-9]*)+$/.test(trimmed) && /secret|password|token|key/i.test(trimmed)) return true;
  if (/^x-[a-z0-9-]+$/i.test(trimmed)) return true;
  if (/^(string|number|boolean|text|varchar|char|uuid|email|date|any|object|password)(\(\d+\))?(\||$)/i.test(trimmed)) return true;
  if (/^[A-Z][a-z]+( [A-Za-z][a-z]+)*$/.test(trimmed)) return true; // a label: 'Password', 'Secret key'
  return false;
}

/** Values written for development only: a fallback like this is a default for local runs. */
export const isDevValue = (value: string): boolean =>
  /(^|[^a-z])(dev|development|local|localhost|test|testing|example|sample|dummy|insecure|not-?for-?prod(uction)?|do-?not-?use|changeme|change-?me|replace-?me|placeholder|default)([^a-z]|$)/i.test(value);
