/**
 * Rule tests: a small project written to a temp dir (the scan reads files), its check context, and
 * one rule run over it. `findingsOf` gives the findings that count (suppressed ones left out).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { Config } from '../../src/config/schema.js';
import { buildCheckContext, createCheckContext } from '../../src/gates/context.js';
import { emptyRegistry } from '../../src/registry/schema.js';
import { createIndex } from '../../src/scan/code/graph.js';
import { createResolver } from '../../src/scan/resolve.js';
import { runRules, type RunResult } from '../../src/gates/engine.js';
import type { CheckContext, Finding, Rule } from '../../src/gates/types.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export interface ProjectOptions {
  /** Raw config (as written in backend-orchestrator.config.json). */
  config?: Record<string, unknown>;
  advisoriesFile?: string;
}

/** Writes `files` (path → text) to a fresh temp dir and builds the check context over it. */
export async function projectContext(files: Record<string, string>, options: ProjectOptions = {}): Promise<CheckContext> {
  const root = mkdtempSync(path.join(tmpdir(), 'bo-gates-'));
  dirs.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  const config = Config.parse(options.config ?? {});
  return buildCheckContext({ root, config, advisoriesFile: options.advisoriesFile });
}

/** Runs one rule (its area's other rules left out) and returns the run. */
export function runRule(rule: Rule, context: CheckContext): RunResult {
  return runRules([rule], context, { areas: [rule.area] });
}

/** The findings of one rule on a project that count (not suppressed). */
export async function findingsOf(rule: Rule, files: Record<string, string>, options: ProjectOptions = {}): Promise<Finding[]> {
  const run = runRule(rule, await projectContext(files, options));
  const internal = run.internalErrors.filter((e) => e.rule === rule.id);
  if (internal.length) throw new Error(`${rule.id} failed internally: ${internal.map((e) => `${e.file ?? ''} ${e.message}`).join('; ')}`);
  return run.findings.filter((f) => f.rule === rule.id && !f.suppressed);
}

/** `file:line` of each finding, for compact assertions. */
export const where = (findings: readonly Finding[]): string[] => findings.map((f) => `${f.file}:${f.line}`);

const EXAMPLE_ROOT = path.resolve(import.meta.dirname, '../../examples/shop-api');
let example: Promise<CheckContext> | undefined;

/** The check context of examples/shop-api (built once per test file). Its FLAWS.md lists the four planted defects. */
export function exampleContext(): Promise<CheckContext> {
  example ??= buildCheckContext({ root: EXAMPLE_ROOT, config: Config.parse({}) });
  return example;
}

/** The findings one rule reports on examples/shop-api. */
export async function exampleFindings(rule: Rule): Promise<Finding[]> {
  const run = runRule(rule, await exampleContext());
  const internal = run.internalErrors.filter((e) => e.rule === rule.id);
  if (internal.length) throw new Error(`${rule.id} failed internally: ${internal.map((e) => `${e.file ?? ''} ${e.message}`).join('; ')}`);
  return run.findings.filter((f) => !f.suppressed);
}

/** A check context from values alone (no disk): an empty registry and the given files' texts. */
export function valuesContext(files: Record<string, string> = {}): CheckContext {
  return createCheckContext({
    root: '/p',
    config: Config.parse({}),
    registry: emptyRegistry(),
    files: Object.entries(files).map(([file, text]) => ({ path: file, abs: `/p/${file}`, text, hash: file })),
    modules: [],
    index: createIndex([], createResolver([], undefined)),
    openapi: undefined,
    drift: { document: undefined, onlyInCode: [], onlyInSpec: [] },
    problems: [],
    packageJson: undefined,
    lockfile: undefined,
    advisories: undefined,
  });
}
