/** Markdown for a pull-request comment: verdict, one table per checklist, the findings, what was skipped. */
import { AREA_TITLES, formatMetricValue, STATUS_ICON, STATUS_LABEL } from './labels.js';
import type { Report } from './model.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

export function renderMarkdown(report: Report): string {
  const { summary } = report;
  const out: string[] = [
    `## backend-orchestrator check: ${report.verdict === 'pass' ? '✅ pass' : '❌ fail'}`,
    '',
    `${summary.errors} errors · ${summary.warnings} warnings${summary.infos ? ` · ${summary.infos} info` : ''}${summary.suppressed ? ` · ${summary.suppressed} suppressed` : ''} · ${(report.durationMs / 1000).toFixed(2)} s`,
    '',
  ];
  for (const checklist of report.checklists) {
    out.push(`### ${AREA_TITLES[checklist.area]}`, '', '| | item | status | findings |', '| --- | --- | --- | --- |');
    for (const item of checklist.items) {
      const ids = new Set(item.rules.map((r) => r.id));
      const count = report.findings.filter((f) => ids.has(f.rule)).length;
      const status = item.status === 'skipped' || item.status === 'not-applicable' ? `${STATUS_LABEL[item.status]}${item.reason ? ` (${item.reason})` : ''}` : STATUS_LABEL[item.status];
      out.push(`| ${STATUS_ICON[item.status]} | ${cell(item.title)} | ${cell(status)} | ${count || ''} |`);
    }
    out.push('');
  }
  if (report.metrics.length) {
    out.push('### Metrics', '', '| metric | value | threshold | status |', '| --- | --- | --- | --- |');
    for (const m of report.metrics) {
      out.push(`| ${m.title} | ${formatMetricValue(m.value, m.unit)} | ${formatMetricValue(m.threshold, m.unit)} | ${m.status}${m.reason ? ` (${cell(m.reason)})` : ''} |`);
    }
    out.push('');
  }
  if (report.findings.length) {
    out.push('### Findings', '');
    for (const f of report.findings) {
      out.push(`- **${f.severity}** ${code(`${f.file}:${f.line}`)} ${code(f.rule)}: ${f.message}  \n  Fix: ${f.hint}`);
    }
    out.push('');
  }
  if (report.suppressed.length) {
    out.push('<details><summary>Suppressed findings</summary>', '');
    for (const f of report.suppressed) out.push(`- ${code(`${f.file}:${f.line}`)} ${code(f.rule)}: ${f.suppressed?.reason ?? ''}`);
    out.push('', '</details>', '');
  }
  if (report.internalErrors.length) {
    out.push('### Internal errors', '');
    for (const e of report.internalErrors) out.push(`- ${code(e.rule)}${e.file ? ` in ${code(e.file)}` : ''}: ${e.message}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
