import { describe, expect, it } from 'vitest';
import { planTestRun, runnerOf, splitCommand } from '../../../src/gates/tests/support/command.js';

const OUT = '/tmp/bo-tests-x';
const plan = (packageJson: object | undefined, command?: string) => planTestRun({ packageJson, command, outDir: OUT });

describe('planTestRun', () => {
  it('runs a Vitest test script as `npm test` with JSON results and json-summary coverage into the scratch directory', () => {
    expect(plan({ scripts: { test: 'vitest run' }, devDependencies: { vitest: '4.1.12', '@vitest/coverage-v8': '4.1.12' } })).toEqual({
      argv: ['npm', 'test', '--', '--reporter=json', `--outputFile=${OUT}/results.json`, '--coverage', '--coverage.reporter=json-summary', `--coverage.reportsDirectory=${OUT}/coverage`],
      env: {},
      label: 'npm test',
      runner: 'vitest',
      resultsFile: `${OUT}/results.json`,
      coverageFile: `${OUT}/coverage/coverage-summary.json`,
    });
  });

  it('does not ask Vitest for coverage without a provider installed (it would stop the run), and says why', () => {
    const result = plan({ scripts: { test: 'vitest' }, devDependencies: { vitest: '1' } });
    expect(result?.argv).toEqual(['npm', 'test', '--', '--reporter=json', `--outputFile=${OUT}/results.json`]);
    expect(result?.coverageFile).toBeUndefined();
    expect(result?.coverageNote).toMatch(/no Vitest coverage provider/);
  });

  it('asks Jest for --json with test locations and json-summary coverage, keeping a --coverage the script has', () => {
    expect(plan({ scripts: { test: 'jest --coverage' } })?.argv).toEqual([
      'npm', 'test', '--', '--json', `--outputFile=${OUT}/results.json`, '--testLocationInResults', '--coverageReporters=json-summary', `--coverageDirectory=${OUT}/coverage`,
    ]);
    expect(plan({ scripts: { test: 'cross-env NODE_ENV=test jest' } })?.runner).toBe('jest');
  });

  it('uses tests.command over the script: its npm script, or the runner named in it, gets the flags', () => {
    const viaScript = plan({ scripts: { test: 'node --test', 'test:ci': 'vitest run' }, devDependencies: {} }, 'npm run test:ci');
    expect(viaScript?.argv.slice(0, 5)).toEqual(['npm', 'run', 'test:ci', '--', '--reporter=json']);
    expect(viaScript?.label).toBe('npm run test:ci');
    const direct = plan({}, 'NODE_ENV=test npx jest --runInBand');
    expect(direct?.env).toEqual({ NODE_ENV: 'test' });
    expect(direct?.argv.slice(0, 5)).toEqual(['npx', 'jest', '--runInBand', '--json', `--outputFile=${OUT}/results.json`]);
  });

  it('runs other commands as they are (their reports are looked for afterwards), and has no plan without a test command', () => {
    expect(plan({ scripts: { test: 'node --test' } })).toEqual({ argv: ['npm', 'test'], env: {}, label: 'npm test', runner: 'other' });
    expect(plan({ scripts: { test: 'mocha --reporter mocha-junit-reporter' } }, undefined)?.runner).toBe('other');
    expect(plan({ scripts: { test: 'echo "Error: no test specified" && exit 1' } })).toBeUndefined();
    expect(plan({ scripts: {} })).toBeUndefined();
    expect(plan(undefined)).toBeUndefined();
  });
});

describe('runnerOf', () => {
  it('looks at the last command of a chain, where npm appends the flags, and not through a pipe', () => {
    expect(runnerOf('tsc --noEmit && vitest run')).toBe('vitest');
    expect(runnerOf('vitest run && eslint .')).toBe('other');
    expect(runnerOf('jest --json | tee out.json')).toBe('other');
    expect(runnerOf('node --experimental-vm-modules node_modules/.bin/jest')).toBe('jest');
    expect(runnerOf('vitest-preview')).toBe('other');
  });
});

describe('splitCommand', () => {
  it('splits without a shell: quotes group words, leading NAME=value words are environment', () => {
    expect(splitCommand(`FOO=1 BAR="a b" node -e "console.log('x y')" --name='q r'`)).toEqual({
      argv: ['node', '-e', "console.log('x y')", '--name=q r'],
      env: { FOO: '1', BAR: 'a b' },
    });
  });
});
