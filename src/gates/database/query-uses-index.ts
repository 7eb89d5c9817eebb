import { defineDynamicRule } from '../define.js';

/** Decided by running things (`bo check --live`); listed here so reports say it was skipped and why. */
export default defineDynamicRule({
  id: "db/query-uses-index",
  area: "database",
  checklist: "Indexes optimized",
  severity: "error",
  needs: "database",
  docs: {
    description: "Queries found in code (Prisma `where`, SQL literals) are run with EXPLAIN on the embedded PostgreSQL over seeded tables; a sequential scan on a large table fails.",
    failing: "SELECT * FROM orders WHERE customer_email = $1  -- no index on customer_email",
    passing: "CREATE INDEX orders_customer_email_idx ON orders (customer_email);",
  },
});
