/** What the test run came to, in the words the rules report: stopped, failed to start, or its failing tests. */
import type { TestCase } from './results.js';
import type { TestRun } from './test-run.js';

export type RunStop = { kind: 'timed-out' | 'not-started' | 'aborted' | 'no-command'; message: string };

/** Why the run gave nothing to judge, if it did not. */
export function runStop(run: TestRun): RunStop | undefined {
  const label = run.plan ? `\`${run.plan.label}\`` : '';
  if (!run.plan) {
    return run.results || run.coverage ? undefined : { kind: 'no-command', message: 'no test command: package.json has no `test` script and `tests.command` is not set' };
  }
  switch (run.outcome?.end) {
    case 'timed-out':
      return { kind: 'timed-out', message: `${label} did not finish within its timeout of ${run.timeoutSeconds} s (tests.timeoutSeconds): it was stopped and its process group killed` };
    case 'aborted':
      return { kind: 'aborted', message: `${label} was interrupted` };
    case 'not-started':
      return { kind: 'not-started', message: `${label} could not be started: ${run.outcome.error ?? 'unknown error'}` };
    default:
      return undefined;
  }
}

export const failedTests = (run: TestRun): TestCase[] => run.results?.value?.tests.filter((t) => t.status === 'failed') ?? [];

/** `test/x.test.ts:12 "adds an item"` */
export const describeTest = (test: TestCase): string => `${test.file ? `${test.file}${test.line ? `:${test.line}` : ''} ` : ''}"${test.name}"`;

/** The last lines the command printed (not npm's own `> script` echo and warnings), to quote when it wrote no report. */
export function lastLines(run: TestRun, count = 5): string {
  const lines = (run.outcome?.tail ?? '').split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '' && !/^npm warn /i.test(l) && !/^> /.test(l));
  return lines.slice(-count).join(' | ').slice(0, 600);
}
