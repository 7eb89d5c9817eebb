/**
 * Vitest's and Jest's JSON reports (`--reporter=json` / `--json`): the same shape, `testResults[]`
 * per file with `assertionResults[]` per test. A file that failed to load has no assertions and a
 * `message`: it becomes one failed test, so a syntax error in a test file is not a silent pass.
 */
import { firstLine, lineInStack, ReportError, type TestCase, type TestResults, type TestStatus } from './results.js';

interface Assertion {
  fullName?: unknown;
  title?: unknown;
  status?: unknown;
  failureMessages?: unknown;
  location?: { line?: unknown } | null;
}

interface FileResult {
  name?: unknown;
  status?: unknown;
  message?: unknown;
  assertionResults?: unknown;
}

export function looksLikeJsonResults(text: string): boolean {
  return /^\s*\{/.test(text) && text.includes('"testResults"');
}

export function readJsonResults(file: string, text: string): TestResults {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch (error) {
    throw new ReportError(file, `not valid JSON: ${(error as Error).message}`);
  }
  const results = (report as { testResults?: unknown } | null)?.testResults;
  if (!Array.isArray(results)) throw new ReportError(file, 'not a Vitest/Jest JSON report: no "testResults" array');
  const tests: TestCase[] = [];
  for (const entry of results as FileResult[]) {
    const testFile = typeof entry?.name === 'string' ? entry.name : undefined;
    const assertions = Array.isArray(entry?.assertionResults) ? (entry.assertionResults as Assertion[]) : [];
    for (const assertion of assertions) tests.push(toTest(assertion, testFile));
    if (entry?.status === 'failed' && !assertions.some((a) => a.status === 'failed')) {
      const message = typeof entry.message === 'string' ? entry.message : undefined;
      const test: TestCase = { name: '(the test file failed to run)', status: 'failed' };
      if (testFile) test.file = testFile;
      const line = lineInStack(message, testFile);
      if (line) test.line = line;
      const first = firstLine(message);
      if (first) test.message = first;
      tests.push(test);
    }
  }
  // Same shape; only Jest writes `numRuntimeErrorTestSuites`.
  const format = /"numRuntimeErrorTestSuites"/.test(text) ? 'jest-json' : 'vitest-json';
  return { format, tests };
}

function toTest(assertion: Assertion, file: string | undefined): TestCase {
  const name = typeof assertion.fullName === 'string' && assertion.fullName ? assertion.fullName : typeof assertion.title === 'string' ? assertion.title : '(unnamed test)';
  const status: TestStatus = assertion.status === 'passed' ? 'passed' : assertion.status === 'failed' ? 'failed' : 'skipped';
  const test: TestCase = { name, status };
  if (file) test.file = file;
  const failures = Array.isArray(assertion.failureMessages) ? assertion.failureMessages.filter((m): m is string => typeof m === 'string').join('\n') : undefined;
  const line = typeof assertion.location?.line === 'number' ? assertion.location.line : status === 'failed' ? lineInStack(failures, file) : undefined;
  if (line) test.line = line;
  const message = status === 'failed' ? firstLine(failures) : undefined;
  if (message) test.message = message;
  return test;
}
