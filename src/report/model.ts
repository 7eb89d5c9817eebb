/**
 * The report object (spec/gates.md "Reports"): per checklist item its status and findings, per
 * metric its value against the threshold, what was skipped and why, the time each gate took and
 * the verdict. Every format (text, JSON, SARIF, JUnit, Markdown) renders this one value.
 */
import type { Thresholds } from '../config/schema.js';
import type { InternalError, ItemResult, RunResult } from '../gates/engine.js';
import type { Measurement } from '../gates/live/types.js';
import type { Area, Finding, Rule } from '../gates/types.js';
import type { ScanProblem } from '../scan/types.js';

export interface MetricResult {
  id: string;
  title: string;
  threshold: number;
  unit: string;
  /** Measured value; absent when not measured in this run. */
  value?: number;
  status: 'pass' | 'fail' | 'skipped';
  reason?: string;
}

export interface ReportRule {
  id: string;
  area: Area;
  checklist: string;
  severity: string;
  kind: Rule['kind'];
  description: string;
}

export interface Report {
  schemaVersion: 1;
  id: string;
  tool: { name: string; version: string };
  /** Absolute project root. */
  root: string;
  createdAt: string;
  durationMs: number;
  areas: Area[];
  live: boolean;
  verdict: 'pass' | 'fail';
  summary: {
    errors: number;
    warnings: number;
    infos: number;
    suppressed: number;
    items: Record<ItemResult['status'], number>;
  };
  /** Per area: its items and how long its rules took. */
  checklists: { area: Area; durationMs: number; items: ItemResult[] }[];
  metrics: MetricResult[];
  /** Findings that count, sorted by file and line. */
  findings: Finding[];
  /** Findings a `bo-ignore` silenced, with the reason. */
  suppressed: Finding[];
  internalErrors: InternalError[];
  /** Files the scan could not read (reported, never fatal). */
  problems: ScanProblem[];
  /** The metadata of the rules this run used (SARIF's rule table, docs links). */
  rules: ReportRule[];
}

export interface ReportMeta {
  id: string;
  root: string;
  createdAt: Date;
  durationMs: number;
  version: string;
  areas: Area[];
  live: boolean;
  thresholds: Thresholds;
  /** Values the dynamic gates measured, by metric rule id. */
  measurements?: ReadonlyMap<string, Measurement> | undefined;
  problems: readonly ScanProblem[];
  rules: readonly Rule[];
}

const METRICS: { id: string; title: string; threshold: keyof Thresholds; unit: string }[] = [
  { id: 'metrics/api-response-time', title: 'API response time (p95)', threshold: 'api_p95_ms', unit: 'ms' },
  { id: 'metrics/test-coverage', title: 'Test coverage (lines)', threshold: 'coverage_pct', unit: '%' },
  { id: 'metrics/security-vulnerabilities', title: 'Security vulnerabilities', threshold: 'vulnerabilities', unit: '' },
  { id: 'metrics/db-query-time', title: 'Database query time', threshold: 'db_query_ms', unit: 'ms' },
  { id: 'metrics/error-rate', title: 'Error rate', threshold: 'error_rate_pct', unit: '%' },
];

export function buildReport(run: RunResult, meta: ReportMeta): Report {
  const counted = run.findings.filter((f) => !f.suppressed);
  const items = run.items;
  const tally = { pass: 0, fail: 0, warn: 0, skipped: 0, 'not-applicable': 0 } as Record<ItemResult['status'], number>;
  for (const item of items) tally[item.status] += 1;
  const usedRules = new Set(items.flatMap((i) => i.rules.map((r) => r.id)));
  return {
    schemaVersion: 1,
    id: meta.id,
    tool: { name: 'backend-orchestrator', version: meta.version },
    root: meta.root,
    createdAt: meta.createdAt.toISOString(),
    durationMs: Math.round(meta.durationMs),
    areas: meta.areas,
    live: meta.live,
    verdict: counted.some((f) => f.severity === 'error') || items.some((i) => i.status === 'fail') ? 'fail' : 'pass',
    summary: {
      errors: counted.filter((f) => f.severity === 'error').length,
      warnings: counted.filter((f) => f.severity === 'warning').length,
      infos: counted.filter((f) => f.severity === 'info').length,
      suppressed: run.findings.length - counted.length,
      items: tally,
    },
    checklists: meta.areas.map((area) => ({
      area,
      durationMs: Math.round((run.durations[area] ?? 0) * 10) / 10,
      items: items.filter((i) => i.area === area),
    })),
    metrics: meta.areas.includes('metrics') ? metricsOf(run, counted, meta.thresholds, meta.measurements) : [],
    findings: counted,
    suppressed: run.findings.filter((f) => f.suppressed),
    internalErrors: run.internalErrors,
    problems: [...meta.problems],
    rules: meta.rules
      .filter((r) => usedRules.has(r.id))
      .map((r) => ({ id: r.id, area: r.area, checklist: r.checklist, severity: r.severity, kind: r.kind, description: r.docs.description })),
  };
}

function metricsOf(run: RunResult, counted: Finding[], thresholds: Thresholds, measurements?: ReadonlyMap<string, Measurement>): MetricResult[] {
  const results = new Map(run.items.flatMap((i) => i.rules).map((r) => [r.id, r]));
  return METRICS.map((metric) => {
    const rule = results.get(metric.id);
    const base = { id: metric.id, title: metric.title, threshold: thresholds[metric.threshold], unit: metric.unit };
    if (metric.id === 'metrics/security-vulnerabilities' && rule && (rule.status === 'pass' || rule.status === 'fail')) {
      const value = counted.filter((f) => f.rule.startsWith('sec/') && f.severity === 'error').length;
      return { ...base, value, status: value <= base.threshold ? 'pass' : 'fail' };
    }
    const measured = measurements?.get(metric.id);
    if (measured && rule && (rule.status === 'pass' || rule.status === 'fail')) {
      return { ...base, value: measured.value, status: rule.status, ...(measured.detail ? { reason: measured.detail } : {}) };
    }
    return { ...base, status: 'skipped', reason: rule?.reason ?? 'not measured' };
  });
}
