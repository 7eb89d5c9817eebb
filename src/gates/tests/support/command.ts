/**
 * Which command runs the project's tests, and how to ask it for reports we can read: pure over the
 * config and package.json. `tests.command` wins, else the `test` script run as `npm test`. When the
 * script is Vitest or Jest, flags are appended (after `--`, which npm passes on to the script) so it
 * writes its JSON results and a json-summary coverage report into our scratch directory.
 */
import path from 'node:path';

export type Runner = 'vitest' | 'jest' | 'other';

export interface PackageJson {
  scripts?: Record<string, unknown>;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
}

export interface TestRunPlan {
  argv: string[];
  /** Environment assignments written before the command (`NODE_ENV=test vitest run`). */
  env: Record<string, string>;
  /** The command as the user knows it, for messages: `npm test` or the configured command. */
  label: string;
  runner: Runner;
  /** Reports the flags ask for (absolute, in the scratch directory). */
  resultsFile?: string;
  coverageFile?: string;
  /** Why coverage was not asked for, when it was not (no coverage provider installed). */
  coverageNote?: string;
}

export interface PlanInput {
  packageJson: PackageJson | undefined;
  /** `tests.command` from the config. */
  command?: string | undefined;
  /** The scratch directory the reports go to. */
  outDir: string;
}

/** npm's placeholder script: not a test command. */
const NO_TESTS = /no test specified/;
const VITEST_COVERAGE = ['@vitest/coverage-v8', '@vitest/coverage-istanbul'];

export function planTestRun(input: PlanInput): TestRunPlan | undefined {
  const scripts = input.packageJson?.scripts ?? {};
  let argv: string[];
  let env: Record<string, string> = {};
  let script: string | undefined;
  if (input.command?.trim()) {
    ({ argv, env } = splitCommand(input.command));
    const npmScript = npmScriptName(argv);
    script = npmScript === undefined ? input.command : stringOr(scripts[npmScript]);
  } else {
    script = stringOr(scripts.test);
    if (script === undefined || NO_TESTS.test(script)) return undefined;
    argv = ['npm', 'test'];
  }
  const label = input.command?.trim() || 'npm test';
  const runner = script === undefined ? 'other' : runnerOf(script);
  const plan: TestRunPlan = { argv, env, label, runner };
  if (runner === 'other') return plan;
  const flags = reportFlags(runner, input, plan, script ?? '');
  // npm passes what follows `--` to the script; a direct runner command takes the flags as they are.
  plan.argv = npmScriptName(argv) !== undefined && !argv.includes('--') ? [...argv, '--', ...flags] : [...argv, ...flags];
  return plan;
}

function reportFlags(runner: 'vitest' | 'jest', input: PlanInput, plan: TestRunPlan, script: string): string[] {
  // A second bare `--coverage` would make the option a list: keep the script's own.
  const coverage = /--coverage(?![.=\w-])/.test(script) ? [] : ['--coverage'];
  const resultsFile = path.join(input.outDir, 'results.json');
  const coverageDir = path.join(input.outDir, 'coverage');
  plan.resultsFile = resultsFile;
  if (runner === 'jest') {
    plan.coverageFile = path.join(coverageDir, 'coverage-summary.json');
    return ['--json', `--outputFile=${resultsFile}`, '--testLocationInResults', ...coverage, '--coverageReporters=json-summary', `--coverageDirectory=${coverageDir}`];
  }
  const flags = ['--reporter=json', `--outputFile=${resultsFile}`];
  const deps = { ...input.packageJson?.dependencies, ...input.packageJson?.devDependencies };
  if (VITEST_COVERAGE.some((name) => name in deps)) {
    plan.coverageFile = path.join(coverageDir, 'coverage-summary.json');
    flags.push(...coverage, '--coverage.reporter=json-summary', `--coverage.reportsDirectory=${coverageDir}`);
  } else {
    plan.coverageNote = 'no Vitest coverage provider in package.json (add @vitest/coverage-v8)';
  }
  return flags;
}

/**
 * The runner a script ends with: flags appended by npm land on the last command of `a && b`, so
 * only that one counts, and not when it pipes into something else.
 */
export function runnerOf(script: string): Runner {
  const last = script.split(/&&|\|\||;/).pop() ?? '';
  if (last.includes('|')) return 'other';
  const tokens = splitCommand(last).argv;
  if (tokens.some((t) => /(^|\/)vitest(\.m?js)?$/.test(t))) return 'vitest';
  if (tokens.some((t) => /(^|\/)jest(\.js)?$/.test(t))) return 'jest';
  return 'other';
}

/** `npm test`, `npm t`, `npm run <name>`, `npm run-script <name>`: the script's name. */
function npmScriptName(argv: readonly string[]): string | undefined {
  if (argv[0] !== 'npm') return undefined;
  if (argv[1] === 'test' || argv[1] === 't') return 'test';
  if ((argv[1] === 'run' || argv[1] === 'run-script') && argv[2]) return argv[2];
  return undefined;
}

/** Splits a command line into argv without a shell: quotes group words, leading `NAME=value` words are environment. */
export function splitCommand(command: string): { argv: string[]; env: Record<string, string> } {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < command.length; i++) {
    const char = command[i] as string;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < command.length) word += command[++i] as string;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (word !== undefined) words.push(word);
  const env: Record<string, string> = {};
  while (words.length > 1 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] as string)) {
    const [name, ...value] = (words.shift() as string).split('=');
    env[name as string] = value.join('=');
  }
  return { argv: words, env };
}

const stringOr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
