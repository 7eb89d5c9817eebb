import { defineDynamicRule } from '../define.js';
import { checkTestKind } from './support/kind-check.js';
import { TEST_RULE_TIMEOUT_MS } from './support/test-run.js';

/** Decided by `bo check --live`: the kind among the project's tests (support/kinds.ts), and its tests passing in the shared test run. */
export default defineDynamicRule({
  id: "tests/integration",
  area: "tests",
  checklist: "Integration tests",
  severity: "error",
  needs: "tests",
  docs: {
    description: "Integration tests (test files that reach a database or queue client: pg, PGlite, Prisma, TypeORM, mongoose, ioredis, Testcontainers\u2026, or are named *.int.test.* / test/integration/) exist and pass in the project's test run.",
    failing: "// only unit tests, the repositories mocked everywhere\nvi.mock('../src/db/index.js');",
    passing: "// test/integration/orders.int.test.ts\nimport { migrate } from '../../src/db/migrate.js';\nbeforeAll(() => migrate()); // against PGlite",
    whenNotToUse: "Services without a database or queue of their own (a stateless proxy).",
  },
  timeoutMs: TEST_RULE_TIMEOUT_MS,
  run: (context, live, reporter) => checkTestKind('integration', context, live, reporter),
});
