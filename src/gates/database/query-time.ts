import { defineDynamicRule } from '../define.js';
import { compactPlan, explainAnalyze } from './live/explain.js';
import { isQueryRun, prepareQueries, queryLabel } from './live/query-gates.js';

export default defineDynamicRule({
  id: 'db/query-time',
  area: 'database',
  checklist: 'Performance tested',
  severity: 'error',
  needs: 'database',
  docs: {
    description:
      'The queries found in code and those configured (`database.queries`) run under EXPLAIN ANALYZE on the migrated database seeded with 10,000 rows per table (configurable), in a transaction that is rolled back; a query slower than `thresholds.db_query_ms` (50 ms by default) fails with its plan. The slowest time is the metric `metrics/db-query-time`. A query that cannot run with the generated parameter values (a write breaking a unique key…) is not timed; the metric says how many were.',
    failing: 'SELECT * FROM orders o JOIN order_items i ON i.order_id = o.id ORDER BY o.created_at  -- 180 ms on 10k rows, no index',
    passing: '-- add the missing index, or paginate (LIMIT $1)',
  },
  async run(context, live, reporter) {
    const prepared = await prepareQueries(context, live, reporter);
    if (!isQueryRun(prepared)) return prepared;
    const { target, queries, rows } = prepared;
    const threshold = context.config.thresholds.db_query_ms;
    let slowest: { ms: number; label: string; at: string } | undefined;
    const failed: string[] = [];
    for (const [i, query] of queries.entries()) {
      if (live.signal.aborted) return { status: 'skipped', reason: 'interrupted' };
      live.progress('database: EXPLAIN ANALYZE', i, queries.length);
      const explained = await explainAnalyze(target, query, Math.max(5_000, threshold * 20));
      const ms = explained.plan?.['Execution Time'];
      if (!explained.plan || ms === undefined) {
        failed.push(`${query.file}:${query.line}`);
        continue;
      }
      if (!slowest || ms > slowest.ms) slowest = { ms, label: queryLabel(query, 60), at: `${query.file}:${query.line}` };
      if (ms <= threshold) continue;
      reporter.report({
        file: query.file,
        line: query.line,
        column: query.column,
        message: `\`${queryLabel(query)}\` takes ${ms.toFixed(1)} ms on ${rows} seeded rows per table (threshold ${threshold} ms); plan: ${compactPlan(explained.plan.Plan)}`,
        hint: 'Look at the plan: add the index the scan or sort needs, select fewer columns, or paginate (LIMIT with a keyset) instead of reading everything.',
      });
    }
    live.progress('database: EXPLAIN ANALYZE', queries.length, queries.length);
    const timed = queries.length - failed.length;
    if (!slowest) return { status: 'skipped', reason: `none of the ${queries.length} queries could be run with generated parameters (${failed.slice(0, 3).join(', ')})` };
    const untimed = failed.length ? `; ${failed.length} not timed (could not run with generated parameters: ${failed.slice(0, 3).join(', ')}${failed.length > 3 ? ', …' : ''})` : '';
    live.measure('metrics/db-query-time', {
      value: Math.round(slowest.ms * 100) / 100,
      unit: 'ms',
      detail: `slowest of ${timed} queries on ${rows} rows per table: ${slowest.at} \`${slowest.label}\`${untimed}`,
    });
    return undefined;
  },
});
