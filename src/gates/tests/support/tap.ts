/**
 * A tiny TAP reader: `ok` / `not ok` test points, the `1..N` plan, and the YAML block after a
 * failing point for its `location` and `error` (what `node --test` writes). Subtests are indented;
 * a point whose subtests were listed before it is a suite, not a test, and is left out.
 */
import { ReportError, type TestCase, type TestResults } from './results.js';

const POINT = /^(\s*)(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?([^#]*?)\s*(?:#\s*(SKIP|TODO)\b.*)?$/i;
const PLAN = /^\s*1\.\.(\d+)/;
const BAIL = /^\s*Bail out!\s*(.*)$/i;

export const looksLikeTap = (text: string): boolean => /^TAP version \d+/m.test(text) || (PLAN.test(text) && /^\s*(not )?ok\b/m.test(text));

export function readTap(file: string, text: string): TestResults {
  const lines = text.split(/\r?\n/);
  const tests: TestCase[] = [];
  let plan: number | undefined;
  let topLevel = 0;
  let deepestSince = new Map<number, number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (/^\s*---\s*$/.test(line)) {
      // A YAML diagnostic block: its lines are data (`ok: true` is not a test point).
      while (i + 1 < lines.length && !/^\s*\.\.\.\s*$/.test(lines[i + 1] as string)) i++;
      i++;
      continue;
    }
    const bail = BAIL.exec(line);
    if (bail) throw new ReportError(file, `the test run bailed out: ${bail[1] || 'no reason given'}`, i + 1);
    const planMatch = PLAN.exec(line);
    if (planMatch && !/^\s/.test(line)) plan = Number(planMatch[1]);
    const point = POINT.exec(line);
    if (!point) continue;
    const indent = (point[1] as string).length;
    if (indent === 0) topLevel++;
    // A point with deeper points since the last one at its level is a suite: its subtests were reported.
    const isSuite = [...deepestSince.keys()].some((level) => level > indent);
    deepestSince = new Map([...deepestSince].filter(([level]) => level < indent));
    deepestSince.set(indent, i);
    if (isSuite) continue;
    const directive = point[5]?.toUpperCase();
    const status = directive ? 'skipped' : point[2]?.toLowerCase() === 'ok' ? 'passed' : 'failed';
    const test: TestCase = { name: point[4] || `test ${point[3] ?? tests.length + 1}`, status };
    if (status === 'failed') Object.assign(test, diagnostics(lines, i + 1));
    tests.push(test);
  }
  if (tests.length === 0 && plan === undefined) throw new ReportError(file, 'no TAP test points ("ok" / "not ok" lines) and no plan');
  if (plan !== undefined && topLevel < plan) tests.push({ name: `${plan - topLevel} planned test(s) never reported`, status: 'failed', message: `the plan says 1..${plan} but ${topLevel} test point(s) were reported (the run stopped early)` });
  return { format: 'tap', tests };
}

/** The YAML block (`---` … `...`) after a failing point: `location: 'file:line:col'` and `error: '…'`. */
function diagnostics(lines: string[], start: number): Pick<TestCase, 'file' | 'line' | 'message'> {
  if (!/^\s*---\s*$/.test(lines[start] ?? '')) return {};
  const found: Pick<TestCase, 'file' | 'line' | 'message'> = {};
  for (let i = start + 1; i < lines.length && !/^\s*\.\.\.\s*$/.test(lines[i] as string); i++) {
    const entry = /^\s*(location|error|message):\s*(.*)$/.exec(lines[i] as string);
    if (!entry) continue;
    const value = (entry[2] as string).replace(/^['"]|['"]$/g, '');
    if (entry[1] === 'location') {
      const at = /^(?:file:\/\/)?(.*?):(\d+)(?::\d+)?$/.exec(value);
      if (at) Object.assign(found, { file: at[1], line: Number(at[2]) });
    } else if (!found.message && value && value !== '|-' && value !== '|') {
      found.message = value.slice(0, 300);
    }
  }
  return found;
}
