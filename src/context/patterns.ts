/**
 * The conventions an agent should copy, read off the registry (product spec section 7): resource
 * style, versioning, auth scheme, error format, pagination, validation, rate limiting and naming
 * case. A pattern is listed only when the data shows it; a team's configured conventions win and
 * say `(configured)`. Ordered most useful first, because the token budget trims from the end.
 */
import type { Config } from '../config/schema.js';
import type { Endpoint, Registry } from '../registry/schema.js';
import { dominantCasing } from './naming.js';
import { compareText, isParamSegment, isVersionSegment, resourceSegments, terms } from './terms.js';

type Conventions = NonNullable<Config['conventions']>;

/** Words that make a path segment an action rather than a resource (`/getUser`, `/orders/cancel`). */
const ACTION_WORDS = new Set([
  'get', 'list', 'fetch', 'find', 'create', 'add', 'insert', 'new', 'update', 'edit', 'modify', 'set',
  'save', 'delete', 'remove', 'destroy', 'do', 'make', 'send', 'run', 'execute', 'process', 'generate',
  'calculate', 'compute', 'sync', 'trigger', 'login', 'logout', 'signin', 'signout', 'signup', 'register',
  'reset', 'verify', 'validate', 'activate', 'deactivate', 'enable', 'disable', 'approve', 'reject',
  'cancel', 'submit', 'publish', 'unpublish', 'refresh', 'check',
]);

const majority = (count: number, total: number) => total > 0 && count * 2 > total;

/** Keys of a count map, most frequent first (ties alphabetical, so output is stable). */
function byFrequency(values: Iterable<string>): string[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0])).map(([value]) => value);
}

/** Most paths name resources: none of their resource segments starts with an action word. */
function restStyle(paths: readonly (readonly string[])[]): string | undefined {
  const isAction = new Map<string, boolean>();
  const action = (segment: string) => {
    let found = isAction.get(segment);
    if (found === undefined) isAction.set(segment, (found = ACTION_WORDS.has(terms(segment)[0] ?? '')));
    return found;
  };
  const withResources = paths.filter((segments) => segments.length > 0);
  const nounOnly = withResources.filter((segments) => !segments.some(action));
  return majority(nounOnly.length, withResources.length) ? 'REST' : undefined;
}

function versioning(paths: readonly string[], configured: Conventions['versioning']): string | undefined {
  const versions = paths.map((path) => path.split('/').find(isVersionSegment)).filter((v) => v !== undefined);
  const seen = byFrequency(versions.map((v) => `/${v.toLowerCase()}`)).join(', ');
  if (configured === 'path') return `versioned: path${seen ? ` ${seen}` : ''} (configured)`;
  if (configured === 'header') return 'versioned: header (configured)';
  if (configured === 'media-type') return 'versioned: media type (configured)';
  if (configured === 'none') return 'unversioned (configured)';
  return majority(versions.length, paths.length) ? `versioned: path ${seen}` : undefined;
}

/** Auth schemes recognisable from middleware, guard or security-scheme names; the first match wins. */
const AUTH_SCHEMES: readonly [RegExp, string][] = [
  [/jwt|bearer/i, 'bearer jwt'],
  [/api[-_]?key/i, 'api key'],
  [/oauth|oidc|openid/i, 'oauth2'],
  [/session|cookie/i, 'session cookie'],
  [/basic/i, 'basic'],
  [/token/i, 'bearer token'],
];
/** Names that decide who may act rather than who is calling: reported apart, as authorization. */
const AUTHZ = /role|permission|rbac|acl|polic|owner|admin|authoriz|scope/i;

function authPatterns(endpoints: readonly Endpoint[]): string[] {
  const secured = endpoints.filter((e) => (e.auth === 'required' || e.auth === 'optional') && e.authBy.length > 0);
  if (secured.length === 0) return [];
  const names = byFrequency(secured.flatMap((e) => [...new Set(e.authBy)]));
  const authn = names.filter((name) => !AUTHZ.test(name));
  const authz = names.filter((name) => AUTHZ.test(name));
  const found: string[] = [];
  const scheme = AUTH_SCHEMES.find(([pattern]) => authn.some((name) => pattern.test(name)));
  if (scheme) {
    // The names that show the scheme come first: they are why the scheme is named.
    const deciding = [...authn.filter((n) => scheme[0].test(n)), ...authn.filter((n) => !scheme[0].test(n))];
    found.push(`auth: ${scheme[1]} (${deciding.slice(0, 3).join(', ')}) on ${secured.length}/${endpoints.length} endpoints`);
  } else if (authn.length > 0) {
    found.push(`auth: ${authn.slice(0, 3).join(', ')} on ${secured.length}/${endpoints.length} endpoints`);
  }
  if (authz.length > 0) found.push(`authorization: ${authz.slice(0, 3).join(', ')}`);
  return found;
}

function errorFormat(endpoints: readonly Endpoint[]): string | undefined {
  return endpoints.some((e) => e.responses.some((r) => /problem\+json/i.test(r))) ? 'errors: problem+json' : undefined;
}

/** The pagination style of one endpoint's query parameters, spelled as the API spells them. */
function paginationOf(query: readonly string[]): string | undefined {
  const has = (pattern: RegExp) => query.find((q) => pattern.test(q));
  if (has(/^(?:cursor|after|before|starting_?after|ending_?before|page_?token|next_?token|continuation_?token)$/i)) return 'cursor';
  const page = has(/^page(?:_?(?:number|num|no))?$/i);
  if (page) {
    const size = has(/^(?:page_?size|per_?page|size|limit|page_?limit)$/i);
    return size ? `${page}/${size}` : page;
  }
  const limit = has(/^(?:limit|take|first)$/i);
  const offset = has(/^(?:offset|skip)$/i);
  if (limit && offset) return `${limit}/${offset}`;
  return undefined;
}

function pagination(endpoints: readonly Endpoint[]): string | undefined {
  // Endpoints of one API repeat the same few query lists: classify each list once.
  const known = new Map<string, string | undefined>();
  const styleOf = (query: readonly string[]) => {
    const key = query.join('&');
    if (!known.has(key)) known.set(key, paginationOf(query));
    return known.get(key);
  };
  const styles = byFrequency(endpoints.map((e) => styleOf(e.params.query)).filter((s) => s !== undefined));
  const [main, ...others] = styles;
  if (!main) return undefined;
  return `pagination: ${main}${others.length > 0 ? ` (also ${others.join(', ')})` : ''}`;
}

function validation(endpoints: readonly Endpoint[]): string | undefined {
  const libraries = byFrequency(endpoints.map((e) => e.validation).filter((v) => v && v !== 'none' && v !== 'unknown'));
  const [main, ...others] = libraries;
  if (!main) return undefined;
  return `validation: ${main}${others.length > 0 ? ` (also ${others.join(', ')})` : ''}`;
}

function rateLimiting(endpoints: readonly Endpoint[]): string | undefined {
  const limited = endpoints.filter((e) => e.rateLimited === true).length;
  return limited > 0 ? `rate limited: ${limited}/${endpoints.length} endpoints` : undefined;
}

function casing(label: string, names: readonly string[], configured: string | undefined): string | undefined {
  if (configured) return `${label}: ${configured} (configured)`;
  const found = dominantCasing(names);
  return found ? `${label}: ${found}` : undefined;
}

const paramName = (segment: string) => segment.replace(/^[{:*]|}$/g, '');

export function detectPatterns(registry: Registry, config: Config): string[] {
  const endpoints = registry.endpoints;
  const conventions: Conventions = config.conventions ?? {};
  // Style questions are about paths, not methods: `GET /users` and `POST /users` are one path.
  const paths = [...new Set(endpoints.map((e) => e.path))];
  const resources = paths.map(resourceSegments);
  const pathParams = paths.flatMap((path) => path.split('/').filter(isParamSegment).map(paramName));
  const found = [
    restStyle(resources),
    versioning(paths, conventions.versioning),
    ...authPatterns(endpoints),
    errorFormat(endpoints),
    pagination(endpoints),
    validation(endpoints),
    rateLimiting(endpoints),
    casing('paths', resources.flat(), conventions.paths),
    casing('params', pathParams, undefined),
    casing('query', endpoints.flatMap((e) => e.params.query), conventions.query),
    casing('properties', endpoints.flatMap((e) => e.params.body), conventions.properties),
  ];
  return found.filter((pattern) => pattern !== undefined);
}
