import { defineDynamicRule } from '../define.js';

export default defineDynamicRule({
  id: 'metrics/db-query-time',
  area: 'metrics',
  checklist: 'Database query time < 50 ms',
  severity: 'error',
  needs: 'database',
  runsLast: true,
  docs: {
    description:
      'The slowest query time measured by db/query-time (EXPLAIN ANALYZE of every query found in code or configured, on seeded tables) compared with `thresholds.db_query_ms` (50 ms by default). Skipped when nothing was measured (db/query-time did not run or found no query it could time).',
    failing: 'slowest query 120 ms (threshold 50 ms)',
    passing: 'slowest query 4 ms',
  },
  async run(context, live) {
    const measured = live.measured('metrics/db-query-time');
    if (!measured) return { status: 'skipped', reason: 'no query time was measured (db/query-time did not run, or found no query it could time)' };
    const threshold = context.config.thresholds.db_query_ms;
    if (measured.value > threshold) {
      return { status: 'fail', value: measured.value, reason: `slowest query ${measured.value} ${measured.unit} > ${threshold} ms (${measured.detail ?? 'db/query-time'})` };
    }
    return undefined;
  },
});
