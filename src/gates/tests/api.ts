import { defineDynamicRule } from '../define.js';
import { checkTestKind } from './support/kind-check.js';
import { TEST_RULE_TIMEOUT_MS } from './support/test-run.js';

/** Decided by `bo check --live`: the kind among the project's tests (support/kinds.ts), and its tests passing in the shared test run. */
export default defineDynamicRule({
  id: "tests/api",
  area: "tests",
  checklist: "API tests",
  severity: "error",
  needs: "tests",
  docs: {
    description: "API tests (test files that call the HTTP layer: supertest, fetch, Fastify inject, Hono app.request, or that request a registry endpoint's path) exist and pass in the project's test run. Scoped to a task, each target endpoint's path must appear in one.",
    failing: "// only service tests: no test requests /api/v1/orders",
    passing: "await request(app).get('/api/v1/orders').set(bearer(user)).expect(200);",
  },
  timeoutMs: TEST_RULE_TIMEOUT_MS,
  run: (context, live, reporter) => checkTestKind('api', context, live, reporter),
});
