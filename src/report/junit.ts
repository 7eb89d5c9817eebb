/** JUnit XML for CI test tabs: one test suite per checklist, one test case per checklist item. */
import type { Finding } from '../gates/types.js';
import { AREA_TITLES } from './labels.js';
import type { Report } from './model.js';

const escape = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 forbids most control characters even escaped.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

const line = (f: Finding) => `${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule}: ${f.message} (fix: ${f.hint})`;

export function renderJunit(report: Report): string {
  const suites = report.checklists.map((checklist) => {
    const cases = checklist.items.map((item) => {
      const ids = new Set(item.rules.map((r) => r.id));
      const findings = report.findings.filter((f) => ids.has(f.rule));
      const time = (item.rules.reduce((sum, r) => sum + r.durationMs, 0) / 1000).toFixed(3);
      const open = `    <testcase classname="${escape(`${checklist.area}`)}" name="${escape(item.title)}" time="${time}"`;
      if (item.status === 'fail') {
        const errors = findings.filter((f) => f.severity === 'error');
        return `${open}>\n      <failure message="${escape(`${errors.length} error finding(s)`)}" type="${escape(errors[0]?.rule ?? 'fail')}">${escape(findings.map(line).join('\n'))}</failure>\n    </testcase>`;
      }
      if (item.status === 'skipped' || item.status === 'not-applicable') {
        return `${open}>\n      <skipped message="${escape(`${item.status === 'skipped' ? 'skipped' : 'not applicable'}: ${item.reason ?? ''}`)}"/>\n    </testcase>`;
      }
      if (findings.length || item.reason) {
        const text = [...findings.map(line), ...(item.reason ? [item.reason] : [])].join('\n');
        return `${open}>\n      <system-out>${escape(text)}</system-out>\n    </testcase>`;
      }
      return `${open}/>`;
    });
    const failures = checklist.items.filter((i) => i.status === 'fail').length;
    const skipped = checklist.items.filter((i) => i.status === 'skipped' || i.status === 'not-applicable').length;
    return `  <testsuite name="${escape(AREA_TITLES[checklist.area])}" tests="${checklist.items.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${(checklist.durationMs / 1000).toFixed(3)}" timestamp="${report.createdAt.replace(/\.\d+Z$/, '')}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const items = report.checklists.flatMap((c) => c.items);
  const failures = items.filter((i) => i.status === 'fail').length;
  const skipped = items.filter((i) => i.status === 'skipped' || i.status === 'not-applicable').length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bo check" tests="${items.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
