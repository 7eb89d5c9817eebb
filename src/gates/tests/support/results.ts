/**
 * What the test run's reports say, whatever format they came in: the test cases with their outcome
 * and (when the report has it) their file and line, and the line coverage. Readers throw a
 * `ReportError` for a file they cannot read, so the rule can name the file instead of crashing.
 */

export type TestStatus = 'passed' | 'failed' | 'skipped';

export interface TestCase {
  name: string;
  status: TestStatus;
  /** As the report gives it: absolute, project-relative or a class name; resolved by the test run. */
  file?: string;
  line?: number;
  /** The first line of the failure message. */
  message?: string;
}

export interface TestResults {
  /** Which reader understood the file. */
  format: 'junit' | 'tap' | 'vitest-json' | 'jest-json';
  tests: TestCase[];
}

export interface LineCoverage {
  format: 'istanbul-summary' | 'lcov' | 'cobertura';
  covered: number;
  total: number;
  /** Percentage of lines covered (100 when there is nothing to cover). */
  pct: number;
  /** Per-file line coverage when the report has it (istanbul summary, lcov), lowest first. */
  files?: { file: string; pct: number }[];
}

/** A report file that exists but cannot be read as the format it claims to be. */
export class ReportError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${message}`);
    this.name = 'ReportError';
  }
}

export const firstLine = (text: string | undefined): string | undefined => {
  const line = text?.split('\n').find((l) => l.trim() !== '');
  return line === undefined ? undefined : line.trim().slice(0, 300);
};

export const percent = (covered: number, total: number): number => (total === 0 ? 100 : Math.round((covered / total) * 10_000) / 100);

/** The line of `file` in a failure's stack trace (`at … (/abs/test/x.test.ts:12:7)`), when it is there. */
export function lineInStack(text: string | undefined, file: string | undefined): number | undefined {
  if (!text || !file) return undefined;
  const base = file.replace(/^file:\/\//, '').replace(/^\.\//, '');
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):\\d+`).exec(text);
  return match ? Number(match[1]) : undefined;
}
