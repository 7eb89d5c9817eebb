import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "metrics/db-query-time",
  area: "metrics",
  checklist: "Database query time < 50 ms",
  severity: "error",
  needs: "database",
  docs: {
    description: "The slowest query of db/query-time compared with thresholds.db_query_ms.",
    failing: "slowest query 120 ms",
    passing: "slowest query 4 ms",
  },
});
