/**
 * tests/unit, tests/integration, tests/api: the kind is present among the project's tests, and its
 * tests passed in the test run. A missing kind is a finding on the test script (what an agent must
 * add); a failing run is the verdict's reason, the failing tests themselves being findings of
 * metrics/test-coverage (one finding per test, not one per kind it belongs to).
 */
import type { LiveContext } from '../../live/types.js';
import type { CheckContext, Reporter, RuleVerdict } from '../../types.js';
import { testCommandAnchor } from './anchor.js';
import { classifyTest, testsOfKind, type ClassifiedTest, type TestKind } from './kinds.js';
import { describeTest, runStop } from './outcome.js';
import { testRun } from './test-run.js';
import { testSources } from './test-sources.js';

const MISSING: Record<TestKind, { what: string; hint: string }> = {
  unit: {
    what: 'no unit tests: every test file reaches an HTTP client or a database/queue client',
    hint: 'Add unit tests that call a service or function directly, without HTTP or a database (mock the repository with vi.mock / jest.mock), e.g. test/services/order-service.test.ts.',
  },
  integration: {
    what: 'no integration tests: no test file reaches a database or queue client (pg, PGlite, Prisma, TypeORM, mongoose, ioredis…) or is named *.int.test.* / test/integration/',
    hint: 'Add tests that run the repositories or services against a real database (PGlite, pg-mem, a Testcontainers PostgreSQL) or queue, e.g. test/integration/orders.int.test.ts.',
  },
  api: {
    what: 'no API tests: no test file calls the HTTP layer (supertest, fetch, Fastify inject, Hono app.request) or requests an endpoint path',
    hint: "Add tests that call the endpoints through the HTTP layer (supertest `request(app).get('/api/v1/…')`, `app.inject(…)`, `app.request(…)`) and assert status and body.",
  },
};

/** Every test file of the project, classified against the registry's endpoints (memoised per run). */
export function classifiedTests(context: CheckContext): ClassifiedTest[] {
  return context.memo('tests/classified', () => {
    const endpoints = context.registry.endpoints.map((e) => ({ method: e.method, path: e.path }));
    return testSources(context).map((source) => classifyTest(source, endpoints));
  });
}

export async function checkTestKind(kind: TestKind, context: CheckContext, live: LiveContext, reporter: Reporter): Promise<RuleVerdict | void> {
  const all = classifiedTests(context);
  const { tests } = testsOfKind(kind, all);
  if (tests.length === 0) {
    const examples = all.slice(0, 3).map((t) => `${t.file}: ${Object.values(t.why).join(', ')}`);
    const message = all.length === 0 ? `no ${kind} tests: the project has no test files` : `${MISSING[kind].what} (${all.length} test file${all.length === 1 ? '' : 's'}: ${examples.join('; ')}${all.length > 3 ? '; …' : ''})`;
    reporter.report({ ...testCommandAnchor(context), message, hint: MISSING[kind].hint });
    return;
  }
  const run = await testRun(context, live);
  const stop = runStop(run);
  if (stop) return stop.kind === 'no-command' || stop.kind === 'aborted' ? { status: 'skipped', reason: stop.message } : { status: 'fail', reason: stop.message };
  const label = run.plan ? `\`${run.plan.label}\`` : 'the last test run';
  const results = run.results?.value;
  if (!results) {
    if (!run.outcome) return { status: 'skipped', reason: 'no test command, and no test results to read' };
    if (run.outcome.exitCode === 0) return;
    const why = run.results?.error ? `its report could not be read (${run.results.error.message})` : 'no test report was found';
    return { status: 'fail', reason: `${label} exited with code ${run.outcome.exitCode ?? '(killed by a signal)'} and ${why}` };
  }
  const files = new Set(tests.map((t) => t.file));
  const known = new Set(all.map((t) => t.file));
  const placed = results.tests.filter((t) => t.file !== undefined && known.has(t.file));
  const unplaced = results.tests.filter((t) => t.file === undefined || !known.has(t.file));
  const mine = placed.filter((t) => files.has(t.file as string));
  // Whether a kind ran is known only when the report places every test in a test file we know (TAP names only failing tests' files).
  if (unplaced.length === 0 && mine.length === 0) {
    return { status: 'fail', reason: `the ${kind} tests (${[...files].slice(0, 3).join(', ')}${files.size > 3 ? ', …' : ''}) were not run by ${label}` };
  }
  const failed = [...mine, ...unplaced].filter((t) => t.status === 'failed');
  if (failed.length) {
    const total = mine.length + unplaced.length;
    const listed = failed.slice(0, 3).map(describeTest).join('; ');
    return { status: 'fail', reason: `${failed.length} of ${total} ${kind} tests failed in ${label}: ${listed}${failed.length > 3 ? '; …' : ''}` };
  }
}
