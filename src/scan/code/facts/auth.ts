/**
 * Auth from names. Middleware, guards and hooks that authenticate are, in ordinary code, named for
 * it (`requireAuth`, `passport.authenticate('jwt')`, `JwtAuthGuard`, `auth.optional`), so the words
 * of a name decide; the call's arguments refine it (`passport.authenticate(['jwt', 'anonymous'])` is
 * optional, `expressjwt({ credentialsRequired: false })` too). The order of checks matters: a
 * limiter for the login route (`authLimiter`) or a validator for it (`authValidation.login`) is not
 * auth, and a role check (`requireRole('admin')`) implies a signed-in user.
 */
import type { Node } from 'oxc-parser';
import type { Endpoint } from '../../../registry/schema.js';
import { memberPath, objectProperty, stringLiteral, unwrap } from '../ast.js';
import { bareName, nameWords } from './names.js';

/** What one middleware or guard does to auth; 'public' is an explicit opt-out (`@Public()`). */
export type AuthEffect = 'required' | 'optional' | 'role' | 'public';

const NOT_AUTH = new Set([
  'router', 'routes', 'route', 'controller', 'controllers', 'handler', 'handlers', 'limiter', 'limit', 'ratelimit', 'rate',
  'throttle', 'throttler', 'callback', 'cors', 'csrf', 'logger', 'log', 'logging', 'helmet', 'initialize', 'serialize',
  'deserialize', 'test', 'mock', 'error', 'errors',
]);
const VALIDATION = new Set(['validation', 'validations', 'validator', 'validators', 'schema', 'schemas', 'dto', 'sanitize', 'sanitizer']);
const STRONG = new Set(['jwt', 'token', 'tokens', 'bearer', 'apikey']);
const OPTIONAL = new Set(['optional', 'optionally', 'maybe', 'soft', 'anonymous', 'anon', 'passthrough']);
const ROLE = new Set([
  'role', 'roles', 'permission', 'permissions', 'permit', 'authorize', 'authorized', 'authorization', 'authorise', 'rbac', 'acl',
  'scope', 'scopes', 'admin', 'admins', 'owner', 'ownership', 'policy', 'policies', 'privilege', 'privileges', 'access',
  'ability', 'abilities', 'superuser', 'moderator', 'grant', 'perm', 'perms', 'entitlement', 'entitlements',
]);
const AUTH = new Set([
  'authenticate', 'authenticated', 'authentication', 'authn', 'jwt', 'bearer', 'protect', 'protected', 'guard', 'guarded',
  'logged', 'signedin', 'oauth', 'oauth2', 'oidc', 'sso', 'clerk', 'cognito', 'apikey', 'firebase',
]);
const VERBS = new Set(['require', 'required', 'requires', 'ensure', 'verify', 'check', 'validate', 'must', 'is', 'has', 'needs', 'with']);
/** `requireUser`, `isLoggedIn` guard; `validateUser`, `validateLogin`, `checkUser` may just check input. */
const GUARD_VERBS = new Set(['require', 'required', 'requires', 'ensure', 'must', 'needs', 'is', 'verify']);
/** Attach the user if a credential is present, never reject: optional auth. */
const USER_LOADERS = ['current user', 'load user', 'attach user', 'attach current user', 'populate user', 'extract user', 'identify user'];
/** Words of guards that run a login flow (`LocalAuthGuard`, `GoogleOAuthGuard`): the route signs users in. */
const LOGIN_WORDS = new Set(['local', 'google', 'github', 'facebook', 'twitter', 'saml', 'discord', 'linkedin', 'gitlab', 'apple', 'microsoft']);
/** Passport strategies that run a login flow (the route is where users sign in), not a protection. */
const LOGIN_STRATEGIES = new Set(['local', 'google', 'github', 'facebook', 'twitter', 'saml', 'openidconnect', 'google-oauth20', 'microsoft', 'apple', 'discord', 'linkedin', 'gitlab', 'oauth2', 'auth0']);

const classified = new Map<string, AuthEffect | undefined>();

/** The auth effect a middleware/guard name implies, if any. */
export function classifyAuthName(name: string): AuthEffect | undefined {
  if (classified.has(name)) return classified.get(name);
  const effect = classify(name);
  classified.set(name, effect);
  return effect;
}

function classify(name: string): AuthEffect | undefined {
  const words = nameWords(bareName(name));
  const joined = words.join(' ');
  const set = new Set(words);
  if (words.some((w) => NOT_AUTH.has(w) || LOGIN_WORDS.has(w))) return undefined;
  if (joined.includes('api key')) set.add('apikey');
  const strong = [...set].some((w) => STRONG.has(w) || w.endsWith('jwt'));
  if (!strong && words.some((w) => VALIDATION.has(w))) return undefined;
  const authish = strong || [...set].some((w) => AUTH.has(w) || (w.startsWith('auth') && !w.startsWith('author')) || w.endsWith('jwt'));
  const userish = set.has('user') && words.some((w) => GUARD_VERBS.has(w));
  const loginish = set.has('login') && words.some((w) => GUARD_VERBS.has(w));
  if (words.some((w) => OPTIONAL.has(w)) && (authish || userish || words.length === 1 || set.has('optional'))) return 'optional';
  if (USER_LOADERS.some((phrase) => joined.endsWith(phrase))) return 'optional';
  // Clerk's `clerkMiddleware()`/`ClerkExpressWithAuth()` attach the session but never reject; `requireAuth()` does.
  if (joined === 'clerk middleware' || (joined.endsWith('with auth') && set.has('clerk'))) return 'optional';
  // CASL-style `can('update', 'Post')` is a permission check too.
  if (words.some((w) => ROLE.has(w)) || joined === 'can' || joined === 'cannot') return 'role';
  if (authish || userish || loginish || set.has('token')) return 'required';
  if (set.has('session') && words.some((w) => VERBS.has(w))) return 'required';
  return undefined;
}

/** Explicit opt-outs of auth (`@Public()`, `@SkipAuth()`, `@AllowAnonymous()`). */
export function isPublicMarker(name: string): boolean {
  const joined = nameWords(bareName(name)).join('');
  return ['public', 'ispublic', 'publicroute', 'skipauth', 'noauth', 'allowanonymous', 'anonymous', 'allowunauthenticated', 'unprotected'].includes(joined);
}

/**
 * The effect of a middleware call such as `passport.authenticate('jwt', { session: false })`, given
 * the effect its name implies: arguments can make it optional or a login flow (no protection).
 */
export function refineAuthCall(effect: AuthEffect | undefined, call: Node): AuthEffect | undefined {
  const node = unwrap(call);
  if (node.type !== 'CallExpression' || !effect) return effect;
  const callee = memberPath(node.callee) ?? '';
  const strategies = node.arguments.flatMap((arg) => strings(arg as Node));
  if (/(^|\.)authenticate$/.test(callee) && strategies.length) {
    if (strategies.includes('anonymous')) return 'optional';
    if (strategies.every((s) => LOGIN_STRATEGIES.has(s))) return undefined;
  }
  for (const arg of node.arguments) {
    const options = unwrap(arg as Node);
    if (options.type !== 'ObjectExpression') continue;
    const flag = (key: string) => {
      const value = objectProperty(options, key);
      const inner = value && unwrap(value);
      return inner?.type === 'Literal' && typeof inner.value === 'boolean' ? inner.value : undefined;
    };
    if (flag('credentialsRequired') === false || flag('required') === false || flag('authRequired') === false) return 'optional';
    if (flag('optional') === true || flag('passthrough') === true) return 'optional';
  }
  return effect;
}

/** One entry of an effective middleware chain, as the auth decision reads it. */
export interface AuthEntry {
  name: string;
  effect: AuthEffect | 'unknown' | undefined;
}

/**
 * The endpoint's auth from its whole chain, in order: any required/role entry makes it required
 * (those names decide), else any optional entry makes it optional, else an entry that could not be
 * resolved makes it unknown, else none. A 'public' marker overrides everything before it.
 */
export function decideAuth(entries: readonly AuthEntry[]): Pick<Endpoint, 'auth' | 'authBy'> {
  const lastPublic = entries.map((e) => e.effect).lastIndexOf('public');
  const live = lastPublic >= 0 ? entries.slice(lastPublic + 1) : entries;
  const names = (effects: (AuthEntry['effect'])[]) => [...new Set(live.filter((e) => effects.includes(e.effect)).map((e) => e.name))];
  const required = names(['required', 'role']);
  if (required.length) return { auth: 'required', authBy: required };
  const optional = names(['optional']);
  if (optional.length) return { auth: 'optional', authBy: optional };
  if (live.some((e) => e.effect === 'unknown')) return { auth: 'unknown', authBy: [] };
  return { auth: 'none', authBy: [] };
}

function strings(arg: Node): string[] {
  const value = stringLiteral(arg);
  if (value !== undefined) return [value];
  const node = unwrap(arg);
  return node.type === 'ArrayExpression' ? node.elements.flatMap((e) => (e ? strings(e as Node) : [])) : [];
}
