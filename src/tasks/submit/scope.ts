/**
 * A task answers for what it touches, not for the whole backend: the findings of a submit are kept
 * when they are about one of the task's targets (their subject is a target endpoint or model, or a
 * field or table of one), or, for findings about no particular endpoint or model, when they sit in
 * a file of a target endpoint (its route file or handler modules). A task without targets answers
 * for everything its gates find. Failures are the kept error findings, each with rule, place and
 * the rule's fix hint: what an agent needs to fix, and nothing else. Pure.
 */
import { normalizeTarget } from '../rank.js';
import type { Finding } from '../../gates/types.js';

export interface TaskScope {
  /** Resolved targets: endpoint ids (`GET /api/x/{id}`) and model names. */
  targets: readonly string[];
  /** The targets' tables too (a model's table name), lower case. */
  tables: readonly string[];
  /** Files of the target endpoints: where they are registered and their handlers live. */
  files: readonly string[];
}

export interface Failure {
  rule: string;
  severity: Finding['severity'];
  file: string;
  line: number;
  message: string;
  hint: string;
  subject?: string;
}

const endpointKey = (id: string): string | undefined => {
  const target = normalizeTarget(id);
  return target.method ? `${target.method} ${target.name}` : undefined;
};

export function inScope(finding: Pick<Finding, 'subject' | 'file'>, scope: TaskScope): boolean {
  if (scope.targets.length === 0) return true;
  const subject = finding.subject;
  if (subject && subject !== 'project') {
    const asEndpoint = endpointKey(subject);
    if (asEndpoint !== undefined) return scope.targets.some((t) => endpointKey(t) === asEndpoint);
    const lower = subject.toLowerCase();
    const names = [...scope.targets.map((t) => t.toLowerCase()), ...scope.tables];
    if (names.some((name) => lower === name || lower.startsWith(`${name}.`) || lower.startsWith(`public.${name}`))) return true;
    return false;
  }
  return scope.files.includes(finding.file);
}

/** Error findings in scope become failures; the rest of what is in scope is kept as warnings. */
export function scopeFindings(findings: readonly Finding[], scope: TaskScope): { failures: Failure[]; warnings: Failure[] } {
  const failures: Failure[] = [];
  const warnings: Failure[] = [];
  for (const finding of findings) {
    if (finding.suppressed || !inScope(finding, scope)) continue;
    const item: Failure = {
      rule: finding.rule,
      severity: finding.severity,
      file: finding.file,
      line: finding.line,
      message: finding.message,
      hint: finding.hint,
      ...(finding.subject ? { subject: finding.subject } : {}),
    };
    if (finding.severity === 'error') failures.push(item);
    else if (finding.severity === 'warning') warnings.push(item);
  }
  return { failures, warnings };
}

/** The failures as text to paste into an agent's prompt: one block per failure, fix hint included. */
export function failuresText(failures: readonly Failure[]): string {
  return failures.map((f, i) => `${i + 1}. [${f.rule}] ${f.file}:${f.line}: ${f.message}\n   fix: ${f.hint}`).join('\n');
}
