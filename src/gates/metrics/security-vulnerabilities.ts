import { defineRule } from '../define.js';

export default defineRule({
  id: 'metrics/security-vulnerabilities',
  area: 'metrics',
  checklist: 'Zero security vulnerabilities',
  severity: 'error',
  runsLast: true,
  docs: {
    description:
      'The seed\'s success metric: the count of error-severity security findings (this run\'s security checklist, dependency advisories included) against thresholds.vulnerabilities (0). Runs after the security rules and needs `--gate security` in the same run.',
    failing: 'sec/sql-injection: 1 error → 1 vulnerability, threshold 0',
    passing: '0 error-severity security findings',
  },
  check(context, _reporter, { areas, earlier }) {
    // Nothing to count from: say so rather than pass silently.
    if (!areas.includes('security')) return { status: 'skipped', reason: 'needs the security gate in the same run (--gate security,metrics)' };
    const vulnerabilities = earlier.filter((f) => f.rule.startsWith('sec/') && f.severity === 'error' && !f.suppressed);
    const limit = context.config.thresholds.vulnerabilities;
    if (vulnerabilities.length <= limit) return;
    // The findings counted are in the report already; repeating them as a finding of this rule would count them twice.
    return {
      status: 'fail',
      reason: `${vulnerabilities.length} security vulnerabilit${vulnerabilities.length === 1 ? 'y' : 'ies'} (threshold ${limit}): ${[...new Set(vulnerabilities.map((f) => f.rule))].join(', ')}`,
    };
  },
});
