import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "tests/api",
  area: "tests",
  checklist: "API tests",
  severity: "error",
  needs: "tests",
  docs: {
    description: "An API test exercises each target endpoint (its path appears in a test that calls the HTTP layer) and passes.",
    failing: "no test requests /api/v1/orders",
    passing: "request(app).get('/api/v1/orders')",
  },
});
