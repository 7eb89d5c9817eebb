/**
 * Pieces of a gate report shared by the task page and the checklist overview: the findings table
 * (each with its file:line, linked to the editor when the report carries the project root), the
 * failing checklist items, and the report's headline.
 */
import { definitionList, emptyNote, h, statusBadge, table } from '../dom.js';
import { editorLink, formatDuration, formatTime, locationText } from '../format.js';

/** `file:line` as code, linked to VS Code when the project root is known. */
function locationNode(root, file, line) {
  const text = locationText(file, line);
  const href = editorLink(root, file, line);
  const code = h('code', {}, text);
  return href ? h('a', { href, class: 'location', title: `Open ${text} in VS Code` }, code) : code;
}

/**
 * Findings (or a submit's failures: the same fields) as a table: where, how bad, which rule, what
 * and how to fix. `marker` names the row attribute (`data-finding` by default) that says which
 * finding a row shows.
 */
export function findingsTable(findings, { root, caption = 'Findings', limit = 200, marker = 'finding' } = {}) {
  if (!findings?.length) return emptyNote('None.');
  const shown = findings.slice(0, limit);
  return h(
    'div',
    {},
    table({
      caption: `${caption} (${findings.length})`,
      className: 'findings',
      columns: ['Location', 'Severity', 'Rule', 'Message'],
      rows: shown.map((f) => [
        locationNode(root, f.file, f.line),
        statusBadge(f.severity),
        h('code', {}, f.rule),
        h('div', {}, h('p', { class: 'finding-message' }, f.message), f.hint ? h('p', { class: 'finding-hint' }, h('span', { class: 'visually-hidden' }, 'How to fix: '), f.hint) : null),
      ]),
      rowAttributes: (i) => ({ [`data-${marker}`]: `${shown[i].rule} ${shown[i].file}:${shown[i].line}`, 'data-severity': shown[i].severity }),
    }),
    shown.length < findings.length ? emptyNote(`Showing ${shown.length} of ${findings.length}; bo check prints all of them.`) : null,
  );
}

/** Every checklist item of the report, flattened. */
const reportItems = (report) => (report.checklists ?? []).flatMap((list) => list.items ?? []);

/** Checklist items as a list of status badges (the failing ones of a run). */
export function itemList(items) {
  if (items.length === 0) return emptyNote('No checklist item failed.');
  return h(
    'ul',
    { class: 'failing-items' },
    items.map((item) => h('li', { 'data-item': item.id, 'data-status': item.status }, statusBadge(item.status), ' ', item.title, ' ', h('code', { class: 'quiet' }, item.id))),
  );
}

/** The checklist items whose rules produced these findings (a task's failures), as failing. */
export function itemsOfFindings(report, findings) {
  const rules = new Set(findings.map((f) => f.rule));
  return reportItems(report)
    .filter((item) => (item.rules ?? []).some((rule) => rules.has(rule.id)))
    .map((item) => ({ ...item, status: findings.some((f) => f.severity === 'error' && item.rules.some((r) => r.id === f.rule)) ? 'fail' : 'warn' }));
}

const itemTally = (items = {}) =>
  [['pass', 'pass'], ['fail', 'fail'], ['warn', 'warn'], ['skipped', 'skipped'], ['not-applicable', 'n/a']]
    .filter(([key]) => items[key])
    .map(([key, label]) => `${items[key]} ${label}`)
    .join(', ');

export function reportHeadline(report) {
  const s = report.summary ?? {};
  return definitionList([
    ['Verdict', statusBadge(report.verdict)],
    ['Report', h('code', {}, report.id)],
    ['Run', `${formatTime(report.createdAt)} · ${formatDuration(report.durationMs)} · ${report.live ? 'live gates included' : 'static gates only'}`],
    ['Checklist items', itemTally(s.items)],
    ['Findings', `${s.errors ?? 0} errors, ${s.warnings ?? 0} warnings, ${s.infos ?? 0} notes${s.suppressed ? `, ${s.suppressed} suppressed` : ''}`],
  ]);
}
