import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "db/migrations-apply",
  area: "database",
  checklist: "Migrations tested",
  severity: "error",
  needs: "database",
  docs: {
    description: "Every migration applies in order on a fresh embedded PostgreSQL (PGlite), or on DATABASE_URL in a scratch database; the failing statement is located.",
    failing: "ALTER TABLE users ADD COLUMN role TEXT REFERENCES roles(id); -- roles is created in a later migration",
    passing: "-- create roles first, then reference it",
  },
});
