/**
 * Inline suppressions: `// bo-ignore <rule-id>: <reason>` on the finding's line or the line above
 * (also `#` in YAML and `--` in SQL, `/* … *\/` and `{/* … *\/}` anywhere). The reason is required:
 * a comment without one silences nothing and the finding says why.
 */
import type { Finding } from './types.js';

export interface Suppression {
  rule: string;
  reason: string | undefined;
  file: string;
  line: number;
}

const MARKER = /(?:\/\/|\/\*|#|--)\s*bo-ignore\s+([A-Za-z0-9_./*-]+)\s*(?::\s*(.*?))?\s*(?:\*\/\s*)?$/;

/** The suppressions in one file's text, by the line they are on (1-based). */
export function findSuppressions(file: string, text: string): Map<number, Suppression[]> {
  const found = new Map<number, Suppression[]>();
  if (!text.includes('bo-ignore')) return found;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (!line.includes('bo-ignore')) return;
    const match = MARKER.exec(line.replace(/\r$/, ''));
    if (!match) return;
    const reason = match[2]?.replace(/\*\/\s*\}?\s*$/, '').trim();
    const entry: Suppression = { rule: match[1] as string, reason: reason ? reason : undefined, file, line: index + 1 };
    found.set(index + 1, [...(found.get(index + 1) ?? []), entry]);
  });
  return found;
}

const matches = (pattern: string, rule: string) => pattern === rule || (pattern.endsWith('/*') && rule.startsWith(pattern.slice(0, -1)));

/**
 * Marks the findings a suppression covers (same line or the line above). A suppression without a
 * reason does not apply; the finding's message says so, so the author can add one.
 */
export function applySuppressions(findings: Finding[], textOf: (file: string) => string | undefined): Finding[] {
  const perFile = new Map<string, Map<number, Suppression[]>>();
  const suppressionsOf = (file: string) => {
    let entry = perFile.get(file);
    if (!entry) {
      const text = textOf(file);
      entry = text === undefined ? new Map() : findSuppressions(file, text);
      perFile.set(file, entry);
    }
    return entry;
  };
  return findings.map((finding) => {
    const lines = suppressionsOf(finding.file);
    if (lines.size === 0) return finding;
    const candidates = [...(lines.get(finding.line) ?? []), ...(lines.get(finding.line - 1) ?? [])].filter((s) => matches(s.rule, finding.rule));
    const honoured = candidates.find((s) => s.reason);
    if (honoured) return { ...finding, suppressed: { reason: honoured.reason as string, file: honoured.file, line: honoured.line } };
    if (candidates.length) return { ...finding, message: `${finding.message} (the bo-ignore on line ${candidates[0]?.line} has no reason, so it does not apply: write \`bo-ignore ${finding.rule}: <why>\`)` };
    return finding;
  });
}
