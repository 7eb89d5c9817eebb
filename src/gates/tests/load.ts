import { defineDynamicRule } from '../define.js';
import { checkOwnOrSupplied } from './support/supplied-check.js';

/** Decided by `bo check --live`, after the live gates: the project's own tests of the kind, else what the live gates supplied. */
export default defineDynamicRule({
  id: "tests/load",
  area: "tests",
  checklist: "Load tests",
  severity: "warning",
  needs: "live",
  docs: {
    description: "The project's own load tests (an autocannon or k6 script, an Artillery scenario) exist; else the load test bo check --live ran in this run is reported as supplying them; else a warning.",
    failing: "# no load script, and no service.start configured for bo check --live",
    passing: "import autocannon from 'autocannon';\nawait autocannon({ url: 'http://localhost:3000/api/v1/products', duration: 10 });",
    whenNotToUse: "Internal tools with a handful of users, where a load test says nothing useful.",
  },
  runsLast: true,
  run: (context, live, reporter) => checkOwnOrSupplied('load', context, live, reporter),
});
