/**
 * What the tests for a task must show (`test_requirements.functional`): the task's requirements,
 * the facts of the endpoints it targets (auth, validation, rate limits), and what its skill's
 * gates will check. Derived, so an agent writes the tests the gates look for.
 */
import type { Endpoint } from '../registry/schema.js';
import { normalizeTarget } from '../tasks/rank.js';
import { terms } from './terms.js';

export interface FunctionalInput {
  skill: string;
  title: string;
  requirements: readonly string[];
  /** The task's targets as written (`POST /api/products`, `/api/orders`, `Product`). */
  targets: readonly string[];
  /** Registry endpoints that are the targets themselves. */
  targetEndpoints: readonly Endpoint[];
  patterns: readonly string[];
  /** Third-party SDKs of the relevant services (`stripe`, `sendgrid`). */
  integrations: readonly string[];
  thresholds: Readonly<Record<string, number>>;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function targetFacts(endpoints: readonly Endpoint[]): string[] {
  const facts: string[] = [];
  if (endpoints.some((e) => e.auth === 'required')) facts.push('auth required');
  const validators = [...new Set(endpoints.map((e) => e.validation).filter((v) => v !== 'none' && v !== 'unknown'))];
  if (validators.length > 0) facts.push(`input validated (${validators.join(', ')})`);
  if (endpoints.some((e) => e.rateLimited)) facts.push('rate limit answers 429 with Retry-After');
  return facts;
}

function apiTests(input: FunctionalInput): string[] {
  const targets = [...input.targets.map(normalizeTarget), ...input.targetEndpoints.map((e) => normalizeTarget(e.id))];
  const methods = new Set(targets.map((t) => t.method));
  const paths = targets.filter((t) => t.name.startsWith('/'));
  const found: string[] = [];
  // A target without a method names a whole resource; a mutating one changes data: both need CRUD tests.
  if (paths.some((t) => t.method === undefined || MUTATING.has(t.method))) found.push('CRUD operations');
  if (methods.has('POST')) found.push('create returns 201 with Location');
  if (methods.has('DELETE')) found.push('delete returns 204');
  if (paths.some((t) => t.name.includes('{}'))) found.push('unknown id returns 404');
  if (methods.has('POST') || methods.has('PUT') || methods.has('PATCH')) found.push('invalid input returns 400/422');
  const problemJson = input.patterns.some((p) => p.startsWith('errors: problem+json'));
  found.push(problemJson ? 'error responses (problem+json)' : 'error responses in one shape, no stack traces');
  return found;
}

function databaseTests(input: FunctionalInput): string[] {
  const ms = input.thresholds.db_query_ms;
  return ['migration applies and rolls back', 'queries use indexes', ...(ms !== undefined ? [`queries under ${ms} ms`] : [])];
}

function authTests(input: FunctionalInput): string[] {
  const title = new Set(terms(input.title));
  const mentions = (...words: string[]) => words.some((w) => title.has(w));
  return [
    'unauthenticated requests get 401',
    'requests without the role or permission get 403',
    ...(mentions('password', 'passwords', 'login', 'signup', 'register', 'signin') ? ['passwords hashed (bcrypt/argon2/scrypt), never returned'] : []),
    ...(mentions('jwt', 'token', 'tokens', 'session', 'sessions') ? ['expired or tampered tokens rejected'] : []),
  ];
}

function integrationTests(input: FunctionalInput): string[] {
  const sdks = [...new Set(input.integrations)];
  const webhook = terms(input.title).some((w) => w.startsWith('webhook'));
  return [
    sdks.length > 0 ? `third-party calls mocked (${sdks.join(', ')})` : 'third-party calls mocked',
    ...(webhook ? ['webhook signature verified, replays rejected'] : []),
    'retries are idempotent',
  ];
}

function testingTests(input: FunctionalInput): string[] {
  const pct = input.thresholds.coverage_pct;
  return ['success and error paths of the targets', ...(pct !== undefined ? [`coverage over ${pct} %`] : [])];
}

const SKILL_TESTS: Readonly<Record<string, (input: FunctionalInput) => string[]>> = {
  'api-development-skill': apiTests,
  'database-skill': databaseTests,
  'auth-skill': authTests,
  'service-integration-skill': integrationTests,
  'testing-skill': testingTests,
};

/** Requirements first (the task's own words), then target facts, then the skill's; no repeats. */
export function functionalRequirements(input: FunctionalInput): string[] {
  const all = [...input.requirements.map((r) => r.trim()), ...targetFacts(input.targetEndpoints), ...(SKILL_TESTS[input.skill]?.(input) ?? [])];
  const seen = new Set<string>();
  return all.filter((item) => {
    const key = item.toLowerCase().replace(/[-_\s]+/g, ' ');
    if (!item || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
