/**
 * What sec/authn-required says about one endpoint: an unauthenticated (or optionally
 * authenticated) mutation with the siblings that are protected, a public read of a resource whose
 * other reads are protected, an unverified webhook, and a chain it could not read.
 */
import type { CodeEndpoint } from '../../support/endpoints.js';
import type { CheckContext, FindingInput } from '../../types.js';
import { functionHas, reachableFunctions, sourceOf } from './reach.js';
import { mutatingSiblings, protectedReadsOfSameResource, resourceSegments } from './resources.js';
import { andList } from './text.js';

const USER_COLLECTION = /^(users?|accounts?|members?|customers?|signups?|registrations?)$/i;
const label = (e: CodeEndpoint) => `${e.endpoint.method} ${e.endpoint.path}`;
const guards = (e: CodeEndpoint) => e.endpoint.authBy.join(', ');
const allowlistHint = (e: CodeEndpoint) => `list "${e.endpoint.method} ${e.endpoint.path}" in publicEndpoints in the config`;

/** `POST /users` that takes a password: the REST way to sign up (RealWorld's `POST /api/users`). */
export function isSignUp(context: CheckContext, { endpoint }: CodeEndpoint): boolean {
  if (endpoint.method !== 'POST' || endpoint.auth !== 'none' || !USER_COLLECTION.test(resourceSegments(endpoint.path).join('/'))) return false;
  if (endpoint.params.body.some((name) => /pass(word)?|pwd/i.test(name))) return true;
  return reachableFunctions(context, endpoint).some((target) => functionHas(target, 'mentions-password', (t) => /password/i.test(sourceOf(t))));
}

export function mutationFinding(all: readonly CodeEndpoint[], entry: CodeEndpoint): FindingInput {
  const siblings = mutatingSiblings(all, entry, (e) => e.endpoint.auth === 'required');
  const optional = entry.endpoint.auth === 'optional';
  const what = optional ? `only optional authentication (${guards(entry)}): anonymous callers get through` : 'no authentication: no auth middleware, guard or hook runs before its handler';
  const one = siblings.length === 1;
  const contrast = siblings.length ? `, while ${one ? 'its sibling' : 'its siblings'} ${andList(siblings.map(label))} ${one ? 'requires' : 'require'} it` : '';
  const fix = siblings[0] ? `the guards its siblings use (${guards(siblings[0])})` : 'your authentication middleware or guard';
  return {
    file: entry.file,
    line: entry.line,
    subject: entry.endpoint.id,
    related: siblings.map((s) => ({ file: s.file, line: s.line, message: `${label(s)} requires auth (${guards(s)})` })),
    message: `${label(entry)} changes data with ${what}${contrast}`,
    hint: `Add ${fix} before the handler${optional ? ' instead of the optional one' : ''}; if it must be public, ${allowlistHint(entry)}.`,
  };
}

/** A public read is only suspect when the other reads of its resource are protected. */
export function readFinding(all: readonly CodeEndpoint[], entry: CodeEndpoint): FindingInput | undefined {
  const protectedReads = protectedReadsOfSameResource(all, entry);
  const [first] = protectedReads;
  if (!first) return undefined;
  return {
    file: entry.file,
    line: entry.line,
    subject: entry.endpoint.id,
    severity: 'warning',
    related: protectedReads.slice(0, 4).map((s) => ({ file: s.file, line: s.line, message: `${label(s)} requires auth (${guards(s)})` })),
    message: `${label(entry)} has no authentication, while other reads of the same resource (${andList(protectedReads.slice(0, 3).map(label))}) require it`,
    hint: `Add the same authentication (${guards(first)}) before the handler, or ${allowlistHint(entry)} if it is public on purpose.`,
  };
}

export const webhookFinding = (entry: CodeEndpoint): FindingInput => ({
  file: entry.file,
  line: entry.line,
  subject: entry.endpoint.id,
  severity: 'warning',
  message: `webhook ${label(entry)} is public and its handler shows no signature check: anyone can post fake events to it`,
  hint: "Verify the sender's signature before acting (e.g. `stripe.webhooks.constructEvent(rawBody, req.headers['stripe-signature'], secret)`, or an HMAC compared with `crypto.timingSafeEqual`).",
});

export const unknownFinding = (entry: CodeEndpoint): FindingInput => ({
  file: entry.file,
  line: entry.line,
  subject: entry.endpoint.id,
  severity: 'info',
  message: `could not tell whether ${label(entry)} authenticates: a middleware before it could not be resolved`,
  hint: 'Pass the auth middleware by name (not through a variable or a condition), or check the route by hand; `--live` checks that it answers 401 without credentials.',
});
