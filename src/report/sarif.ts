/**
 * SARIF 2.1.0 (OASIS) for code-scanning upload: one run, the rules used as the driver's rule table,
 * one result per finding (suppressed ones with an in-source suppression and its justification),
 * related locations for data flows, internal errors as tool notifications.
 */
import type { Finding, Severity } from '../gates/types.js';
import type { Report } from './model.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const HELP = 'https://github.com/backend-orchestrator/backend-orchestrator/blob/main/docs/rules.md';

const location = (file: string, line: number, column?: number) => ({
  physicalLocation: {
    artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' },
    region: { startLine: line, ...(column ? { startColumn: column } : {}) },
  },
});

export function renderSarif(report: Report): string {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]));
  const result = (finding: Finding) => ({
    ruleId: finding.rule,
    ...(ruleIndex.has(finding.rule) ? { ruleIndex: ruleIndex.get(finding.rule) } : {}),
    level: LEVEL[finding.severity],
    message: { text: `${finding.message}. Fix: ${finding.hint}` },
    locations: [location(finding.file, finding.line, finding.column)],
    ...(finding.related?.length
      ? { relatedLocations: finding.related.map((r, id) => ({ id, ...location(r.file, r.line, r.column), message: { text: r.message } })) }
      : {}),
    ...(finding.suppressed ? { suppressions: [{ kind: 'inSource', justification: finding.suppressed.reason }] } : {}),
    partialFingerprints: { 'boFinding/v1': `${finding.rule}:${finding.file}:${finding.subject ?? finding.message}` },
    properties: { hint: finding.hint, ...(finding.subject ? { subject: finding.subject } : {}) },
  });
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: 'https://github.com/backend-orchestrator/backend-orchestrator',
            rules: report.rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/[^A-Za-z0-9]+(.)/g, (_m, c: string) => c.toUpperCase()),
              shortDescription: { text: rule.checklist },
              fullDescription: { text: rule.description },
              helpUri: `${HELP}#${rule.id.replace('/', '')}`,
              defaultConfiguration: { level: rule.severity === 'off' ? 'none' : LEVEL[rule.severity as Severity] ?? 'warning' },
              properties: { tags: [rule.area, rule.checklist], kind: rule.kind },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${report.root.endsWith('/') ? report.root : `${report.root}/`}` } },
        invocations: [
          {
            executionSuccessful: report.internalErrors.length === 0,
            toolExecutionNotifications: report.internalErrors.map((e) => ({
              level: 'error',
              message: { text: `internal error in ${e.rule}: ${e.message}` },
              ...(e.file ? { locations: [location(e.file, 1)] } : {}),
              descriptor: { id: e.rule },
            })),
          },
        ],
        results: [...report.findings, ...report.suppressed].map(result),
        properties: { verdict: report.verdict, reportId: report.id },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
