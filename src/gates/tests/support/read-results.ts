/** Picks the reader for a test-results file by its content (then its name): JUnit XML, Vitest/Jest JSON or TAP. */
import { looksLikeJsonResults, readJsonResults } from './json-results.js';
import { looksLikeJunit, readJunit } from './junit.js';
import { ReportError, type TestResults } from './results.js';
import { looksLikeTap, readTap } from './tap.js';

export function readResults(file: string, text: string): TestResults {
  if (looksLikeJunit(text) || (file.endsWith('.xml') && /^\s*</.test(text))) return readJunit(file, text);
  if (looksLikeJsonResults(text) || file.endsWith('.json')) return readJsonResults(file, text);
  if (looksLikeTap(text) || file.endsWith('.tap')) return readTap(file, text);
  if (/^\s*</.test(text)) return readJunit(file, text);
  throw new ReportError(file, 'not a test report this tool reads (JUnit XML, TAP, or Vitest/Jest JSON)');
}
