import { defineDynamicRule } from '../define.js';
import { checkTestKind } from './support/kind-check.js';
import { TEST_RULE_TIMEOUT_MS } from './support/test-run.js';

/** Decided by `bo check --live`: the kind among the project's tests (support/kinds.ts), and its tests passing in the shared test run. */
export default defineDynamicRule({
  id: "tests/unit",
  area: "tests",
  checklist: "Unit tests",
  severity: "error",
  needs: "tests",
  docs: {
    description: "Unit tests (test files that reach no HTTP client and no database or queue client, directly, through test helpers or through a project module they import unmocked) exist and pass in the project's test run. The test command (tests.command, else `npm test`) runs once for all test rules, with JSON results and coverage asked of Vitest and Jest; JUnit XML and TAP are read otherwise.",
    failing: "// every test builds the app on a database and calls it through supertest\nimport request from 'supertest';\nimport { setupTestApp } from './helpers.js'; // connects to PostgreSQL",
    passing: "// test/services/price.test.ts\nimport { total } from '../../src/services/price.js';\nit('sums the lines', () => expect(total([{ price: 2, qty: 3 }])).toBe(6));",
    whenNotToUse: "Projects whose logic lives entirely in SQL or in a framework's configuration may rely on integration and API tests alone.",
  },
  timeoutMs: TEST_RULE_TIMEOUT_MS,
  run: (context, live, reporter) => checkTestKind('unit', context, live, reporter),
});
