/** How a taint finding reads in a report: where the data came from, the calls it went through, the sink. */
import type { CheckContext, FindingInput, RelatedLocation, Reporter, RuleVerdict } from '../../types.js';
import { taintAnalysis } from './engine.js';
import type { Place, TaintFinding, TaintRule } from './types.js';

export const at = (place: Place, from?: Place): string => (from && from.file === place.file ? `line ${place.line}` : `${place.file}:${place.line}`);

/** The source, each call on the way and the sink (unless the finding is on the sink's line). */
export function relatedOf(finding: TaintFinding, sinkVerb: string): RelatedLocation[] {
  const { origin, sink } = finding;
  const list: RelatedLocation[] = [{ ...loc(origin.root.at), message: `request data read here: ${origin.root.label}` }, ...origin.hops.map((hop) => ({ ...loc(hop), message: hop.message }))];
  if (sink.at.file !== finding.at.file || sink.at.line !== finding.at.line) list.push({ ...loc(sink.at), message: `${sinkVerb} by ${sink.name}` });
  const seen = new Set<string>();
  return list.filter((entry) => {
    const key = `${entry.file}:${entry.line}:${entry.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const loc = (place: Place) => ({ file: place.file, line: place.line, column: place.column });

/** `req.query.q (src/routes/products.ts:39)`, shortened to the line when it is the finding's own file. */
export const sourceText = (finding: TaintFinding): string => `${finding.origin.root.label} (${at(finding.origin.root.at, finding.at)})`;

/** The shared body of the three rules' checks: the analysis's errors and the findings of one rule. */
export function reportTaint(
  context: CheckContext,
  reporter: Reporter,
  rule: TaintRule,
  describe: (finding: TaintFinding) => Omit<FindingInput, 'file' | 'line' | 'column'>,
  keep: (finding: TaintFinding) => boolean = () => true,
): RuleVerdict | void {
  const analysis = taintAnalysis(context);
  for (const { file, error } of analysis.errors) reporter.internalError(file, error);
  if (analysis.modules === 0) return { status: 'not-applicable', reason: 'no JavaScript or TypeScript service code to read' };
  for (const finding of analysis.findings) {
    if (finding.rule !== rule || !keep(finding)) continue;
    const subject = finding.origin.root.subject;
    reporter.report({ file: finding.at.file, line: finding.at.line, column: finding.at.column, ...(subject ? { subject } : {}), ...describe(finding) });
  }
}
