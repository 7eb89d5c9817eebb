/**
 * Where a finding about the test run as a whole goes: the `test` script in package.json (what runs
 * the tests), else package.json itself, else the first test file. Reports outside the project
 * (our scratch directory) are named in the message instead.
 */
import type { CheckContext, Location } from '../../types.js';
import { testSources } from './test-sources.js';

export function testCommandAnchor(context: CheckContext): Location {
  return context.memo('tests/anchor', () => {
    const pkg = context.packageJson;
    if (pkg) {
      const lines = pkg.text.split('\n');
      const scripts = lines.findIndex((l) => /"scripts"\s*:/.test(l));
      const test = lines.findIndex((l, i) => i > scripts && scripts >= 0 && /^\s*"test"\s*:/.test(l));
      return { file: pkg.file, line: test >= 0 ? test + 1 : scripts >= 0 ? scripts + 1 : 1 };
    }
    const first = testSources(context)[0];
    return { file: first?.file ?? 'package.json', line: 1 };
  });
}

/** A project-relative place for a file a report names, when the project has that file; else the anchor. */
export function locate(context: CheckContext, file: string | undefined, line: number | undefined): Location {
  if (file && context.fileText(file) !== undefined) return { file, line: line ?? 1 };
  return testCommandAnchor(context);
}
