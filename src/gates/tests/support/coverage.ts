/**
 * Line coverage from the three report formats coverage tools write: istanbul's
 * `coverage-summary.json` (`total.lines`), lcov (`LF:`/`LH:` per file) and cobertura XML
 * (`lines-covered`/`lines-valid`, else `line-rate`). A file that is not what it claims throws a
 * `ReportError` naming it.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { percent, ReportError, type LineCoverage } from './results.js';

export function readCoverage(file: string, text: string): LineCoverage {
  if (/^\s*</.test(text) || file.endsWith('.xml')) return readCobertura(file, text);
  if (/^\s*\{/.test(text) || file.endsWith('.json')) return readIstanbulSummary(file, text);
  return readLcov(file, text);
}

interface Counts {
  total?: unknown;
  covered?: unknown;
}

export function readIstanbulSummary(file: string, text: string): LineCoverage {
  let summary: Record<string, { lines?: Counts } | undefined>;
  try {
    summary = JSON.parse(text) as typeof summary;
  } catch (error) {
    throw new ReportError(file, `not valid JSON: ${(error as Error).message}`);
  }
  const total = summary?.total?.lines;
  if (typeof total?.total !== 'number' || typeof total.covered !== 'number') {
    throw new ReportError(file, 'not an istanbul coverage summary: no "total.lines" with "total" and "covered" (use the json-summary reporter)');
  }
  const files = Object.entries(summary)
    .filter(([key, value]) => key !== 'total' && typeof value?.lines?.total === 'number' && typeof value.lines.covered === 'number')
    .map(([key, value]) => ({ file: key, pct: percent(value?.lines?.covered as number, value?.lines?.total as number) }));
  return { format: 'istanbul-summary', covered: total.covered, total: total.total, pct: percent(total.covered, total.total), files: lowestFirst(files) };
}

export function readLcov(file: string, text: string): LineCoverage {
  let covered = 0;
  let total = 0;
  let seen = false;
  let current: { file: string; found: number; hit: number } | undefined;
  const files: { file: string; pct: number }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    const field = /^([A-Z]+):(.*)$/.exec(line);
    if (line === 'end_of_record') {
      if (current) files.push({ file: current.file, pct: percent(current.hit, current.found) });
      current = undefined;
    } else if (field?.[1] === 'SF') {
      current = { file: field[2] as string, found: 0, hit: 0 };
    } else if (field?.[1] === 'LF' || field?.[1] === 'LH') {
      const value = Number(field[2]);
      if (!Number.isInteger(value) || value < 0) throw new ReportError(file, `${field[1]} is not a line count: "${line}"`, i + 1);
      seen = true;
      if (field[1] === 'LF') total += value;
      else covered += value;
      if (current) current[field[1] === 'LF' ? 'found' : 'hit'] = value;
    } else if (line !== '' && !field) {
      throw new ReportError(file, `not an lcov tracefile: unexpected line "${line.slice(0, 80)}"`, i + 1);
    }
  }
  if (!seen) throw new ReportError(file, 'not an lcov tracefile: no LF/LH (lines found / hit) records');
  return { format: 'lcov', covered, total, pct: percent(covered, total), files: lowestFirst(files) };
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseAttributeValue: false });

export function readCobertura(file: string, text: string): LineCoverage {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new ReportError(file, `not well-formed XML: ${valid.err.msg}`, valid.err.line);
  const root = (xml.parse(text) as { coverage?: Record<string, unknown> }).coverage;
  if (!root || typeof root !== 'object') throw new ReportError(file, 'not a cobertura report: no <coverage> element');
  const linesValid = Number(root['@_lines-valid']);
  const linesCovered = Number(root['@_lines-covered']);
  if (root['@_lines-valid'] !== undefined && Number.isFinite(linesValid) && Number.isFinite(linesCovered)) {
    return { format: 'cobertura', covered: linesCovered, total: linesValid, pct: percent(linesCovered, linesValid) };
  }
  const rate = Number(root['@_line-rate']);
  if (root['@_line-rate'] === undefined || !Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new ReportError(file, 'not a cobertura report: <coverage> has no lines-valid/lines-covered and no line-rate between 0 and 1');
  }
  return { format: 'cobertura', covered: rate, total: 1, pct: Math.round(rate * 10_000) / 100 };
}

const lowestFirst = (files: { file: string; pct: number }[]) => files.sort((a, b) => a.pct - b.pct || a.file.localeCompare(b.file));
