/**
 * A task's latest gate report on its page: the headline, the submit's failures (what the task
 * answers for), the checklist items they fail, warnings, the findings elsewhere in the project
 * (folded away: they do not count against the task), and the latency chart of a live submit.
 */
import { emptyNote, errorNote, h } from '../dom.js';
import { latencyFigures } from '../format.js';
import { latencyChart } from './chart.js';
import { findingsTable, itemList, itemsOfFindings, reportHeadline } from './findings.js';

const findingKey = (f) => `${f.rule} ${f.file}:${f.line}`;

/**
 * The latest submit: its failures (what the task answers for: findings about its targets and
 * their files), the checklist items they fail, its warnings, and — folded away — what the gates
 * found elsewhere in the project, which does not count against this task.
 */
export function reportSection(task, report, section) {
  if (!report) return section('Latest gate report', emptyNote('Not submitted yet: the report appears after the first submit.'));
  const result = task.result ?? {};
  const failures = Array.isArray(result.failures) ? result.failures : [];
  const warnings = Array.isArray(result.warnings) ? result.warnings : [];
  const counted = new Set([...failures, ...warnings].map(findingKey));
  const elsewhere = (report.findings ?? []).filter((f) => !counted.has(findingKey(f)));
  const latency = report.live ? latencyFigures(report) : undefined;
  return section(
    'Latest gate report',
    reportHeadline(report),
    result.verdict === 'error' && result.error ? errorNote(`The submit could not run the gates: ${result.error}`) : null,
    h('h3', {}, 'Failing checklist items'),
    itemList(itemsOfFindings(report, failures)),
    h('h3', {}, 'Failures'),
    failures.length ? findingsTable(failures, { root: report.root, caption: `Failures of attempt ${result.attempt ?? task.attempts}` }) : emptyNote('None: the gates passed for what this task touches.'),
    warnings.length ? [h('h3', {}, 'Warnings'), findingsTable(warnings, { root: report.root, caption: 'Warnings', marker: 'warning' })] : null,
    elsewhere.length
      ? h(
          'details',
          { class: 'elsewhere' },
          h('summary', {}, `${elsewhere.length} more finding${elsewhere.length === 1 ? '' : 's'} elsewhere in the project (not counted against this task)`),
          findingsTable(elsewhere, { root: report.root, caption: 'Findings outside the task', marker: 'other-finding' }),
        )
      : null,
    latency?.figures.length ? [h('h3', {}, 'Latency'), latencyChart(latency)] : null,
  );
}
