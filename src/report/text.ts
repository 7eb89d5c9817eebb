/** The terminal report: grouped by checklist, one line per item, findings under their item with file:line and hint. */
import type { Paint } from '../cli/io.js';
import type { Finding } from '../gates/types.js';
import { AREA_TITLES, formatMetricValue, plural, STATUS_ICON, STATUS_LABEL } from './labels.js';
import type { Report } from './model.js';

const STATUS_STYLE = { pass: 'green', fail: 'red', warn: 'yellow', skipped: 'dim', 'not-applicable': 'dim' } as const;
const SEVERITY_STYLE = { error: 'red', warning: 'yellow', info: 'cyan' } as const;

export function renderText(report: Report, paint: Paint): string {
  const out: string[] = [];
  const findingsOf = (ruleIds: readonly string[]) => report.findings.filter((f) => ruleIds.includes(f.rule));
  for (const checklist of report.checklists) {
    out.push(paint('bold', `${AREA_TITLES[checklist.area]}`) + paint('dim', `  (${checklist.durationMs} ms)`));
    for (const item of checklist.items) {
      const style = STATUS_STYLE[item.status];
      const findings = findingsOf(item.rules.map((r) => r.id));
      const count = findings.length ? paint('dim', `  ${plural(findings.length, 'finding')}`) : '';
      out.push(`  ${paint(style, `${STATUS_ICON[item.status]} ${STATUS_LABEL[item.status].padEnd(14)}`)} ${item.title}${count}`);
      if (item.reason) out.push(paint('dim', `      ${item.reason}`));
      for (const finding of findings) out.push(...renderFinding(finding, paint));
    }
    out.push('');
  }
  if (report.metrics.length) {
    out.push(paint('bold', 'Metrics'));
    for (const metric of report.metrics) {
      const value = formatMetricValue(metric.value, metric.unit);
      const status = metric.status === 'skipped' ? paint('dim', `skipped (${metric.reason ?? 'not measured'})`) : paint(metric.status === 'pass' ? 'green' : 'red', metric.status);
      out.push(`  ${metric.title.padEnd(28)} ${value.padStart(8)}  threshold ${formatMetricValue(metric.threshold, metric.unit)}  ${status}`);
    }
    out.push('');
  }
  if (report.suppressed.length) {
    out.push(paint('bold', `Suppressed (${report.suppressed.length})`));
    for (const f of report.suppressed) out.push(paint('dim', `  ${f.file}:${f.line}  ${f.rule}: ${f.suppressed?.reason ?? ''}`));
    out.push('');
  }
  if (report.internalErrors.length) {
    out.push(paint('yellow', `Internal errors (${report.internalErrors.length}) — the other rules ran:`));
    for (const e of report.internalErrors) out.push(`  ${e.rule}${e.file ? ` in ${e.file}` : ''}: ${e.message}`);
    out.push('');
  }
  if (report.problems.length) {
    out.push(paint('yellow', `Unreadable input (${report.problems.length}) — skipped, the rest was checked:`));
    for (const p of report.problems.slice(0, 10)) out.push(`  ${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}  ${p.message}`);
    if (report.problems.length > 10) out.push(paint('dim', `  … ${report.problems.length - 10} more (--format json lists all)`));
    out.push('');
  }
  const { summary } = report;
  const verdict = report.verdict === 'pass' ? paint('green', 'PASS') : paint('red', 'FAIL');
  out.push(
    `${verdict}  ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}${summary.infos ? `, ${summary.infos} info` : ''}` +
      `${summary.suppressed ? `, ${summary.suppressed} suppressed` : ''} · items: ${summary.items.pass} pass, ${summary.items.fail} fail, ${summary.items.warn} warn, ` +
      `${summary.items.skipped} skipped, ${summary.items['not-applicable']} n/a · ${(report.durationMs / 1000).toFixed(2)} s`,
  );
  return `${out.join('\n')}\n`;
}

function renderFinding(finding: Finding, paint: Paint): string[] {
  const lines = [
    `      ${paint('cyan', `${finding.file}:${finding.line}:${finding.column}`)}  ${paint(SEVERITY_STYLE[finding.severity], finding.severity)}  ${finding.message}  ${paint('dim', finding.rule)}`,
    paint('dim', `        → ${finding.hint}`),
  ];
  for (const related of finding.related ?? []) lines.push(paint('dim', `        ${related.file}:${related.line}  ${related.message}`));
  return lines;
}
