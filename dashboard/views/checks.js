/**
 * The checklist overview: the project's latest gate report (`bo check`, POST /v1/checks) — per
 * checklist its items with pass/fail, each success metric against its threshold, the latency chart
 * when the report comes from a live run, and the findings. Read-only: runs start from the CLI.
 */
import { getOptional } from '../api.js';
import { emptyNote, h, statusBadge, table, uniqueId } from '../dom.js';
import { AREA_NAMES, latencyFigures, withUnit } from '../format.js';
import { latencyChart } from './chart.js';
import { findingsTable, reportHeadline } from './findings.js';

const ITEM_STATUS_NAMES = { pass: 'pass', fail: 'fail', warn: 'warning', skipped: 'skipped', 'not-applicable': 'n/a' };

function itemNote(item) {
  const findings = (item.rules ?? []).reduce((sum, rule) => sum + (rule.findings ?? 0), 0);
  const rules = (item.rules ?? []).map((rule) => rule.id).join(', ');
  return h('span', {}, findings ? `${findings} finding${findings === 1 ? '' : 's'}. ` : '', item.reason ?? '', rules ? h('span', { class: 'quiet block' }, rules) : null);
}

function checklistSection(list) {
  const id = `checklist-${list.area}`;
  const items = list.items ?? [];
  const tally = items.reduce((acc, item) => ((acc[item.status] = (acc[item.status] ?? 0) + 1), acc), {});
  return h(
    'section',
    { class: 'panel checklist', 'aria-labelledby': id, 'data-area': list.area },
    h('h2', { id }, AREA_NAMES[list.area] ?? list.area, ' ', h('span', { class: 'count' }, `(${tally.pass ?? 0} of ${items.length} pass)`)),
    items.length === 0
      ? emptyNote('No items in this run.')
      : table({
          caption: `${AREA_NAMES[list.area] ?? list.area} checklist`,
          columns: ['Item', 'Status', 'Notes'],
          rows: items.map((item) => [item.title, statusBadge(item.status, ITEM_STATUS_NAMES[item.status] ?? item.status), itemNote(item)]),
          rowAttributes: (i) => ({ 'data-item': items[i].id, 'data-status': items[i].status }),
        }),
  );
}

function metricsSection(report) {
  const metrics = report.metrics ?? [];
  const id = uniqueId('metrics');
  const latency = report.live ? latencyFigures(report) : undefined;
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': id },
    h('h2', { id }, 'Success metrics'),
    metrics.length === 0
      ? emptyNote('This run did not include the metrics gates.')
      : table({
          caption: 'Each metric against its threshold',
          columns: ['Metric', 'Value', 'Threshold', 'Status', 'How measured'],
          rows: metrics.map((m) => [m.title, typeof m.value === 'number' ? withUnit(m.value, m.unit) : 'not measured', withUnit(m.threshold, m.unit), statusBadge(m.status), m.reason ?? '']),
          rowAttributes: (i) => ({ 'data-metric': metrics[i].id, 'data-status': metrics[i].status }),
        }),
    h('h3', {}, 'Latency of the last live run'),
    latency?.figures.length
      ? latencyChart(latency)
      : report.live
        ? emptyNote('This live run measured no response times (no GET endpoint could be load-tested).')
        : emptyNote('This report comes from a static run; ', h('code', {}, 'bo check --live'), ' measures response times (p50, p95, p99).'),
  );
}

export async function checksView({ signal }) {
  const report = await getOptional('/v1/reports/latest', { signal });
  const title = h('h1', { id: 'view-title', tabindex: '-1' }, 'Checklist overview');
  if (!report) {
    return {
      title: 'Checklist overview',
      node: h('section', { 'aria-labelledby': 'view-title' }, title, emptyNote('No project report yet. Run ', h('code', {}, 'bo check'), ' (or POST /v1/checks) and come back.')),
    };
  }
  const findingsId = uniqueId('findings');
  return {
    title: 'Checklist overview',
    node: h(
      'section',
      { 'aria-labelledby': 'view-title', 'data-report': report.id },
      title,
      reportHeadline(report),
      metricsSection(report),
      (report.checklists ?? []).map(checklistSection),
      h('section', { class: 'panel', 'aria-labelledby': findingsId }, h('h2', { id: findingsId }, 'Findings'), findingsTable(report.findings, { root: report.root, caption: 'Findings of the project' })),
    ),
  };
}

