import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "db/query-time",
  area: "database",
  checklist: "Performance tested",
  severity: "error",
  needs: "database",
  docs: {
    description: "Configured or extracted queries run under EXPLAIN ANALYZE on seeded data below the threshold (50 ms by default).",
    failing: "SELECT * FROM orders o JOIN order_items i ON i.order_id = o.id  -- 180 ms on 100k rows",
    passing: "-- add the missing index, or paginate",
  },
});
