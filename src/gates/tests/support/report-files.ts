/**
 * Where the test run's reports are: the file we asked the runner for, the configured path (a file
 * or a folder), the conventional places, and for results the run's standard output when it is TAP.
 * After a run, a report it did not write (older than the run) is not believed: a configured or
 * requested one is an error, a conventional one is passed over.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readCoverage } from './coverage.js';
import { readResults } from './read-results.js';
import { ReportError, type LineCoverage, type TestResults } from './results.js';
import { looksLikeTap, readTap } from './tap.js';

/** A report: where it is (project-relative when inside the project) and what it said, or why it could not be read. */
export type Found<T> = { file: string; inProject: boolean } & ({ value: T; error?: undefined } | { value?: undefined; error: ReportError });

interface Search {
  root: string;
  /** `tests.results` / `tests.coverage`. */
  configured: string | undefined;
  /** The file the runner was asked to write. */
  asked: string | undefined;
  /** Reports older than this (ms since epoch) were not written by the run. */
  since: number | undefined;
}

const RESULT_PLACES = ['junit.xml', 'test-results.xml', 'test-report.xml', 'reports/junit.xml', 'test-results', 'reports/test-results.xml'];
const COVERAGE_NAMES = ['coverage-summary.json', 'lcov.info', 'cobertura-coverage.xml', 'cobertura.xml'];
const COVERAGE_PLACES = [...COVERAGE_NAMES.map((name) => `coverage/${name}`), 'lcov.info'];

export function findResults(search: Search & { stdout: string | undefined }): Found<TestResults> | undefined {
  const found = firstReport(search, RESULT_PLACES, (file) => /\.(xml|json|tap)$/.test(file), readResults, mergeResults);
  if (found) return { ...found, ...(found.value ? { value: withProjectPaths(found.value, search.root) } : {}) } as Found<TestResults>;
  if (search.stdout && looksLikeTap(search.stdout)) {
    try {
      return { file: '(standard output)', inProject: false, value: withProjectPaths(readTap('(standard output)', search.stdout), search.root) };
    } catch (error) {
      if (error instanceof ReportError) return { file: '(standard output)', inProject: false, error };
      throw error;
    }
  }
  return undefined;
}

export function findCoverage(search: Search): { found: Found<LineCoverage> | undefined; lookedAt: string[] } {
  const places = search.configured ? [] : COVERAGE_PLACES;
  const lookedAt = [search.asked, search.configured, ...places].filter((p): p is string => Boolean(p)).map((p) => display(search.root, p).file);
  const found = firstReport(search, places, (file) => COVERAGE_NAMES.includes(path.basename(file)), readCoverage, (list) => list[0] as LineCoverage);
  if (found?.value?.files) found.value.files = found.value.files.map((f) => ({ ...f, file: path.isAbsolute(f.file) ? display(search.root, f.file).file : f.file }));
  return { found, lookedAt };
}

/** The first report among the asked file, the configured path and the conventional places (a folder: its report files, merged). */
function firstReport<T>(search: Search, places: readonly string[], isReport: (file: string) => boolean, read: (file: string, text: string) => T, merge: (values: T[]) => T): Found<T> | undefined {
  const candidates: { place: string; mustBeFresh: boolean }[] = [
    ...(search.asked ? [{ place: search.asked, mustBeFresh: true }] : []),
    ...(search.configured ? [{ place: search.configured, mustBeFresh: true }] : []),
    ...places.map((place) => ({ place, mustBeFresh: false })),
  ];
  for (const { place, mustBeFresh } of candidates) {
    const abs = path.resolve(search.root, place);
    const files = reportFiles(abs, isReport);
    if (files.length === 0) {
      if (mustBeFresh && place === search.configured) return { ...display(search.root, abs), error: new ReportError(display(search.root, abs).file, 'the configured report was not found after the test run') };
      continue;
    }
    const fresh = search.since === undefined ? files : files.filter((f) => f.mtimeMs >= (search.since as number));
    if (fresh.length === 0) {
      if (!mustBeFresh) continue;
      const where = display(search.root, abs);
      return { ...where, error: new ReportError(where.file, `was not written by this test run (last written ${new Date(files[0]?.mtimeMs ?? 0).toISOString()})`) };
    }
    const values: T[] = [];
    for (const file of fresh) {
      const where = display(search.root, file.abs);
      try {
        values.push(read(where.file, readFileSync(file.abs, 'utf8')));
      } catch (error) {
        if (error instanceof ReportError) return { ...where, error };
        return { ...where, error: new ReportError(where.file, `could not be read: ${(error as Error).message}`) };
      }
    }
    return { ...display(search.root, abs), value: merge(values) };
  }
  return undefined;
}

function reportFiles(abs: string, isReport: (file: string) => boolean): { abs: string; mtimeMs: number }[] {
  try {
    const stat = statSync(abs);
    if (stat.isFile()) return [{ abs, mtimeMs: stat.mtimeMs }];
    if (!stat.isDirectory()) return [];
    return readdirSync(abs)
      .filter(isReport)
      .sort()
      .map((name) => ({ abs: path.join(abs, name), mtimeMs: statSync(path.join(abs, name)).mtimeMs }));
  } catch {
    return [];
  }
}

function mergeResults(list: TestResults[]): TestResults {
  return { format: list[0]?.format ?? 'junit', tests: list.flatMap((r) => r.tests) };
}

function display(root: string, file: string): { file: string; inProject: boolean } {
  const abs = path.resolve(root, file);
  const relative = path.relative(root, abs);
  const inProject = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return { file: inProject ? relative.split(path.sep).join('/') : abs, inProject };
}

/** Test files as the reports give them (absolute, `file://`, relative) made project-relative where they are inside the project. */
function withProjectPaths(results: TestResults, root: string): TestResults {
  return {
    ...results,
    tests: results.tests.map((test) => {
      if (!test.file) return test;
      const file = test.file.replace(/^file:\/\//, '');
      return { ...test, file: path.isAbsolute(file) ? display(root, file).file : file.replace(/^\.\//, '') };
    }),
  };
}
