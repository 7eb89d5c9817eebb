import { defineDynamicRule } from '../define.js';
import { checkOwnOrSupplied } from './support/supplied-check.js';

/** Decided by `bo check --live`, after the live gates: the project's own tests of the kind, else what the live gates supplied. */
export default defineDynamicRule({
  id: "tests/security",
  area: "tests",
  checklist: "Security tests",
  severity: "warning",
  needs: "live",
  docs: {
    description: "The project's own security tests (a test asserting 401/403, or sending an injection payload) exist; else the probes bo check --live sent in this run are reported as supplying them; else a warning.",
    failing: "// no test calls a protected endpoint without a token",
    passing: "await request(app).delete('/api/v1/products/1').expect(401);",
  },
  runsLast: true,
  run: (context, live, reporter) => checkOwnOrSupplied('security', context, live, reporter),
});
