/**
 * Endpoints that are public on purpose: those the config's `publicEndpoints` allowlist names, and
 * credential endpoints (sign-in, sign-up, token, password reset, e-mail verification, OAuth
 * callbacks, webhooks), which cannot require the credentials they hand out.
 *
 * Allowlist patterns are `[METHOD ]PATH`:
 * - the method is optional (none, or `*`, means every method) and case-insensitive;
 * - the path is matched against the whole route path as the registry records it (prefixes and
 *   `/api/v1` included), segment by segment, ignoring a trailing slash;
 * - `{param}` and `:param` are the same and match any parameter segment, whatever its name;
 * - `*` matches any text inside one segment (`/files/*`, `/v*`); a `**` segment matches any number
 *   of segments, none included (`/public/**`, `/**\/health`).
 * Examples: `POST /api/v1/auth/login`, `/health`, `GET /api/v1/products/{id}`, `GET /api/v1/catalog/**`.
 */
import type { Endpoint } from '../../../registry/schema.js';
import type { CheckContext } from '../../types.js';

interface Pattern {
  method: string | undefined;
  segments: string[];
}

const PARAM = /^(\{[^}]*\}|:[A-Za-z_$][\w$]*[?*+]?)$/;

export function parsePattern(text: string): Pattern {
  const match = /^\s*(?:([A-Za-z]+|\*)\s+)?(\S+)\s*$/.exec(text);
  const method = match?.[1] && match[1] !== '*' ? match[1].toUpperCase() : undefined;
  return { method, segments: splitPath(match?.[2] ?? text) };
}

const splitPath = (path: string): string[] => path.split('/').filter((s) => s !== '');

/** Whether an allowlist pattern names this method and path (see the module comment for the syntax). */
export function matchesPattern(pattern: string | Pattern, method: string, path: string): boolean {
  const parsed = typeof pattern === 'string' ? parsePattern(pattern) : pattern;
  if (parsed.method && parsed.method !== method.toUpperCase()) return false;
  return matchSegments(parsed.segments, splitPath(path));
}

function matchSegments(pattern: readonly string[], path: readonly string[]): boolean {
  if (pattern.length === 0) return path.length === 0;
  const [head, ...rest] = pattern as [string, ...string[]];
  if (head === '**') return path.some((_, i) => matchSegments(rest, path.slice(i))) || matchSegments(rest, []);
  if (path.length === 0) return false;
  return matchSegment(head, path[0] as string) && matchSegments(rest, path.slice(1));
}

function matchSegment(pattern: string, segment: string): boolean {
  if (PARAM.test(pattern)) return PARAM.test(segment);
  if (!pattern.includes('*')) return pattern === segment;
  const regex = new RegExp(`^${pattern.split('*').map(escape).join('[^/]*')}$`);
  return regex.test(segment);
}

const escape = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** Whether the config's `publicEndpoints` lists the endpoint; the pattern that does, if any. */
export function allowlistedBy(context: CheckContext, endpoint: Pick<Endpoint, 'method' | 'path'>): string | undefined {
  const patterns = context.memo('policy:public-patterns', () => (context.config.publicEndpoints ?? []).map((text) => ({ text, parsed: parsePattern(text) })));
  return patterns.find((p) => matchesPattern(p.parsed, endpoint.method, endpoint.path))?.text;
}

/** Segments that only prefix an API (`/api`, `/v1`, `/rest`, `/public`). */
const PREFIX = /^(api|apis|rest|public|v\d+(\.\d+)?)$/i;

/** What a credential route is called (segment with `-`/`_` removed, lower case). */
const CREDENTIAL = new Set([
  'login', 'signin', 'logon', 'signup', 'register', 'registration', 'logout', 'signout', 'token', 'tokens', 'refresh',
  'refreshtoken', 'accesstoken', 'forgotpassword', 'resetpassword', 'passwordreset', 'forgot', 'reset', 'recover', 'recovery',
  'verify', 'verifyemail', 'verification', 'confirm', 'confirmemail', 'confirmation', 'activate', 'activation', 'resend',
  'resendverification', 'callback', 'oauth', 'oauth2', 'sso', 'saml', 'oidc', 'authorize', 'magiclink', 'passwordless',
  'otp', 'session', 'sessions', 'acs', 'jwks', 'wellknown',
]);
/** Segments a credential route may sit under (`/auth/login`, `/users/register`, `/account/password/reset`). */
const CONTEXT = new Set([
  'auth', 'authentication', 'oauth', 'oauth2', 'oidc', 'sso', 'saml', 'identity', 'account', 'accounts', 'user', 'users',
  'session', 'sessions', 'password', 'passwords', 'email', 'emails', 'mfa', '2fa', 'totp', 'otp', 'token', 'tokens', 'login',
  'signin', 'connect', 'providers', 'customer', 'customers', 'member', 'members',
]);
/** A segment right after one of these may name a provider (`/auth/{provider}/callback`, `/auth/google/callback`). */
const PARAM_AFTER = new Set(['auth', 'oauth', 'oauth2', 'sso', 'connect', 'providers', 'login', 'signin', 'oidc', 'saml']);
const ANCHOR = new Set(['auth', 'authentication', 'oauth', 'oauth2', 'oidc', 'sso', 'saml', 'identity']);

const normal = (segment: string) => segment.replace(/[-_.]/g, '').toLowerCase();

/**
 * A credential endpoint, told by its path: a credential word (`login`, `register`, `token`,
 * `reset-password`, `verify-email`, `callback`…) under nothing but auth-ish segments, so
 * `/auth/register` and `/users/login` are credential routes and `/events/{id}/register` is not.
 * Webhooks count wherever they are (their callers sign requests instead of logging in).
 */
export function isCredentialPath(path: string): boolean {
  const all = splitPath(path);
  if (all.some((s) => /webhook/i.test(s))) return true;
  // Whatever comes before an auth segment is a mount point (`/internal/auth/signup`, `/tenants/{id}/auth/login`).
  const anchor = all.map((s) => ANCHOR.has(normal(s))).lastIndexOf(true);
  const segments = anchor > 0 ? all.slice(anchor) : all;
  let previous: string | undefined;
  let providerSeen = false;
  for (const segment of segments) {
    const isParam = PARAM.test(segment);
    const word = normal(segment);
    if (!isParam && CREDENTIAL.has(word)) return true;
    // After `/auth` or `/oauth`, one segment may name the provider (`/auth/google/callback`, `/auth/{provider}`).
    const afterProvider = previous !== undefined && PARAM_AFTER.has(previous) && !providerSeen;
    const allowed = PREFIX.test(segment) || CONTEXT.has(word) || afterProvider;
    if (afterProvider && !CONTEXT.has(word)) providerSeen = true;
    if (!allowed) return false;
    previous = isParam ? '{}' : word;
  }
  return false;
}

/** A webhook route: public, but it should verify the sender's signature. */
export const isWebhookPath = (path: string): boolean => splitPath(path).some((s) => /webhook/i.test(s));

/** `/me`, `/users/me`, `/profile`: the caller's own resource, with no id to swap. */
export function isOwnResourcePath(path: string): boolean {
  const segments = splitPath(path);
  const own = segments.findIndex((s) => /^(me|self|current|mine|my|profile|myself)$/i.test(s));
  return own >= 0 && !segments.slice(own + 1).some((s) => PARAM.test(s));
}
