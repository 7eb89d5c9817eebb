/**
 * Runs contract/breaking-change the way `bo check --live --base …` does (the dynamic run, then the
 * engine), over a project written to a temp dir: fixture pairs from test/fixtures/openapi-diff.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { Config } from '../../../src/config/schema.js';
import rule from '../../../src/gates/contract/breaking-change.js';
import { buildCheckContext } from '../../../src/gates/context.js';
import { runRules } from '../../../src/gates/engine.js';
import { createLiveContext } from '../../../src/gates/live/context.js';
import { runDynamicRules } from '../../../src/gates/live/run.js';
import type { Finding } from '../../../src/gates/types.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/openapi-diff');
export const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function writeProject(files: Record<string, string>, root = mkdtempSync(path.join(tmpdir(), 'bo-contract-'))): string {
  if (!dirs.includes(root)) dirs.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

export interface BreakingRun {
  status: string;
  reason?: string;
  findings: Finding[];
}

/** The rule's status, reason and findings on the project at `root`, compared with `base`. */
export async function runBreaking(root: string, base: string | undefined): Promise<BreakingRun> {
  const context = await buildCheckContext({ root, config: Config.parse({}) });
  const live = createLiveContext(base === undefined ? {} : { base }, new AbortController().signal);
  const dynamic = await runDynamicRules([rule], context, live, ['contract']);
  const run = runRules([rule], context, { areas: ['contract'], dynamic });
  if (run.internalErrors.length) throw new Error(run.internalErrors.map((e) => e.message).join('; '));
  const result = run.items.flatMap((item) => item.rules).find((r) => r.id === rule.id);
  return { status: result?.status ?? 'missing', ...(result?.reason ? { reason: result.reason } : {}), findings: run.findings.filter((f) => f.rule === rule.id) };
}

/** A fixture pair: `<name>.yaml` as the project's openapi.yaml, `<base>` as base.yaml beside it. */
export async function runPair(name: string, base = 'base.yaml'): Promise<BreakingRun> {
  return runBreaking(writeProject({ 'openapi.yaml': fixture(`${name}.yaml`), 'base.yaml': fixture(base) }), 'base.yaml');
}

/** `severity file:line`, for compact assertions. */
export const located = (findings: readonly Finding[]) => findings.map((f) => `${f.severity} ${f.file}:${f.line}`);

/** The 1-based line of the one line of `text` that contains `marker` (a `# comment` in the fixtures). */
export function lineWith(text: string, marker: string): number {
  const lines = text.split('\n');
  const found = lines.flatMap((line, index) => (line.includes(marker) ? [index + 1] : []));
  if (found.length !== 1) throw new Error(`"${marker}" is on ${found.length} lines`);
  return found[0] as number;
}

/** The 1-based line of the one line of `text` that is exactly `content` once trimmed. */
export function exactLine(text: string, content: string): number {
  const found = text.split('\n').flatMap((line, index) => (line.trim() === content ? [index + 1] : []));
  if (found.length !== 1) throw new Error(`"${content}" is on ${found.length} lines`);
  return found[0] as number;
}
