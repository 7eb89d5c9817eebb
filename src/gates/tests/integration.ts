import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "tests/integration",
  area: "tests",
  checklist: "Integration tests",
  severity: "error",
  needs: "tests",
  docs: {
    description: "Integration tests (against a real database or service) exist and pass.",
    failing: "no test touches the database",
    passing: "test/integration/orders.test.ts runs against PGlite",
  },
});
