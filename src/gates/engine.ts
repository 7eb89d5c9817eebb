/**
 * Runs rules over a check context and decides every checklist item: pure over its input (the
 * clock aside), so reports are tested without disk. A rule that throws is recorded as an internal
 * error of that rule (with the file, when it went file by file) and the other rules still run.
 */
import { CHECKLIST, type ChecklistItem } from './catalog.js';
import { applySuppressions } from './suppress.js';
import type { Area, CheckContext, Finding, FindingInput, Rule, RuleVerdict, Severity, StaticRule } from './types.js';

export type ItemStatus = 'pass' | 'fail' | 'warn' | 'skipped' | 'not-applicable';
export type RuleStatus = ItemStatus | 'error';

export interface RuleResult {
  id: string;
  kind: Rule['kind'];
  severity: Severity | 'off';
  status: RuleStatus;
  /** Why it was skipped or not applicable, or the internal error. */
  reason?: string;
  findings: number;
  durationMs: number;
  /** The live part of a static rule that this run did not decide: what it checks, and why not. */
  liveSkipped?: string;
}

export interface ItemResult {
  id: string;
  area: Area;
  title: string;
  status: ItemStatus;
  /** Why the item is skipped / not applicable, or which of its parts were skipped. */
  reason?: string;
  rules: RuleResult[];
}

export interface InternalError {
  rule: string;
  file?: string;
  message: string;
}

export interface RunResult {
  items: ItemResult[];
  /** Every finding, suppressed ones included (marked), sorted by file and line. */
  findings: Finding[];
  internalErrors: InternalError[];
  durations: Partial<Record<Area, number>>;
}

export interface RunOptions {
  areas: readonly Area[];
  /** `gates.severities` from the config: a rule's severity, or `off`. */
  severities?: Record<string, Severity | 'off'>;
  now?: () => number;
  /** `--only` / `--skip`: whether a rule is to run (the others are reported as left out). */
  selected?: (ruleId: string) => boolean;
  /** What the dynamic rules found when they ran (`runDynamicRules`); the others are skipped with the reason. */
  dynamic?: ReadonlyMap<string, DynamicOutcome>;
}

/** One dynamic rule's run, as the engine merges it with the static rules. */
export interface DynamicOutcome {
  findings: FindingInput[];
  errors: InternalError[];
  verdict: RuleVerdict | void;
  durationMs: number;
}

const NEEDS_TEXT = { live: 'needs --live', database: 'needs database', tests: 'needs --live: runs the test command', base: 'needs --base' } as const;

export function runRules(rules: readonly Rule[], context: CheckContext, options: RunOptions): RunResult {
  const now = options.now ?? (() => performance.now());
  const byId = new Map(rules.map((r) => [r.id, r]));
  const items = CHECKLIST.filter((i) => options.areas.includes(i.area));
  const findings: Finding[] = [];
  const internalErrors: InternalError[] = [];
  const results = new Map<string, RuleResult>();
  const durations: Partial<Record<Area, number>> = {};

  const finish = (rule: Rule, severity: Severity, own: Finding[], errors: InternalError[], verdict: RuleVerdict | void, durationMs: number) => {
    durations[rule.area] = (durations[rule.area] ?? 0) + durationMs;
    const marked = applySuppressions(own, (file) => context.fileText(file));
    findings.push(...marked);
    internalErrors.push(...errors);
    const live = marked.filter((f) => !f.suppressed);
    const status: RuleStatus =
      live.some((f) => f.severity === 'error') || verdict?.status === 'fail'
        ? 'fail'
        : live.some((f) => f.severity === 'warning')
          ? 'warn'
          : errors.length
            ? 'error'
            : verdict
              ? verdict.status
              : 'pass';
    const reason = status === 'error' ? errors.map((e) => `internal error${e.file ? ` in ${e.file}` : ''}: ${e.message}`).join('; ') : verdict?.reason;
    results.set(rule.id, {
      id: rule.id,
      kind: rule.kind,
      severity,
      status,
      ...(reason ? { reason } : {}),
      findings: live.length,
      durationMs: Math.round(durationMs * 10) / 10,
      ...(rule.live && !options.dynamic?.has(rule.id) ? { liveSkipped: `${rule.live}: ${options.dynamic ? 'not decided by --live in this version yet' : 'needs --live'}` } : {}),
    });
  };
  const chosen = options.selected ?? (() => true);
  const ordered = items.flatMap((i) => i.rules.map((id) => byId.get(id)).filter((r): r is Rule => r !== undefined && chosen(r.id)));
  for (const rule of items.flatMap((i) => i.rules).filter((id) => byId.has(id) && !chosen(id))) {
    results.set(rule, { id: rule, kind: (byId.get(rule) as Rule).kind, severity: 'error', status: 'skipped', reason: 'left out (--only/--skip)', findings: 0, durationMs: 0 });
  }
  const staticRules = ordered.filter((r): r is StaticRule => r.kind === 'static');
  const sequence = [...staticRules.filter((r) => !r.runsLast), ...staticRules.filter((r) => r.runsLast)];
  for (const rule of ordered.filter((r) => r.kind === 'dynamic')) {
    const outcome = options.dynamic?.get(rule.id);
    const severity = options.severities?.[rule.id] ?? rule.severity;
    if (outcome && severity !== 'off') {
      finish(rule, severity, outcome.findings.map((f) => toFinding(rule, severity, f)), outcome.errors, outcome.verdict, outcome.durationMs);
      continue;
    }
    const reason = options.dynamic ? 'not decided by --live in this version yet' : NEEDS_TEXT[rule.needs ?? 'live'];
    results.set(rule.id, { id: rule.id, kind: 'dynamic', severity: rule.severity, status: 'skipped', reason, findings: 0, durationMs: 0 });
  }
  for (const rule of sequence) {
    const severity = options.severities?.[rule.id] ?? rule.severity;
    if (severity === 'off') {
      results.set(rule.id, { id: rule.id, kind: 'static', severity, status: 'skipped', reason: 'turned off in the config (gates.severities)', findings: 0, durationMs: 0 });
      continue;
    }
    const started = now();
    const own: Finding[] = [];
    const errors: InternalError[] = [];
    const reporter = {
      report(input: FindingInput) {
        own.push(toFinding(rule, severity, input));
      },
      internalError(file: string | undefined, error: unknown) {
        errors.push({ rule: rule.id, ...(file ? { file } : {}), message: errorMessage(error) });
      },
    };
    let verdict: RuleVerdict | void = undefined;
    try {
      verdict = rule.check(context, reporter, { areas: options.areas, earlier: findings });
    } catch (error) {
      errors.push({ rule: rule.id, message: errorMessage(error) });
    }
    // The live part's outcome (bo check --live) joins the static one: its findings, its errors, a failing verdict.
    const livePart = options.dynamic?.get(rule.id);
    if (livePart) {
      own.push(...livePart.findings.map((f) => toFinding(rule, severity, f)));
      errors.push(...livePart.errors);
      if (livePart.verdict?.status === 'fail') verdict = livePart.verdict;
    }
    finish(rule, severity, own, errors, verdict, now() - started + (livePart?.durationMs ?? 0));
    const result = results.get(rule.id);
    if (result && rule.live && livePart?.verdict && livePart.verdict.status !== 'fail') result.liveSkipped = `${rule.live} — ${livePart.verdict.reason}`;
  }
  for (const item of items) {
    for (const id of item.rules) {
      if (!results.has(id)) results.set(id, { id, kind: 'static', severity: 'error', status: 'skipped', reason: 'no rule implements it yet', findings: 0, durationMs: 0 });
    }
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
  return { items: items.map((i) => decideItem(i, i.rules.map((id) => results.get(id) as RuleResult))), findings, internalErrors, durations };
}

/** fail > warn > pass; an item none of whose rules could run is skipped (or not applicable), with the reasons. */
export function decideItem(item: ChecklistItem, rules: RuleResult[]): ItemResult {
  const has = (status: RuleStatus) => rules.some((r) => r.status === status);
  const decided = rules.filter((r) => r.status === 'pass' || r.status === 'fail' || r.status === 'warn');
  const partial = rules.filter((r) => r.status === 'skipped' || r.status === 'error').map((r) => `${r.id}: ${r.reason ?? r.status}`);
  const live = rules.filter((r) => r.liveSkipped).map((r) => `${r.id} live part (${r.liveSkipped})`);
  const status: ItemStatus = has('fail')
    ? 'fail'
    : has('warn')
      ? 'warn'
      : decided.length
        ? 'pass'
        : rules.every((r) => r.status === 'not-applicable')
          ? 'not-applicable'
          : 'skipped';
  const reasons =
    status === 'not-applicable'
      ? rules.map((r) => r.reason).filter(Boolean)
      : status === 'skipped'
        ? [...rules.filter((r) => r.status !== 'not-applicable').map((r) => `${r.id}: ${r.reason ?? r.status}`)]
        : [...rules.filter((r) => r.status === 'fail' && r.findings === 0 && r.reason).map((r) => r.reason as string), ...[...partial, ...live].map((text) => `not decided: ${text}`)];
  const reason = [...new Set(reasons)].join('; ');
  return { id: item.id, area: item.area, title: item.title, status, ...(reason ? { reason } : {}), rules };
}

function toFinding(rule: Rule, severity: Severity, input: FindingInput): Finding {
  const finding: Finding = {
    rule: rule.id,
    severity: input.severity && rank(input.severity) > rank(severity) ? input.severity : severity,
    file: input.file,
    line: Math.max(1, input.line),
    column: Math.max(1, input.column ?? 1),
    message: input.message,
    hint: input.hint,
  };
  if (input.related?.length) finding.related = input.related;
  if (input.subject) finding.subject = input.subject;
  return finding;
}

/** A finding may ask for a lower severity than the rule's, never a higher one. */
const rank = (severity: Severity) => ({ error: 0, warning: 1, info: 2 })[severity];

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
