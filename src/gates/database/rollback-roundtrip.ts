import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "db/rollback-roundtrip",
  area: "database",
  checklist: "Rollback plan",
  severity: "error",
  needs: "database",
  docs: {
    description: "up \u2192 down \u2192 up leaves the same catalog (tables, columns, types, constraints, indexes).",
    failing: "-- down.sql forgets to drop the index the up step created",
    passing: "DROP INDEX users_email_idx; ALTER TABLE users DROP COLUMN email;",
  },
});
