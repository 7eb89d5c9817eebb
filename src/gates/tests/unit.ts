import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "tests/unit",
  area: "tests",
  checklist: "Unit tests",
  severity: "error",
  needs: "tests",
  docs: {
    description: "Unit tests exist for the task's targets and pass (results read from JUnit XML, TAP or Vitest/Jest JSON).",
    failing: "no test mentions the new service",
    passing: "test/services/order-service.test.ts covers it",
  },
});
