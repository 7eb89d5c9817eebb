/**
 * Which kind of test each test file is, from what it reaches and what it says: pure, so `bo submit`
 * can scope it to a task. `classifyTest(source, endpoints)` takes the registry endpoints (the
 * project's, or only the task's) and `testsOfKind(kind, tests, scope)` keeps the tests of one kind;
 * given a scope (the task's endpoints and target files) it also lists the targets no test of that
 * kind covers. Without a scope (`bo check`), a kind is present when at least one test has it.
 *
 * - integration: reaches a database or queue client (directly, through a test helper, or through a
 *   project module it imports that uses one, unless that module is mocked), or is named so
 *   (`*.int.test.*`, `*.integration.*`, `test/integration/`).
 * - api: reaches an HTTP client (supertest, axios, light-my-request…) or calls `fetch(`, `.inject(`,
 *   `app.request('/…')`, is an e2e test, or quotes a registry endpoint's path.
 * - unit: neither.
 */
export type TestKind = 'unit' | 'integration' | 'api';

export interface TestSource {
  /** Project-relative path. */
  file: string;
  text: string;
  /** Packages the test reaches: its own imports, its helpers', and those of project modules it imports that are not mocked. */
  packages: readonly string[];
  /** Where each package comes from, when not the test itself (`pg` → `test/helpers.ts`). */
  via?: Readonly<Record<string, string>>;
  /** Project (non-test) modules the test imports directly. */
  imports: readonly string[];
}

export interface EndpointRef {
  method: string;
  path: string;
}

export interface ClassifiedTest extends TestSource {
  kinds: ReadonlySet<TestKind>;
  /** Why it is of each kind, for messages: `imports supertest`, `pg via src/db/index.ts`. */
  why: Partial<Record<TestKind, string>>;
  /** The endpoints (`GET /api/v1/orders`) whose path the test quotes. */
  endpoints: readonly string[];
}

export interface TestScope {
  endpoints?: readonly EndpointRef[];
  /** Project files the task changes (services, repositories…). */
  files?: readonly string[];
}

export const HTTP_CLIENTS = new Set(['supertest', 'superagent', 'axios', 'node-fetch', 'undici', 'got', 'ky', 'light-my-request', 'chai-http', 'pactum', 'needle', 'request', 'frisby']);
export const DATA_CLIENTS = new Set([
  'pg', 'postgres', 'pg-promise', '@electric-sql/pglite', 'pg-mem', 'mysql', 'mysql2', 'sqlite3', 'better-sqlite3', '@prisma/client',
  'mongoose', 'mongodb', 'mongodb-memory-server', 'typeorm', 'sequelize', 'knex', 'drizzle-orm', 'kysely', '@mikro-orm/core', 'objection',
  'redis', 'ioredis', 'amqplib', 'kafkajs', 'bullmq', 'bull', 'nats', '@aws-sdk/client-sqs', '@aws-sdk/client-dynamodb', '@google-cloud/pubsub',
  'testcontainers', '@testcontainers/postgresql', '@testcontainers/mysql', '@testcontainers/mongodb',
]);

/** Clients that connect when used: a project module importing one is where the connection is made. */
const CONNECTING = new Set([
  'pg', 'postgres', 'pg-promise', '@electric-sql/pglite', 'mysql', 'mysql2', 'sqlite3', 'better-sqlite3', 'mongodb', 'knex',
  'redis', 'ioredis', 'amqplib', 'kafkajs', 'bullmq', 'bull', 'nats', '@aws-sdk/client-sqs', '@aws-sdk/client-dynamodb', '@google-cloud/pubsub',
]);
/** ORMs are imported by every entity and service for their types and decorators; only these calls connect. */
const ORM_CONNECT = /\bnew\s+(?:PrismaClient|DataSource|Sequelize|MikroORM)\b|\b(?:createConnection|MikroORM\.init|drizzle)\s*\(|\bmongoose\.(?:connect|createConnection)\s*\(/;

/**
 * Whether a project module the test imports (not a test helper) makes it an integration test
 * through `pkg`: when it is where a connection is made. An entity importing TypeORM's decorators or a
 * service calling a third-party API with axios does not make its unit test an integration or API test.
 */
export function connectsThrough(pkg: string, moduleText: string): boolean {
  return CONNECTING.has(pkg) || (DATA_CLIENTS.has(pkg) && ORM_CONNECT.test(moduleText));
}

const INTEGRATION_NAME = /(?:\.(?:int|integration)\.(?:test|spec)\.|(?:^|\/)(?:integration|integration-tests)\/)/;
const E2E_NAME = /(?:[.-]e2e[.-](?:test|spec)\.|\.e2e\.|(?:^|\/)e2e\/)/;
const HTTP_CALLS: readonly [RegExp, string][] = [
  [/\bfetch\(/, 'calls fetch()'],
  [/\.inject\(/, 'calls .inject()'],
  [/\b\w+\.request\(\s*[`'"]\//, "calls app.request('/…')"],
];

export function classifyTest(source: TestSource, endpoints: readonly EndpointRef[]): ClassifiedTest {
  const why: Partial<Record<TestKind, string>> = {};
  const reached = (names: ReadonlySet<string>) => source.packages.find((p) => names.has(p));
  const dataClient = reached(DATA_CLIENTS);
  if (dataClient) why.integration = describeReach(source, dataClient);
  else if (INTEGRATION_NAME.test(source.file)) why.integration = 'named as an integration test';
  const mentioned = endpoints
    .filter((e) => pathPattern(e.path)?.test(source.text))
    .sort((a, b) => b.path.length - a.path.length)
    .map((e) => `${e.method} ${e.path}`);
  const httpClient = reached(HTTP_CLIENTS);
  const call = HTTP_CALLS.find(([pattern]) => pattern.test(source.text));
  if (httpClient) why.api = describeReach(source, httpClient);
  else if (call) why.api = call[1];
  else if (E2E_NAME.test(source.file)) why.api = 'named as an e2e test';
  else if (mentioned.length) why.api = `requests ${mentioned[0]}`;
  if (!why.integration && !why.api) why.unit = 'reaches no HTTP client and no database or queue client';
  return { ...source, kinds: new Set(Object.keys(why) as TestKind[]), why, endpoints: mentioned };
}

export function testsOfKind(kind: TestKind, tests: readonly ClassifiedTest[], scope?: TestScope): { tests: ClassifiedTest[]; uncovered: string[] } {
  const ofKind = tests.filter((t) => t.kinds.has(kind));
  if (!scope) return { tests: ofKind, uncovered: [] };
  const uncovered: string[] = [];
  if (kind === 'api') {
    for (const endpoint of scope.endpoints ?? []) {
      const name = `${endpoint.method} ${endpoint.path}`;
      if (!ofKind.some((t) => t.endpoints.includes(name) || pathPattern(endpoint.path)?.test(t.text))) uncovered.push(name);
    }
  } else {
    for (const file of scope.files ?? []) if (!ofKind.some((t) => t.imports.includes(file))) uncovered.push(file);
  }
  const relevant = kind === 'api' ? ofKind.filter((t) => (scope.endpoints ?? []).some((e) => pathPattern(e.path)?.test(t.text))) : ofKind.filter((t) => (scope.files ?? []).some((f) => t.imports.includes(f)));
  return { tests: relevant, uncovered };
}

/**
 * How a test would quote an endpoint's path: the path after its `/api` and `/v1` prefix (tests
 * often build it from a constant), with each parameter matching any segment (`${id}`, `42`). It
 * must start a string, follow `${…}` or a port, not a name (`../services/orders.js` is no request).
 * Undefined for a path with no static segment left (`/`, `/:id`), which says nothing.
 */
export function pathPattern(endpointPath: string): RegExp | undefined {
  const segments = endpointPath.split('/').filter(Boolean);
  while (segments.length > 1 && /^(?:api|v\d+(?:\.\d+)?)$/i.test(segments[0] as string)) segments.shift();
  if (!segments.some((s) => !isParam(s))) return undefined;
  const body = segments.map((s) => (isParam(s) ? '[^/\\s\'"`?]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return new RegExp(`(?<![A-Za-z_.$-])(?:/api)?(?:/v\\d+)?/${body}(?![\\w-])`);
}

const isParam = (segment: string) => /^[:{*]/.test(segment) || segment.startsWith('[');

function describeReach(source: TestSource, name: string): string {
  const via = source.via?.[name];
  return via ? `${name} via ${via}` : `imports ${name}`;
}
