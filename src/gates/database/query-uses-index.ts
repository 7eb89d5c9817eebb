import { defineDynamicRule } from '../define.js';
import { compactPlan, explain, LARGE_TABLE_ROWS, seqScans } from './live/explain.js';
import { isQueryRun, prepareQueries, queryLabel } from './live/query-gates.js';
import { aboutCodeTable } from './live/queries.js';

export default defineDynamicRule({
  id: 'db/query-uses-index',
  area: 'database',
  checklist: 'Indexes optimized',
  severity: 'error',
  needs: 'database',
  docs: {
    description: `The queries found in code (constant SQL passed to \`.query(…)\` / \`.execute(…)\` with \`$n\` parameters, the SQL of Prisma Client calls such as \`findMany({ where })\`, and knex query-builder chains) and those configured in \`database.queries\` are run with EXPLAIN on the migrated database, every table seeded (10,000 rows by default, \`--seed-rows\` / \`database.seedRows\`), each parameter bound to a value from the seeded column it is compared with. A sequential scan of a table of more than ${LARGE_TABLE_ROWS} rows whose filter keeps few of them (a lookup no index serves) fails, with the plan in the finding.`,
    failing: "db.query('SELECT * FROM orders WHERE customer_email = $1', [email]);  -- no index on customer_email",
    passing: 'CREATE INDEX orders_customer_email_idx ON orders (customer_email);',
    whenNotToUse: 'Tables that stay small in production (a few hundred rows): a sequential scan is the right plan for them.',
  },
  async run(context, live, reporter) {
    const prepared = await prepareQueries(context, live, reporter);
    if (!isQueryRun(prepared)) return prepared;
    const { target, queries } = prepared;
    for (const [i, query] of queries.entries()) {
      if (live.signal.aborted) return { status: 'skipped', reason: 'interrupted' };
      live.progress('database: EXPLAIN', i, queries.length);
      const explained = await explain(target, query);
      if (!explained.plan) {
        if (aboutCodeTable(context, explained.error ?? '')) continue;
        reporter.report({
          file: query.file,
          line: query.line,
          column: query.column,
          severity: 'info',
          message: `\`${queryLabel(query)}\` could not be explained on the migrated schema: ${explained.error}`,
          hint: 'Check the query against the schema the migrations create (a missing table or column fails in production too); or it is not PostgreSQL SQL.',
        });
        continue;
      }
      for (const scan of seqScans(explained.plan.Plan, target)) {
        const columns = scan.columns.join(', ');
        reporter.report({
          file: query.file,
          line: query.line,
          column: query.column,
          subject: scan.table,
          message: `\`${queryLabel(query)}\` reads every row of ${scan.table} (${scan.rows} seeded) to find a few: sequential scan with filter ${scan.filter}; plan: ${compactPlan(explained.plan.Plan)}`,
          hint: `Add an index that serves the filter, in a new migration: \`CREATE INDEX ${scan.table}_${scan.columns.join('_')}_idx ON ${scan.table} (${columns});\` (or filter on a column that is indexed).`,
        });
      }
    }
    live.progress('database: EXPLAIN', queries.length, queries.length);
    return undefined;
  },
});
