/**
 * A test command that hangs: stopped at its timeout (tests.timeoutSeconds) with a finding naming the
 * timeout, its whole process group killed (a child that ignores SIGTERM included: SIGKILL follows),
 * and the same when the run is interrupted (SIGINT aborts live.signal).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import testCoverage from '../../../../src/gates/metrics/test-coverage.js';
import unit from '../../../../src/gates/tests/unit.js';
import { projectContext } from '../../../helpers/gates.js';
import { runLive, running } from './run-live.js';

/** `npm test` runs sleep.mjs, which starts a child that ignores SIGTERM, writes both pids and never ends. */
const HANGING = {
  'package.json': `{\n  "name": "hangs",\n  "private": true,\n  "scripts": {\n    "test": "node sleep.mjs"\n  }\n}\n`,
  'sleep.mjs': `import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
writeFileSync('pids.json', JSON.stringify([process.pid, child.pid]));
setInterval(() => {}, 1000);
`,
  'test/price.test.mjs': `import test from 'node:test';\ntest('adds', () => {});\n`,
};

async function pidsOf(root: string): Promise<number[]> {
  const file = path.join(root, 'pids.json');
  for (let i = 0; i < 200 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
  return JSON.parse(readFileSync(file, 'utf8')) as number[];
}

describe('a test command that hangs', () => {
  it('is stopped at its 2 s timeout with a finding naming the timeout, and nothing is left running', async () => {
    const context = await projectContext(HANGING, { config: { tests: { timeoutSeconds: 2 } } });
    const result = await runLive([testCoverage, unit], context);
    expect(result.findings.map((f) => `${f.rule} ${f.file}:${f.line} ${f.message}`)).toEqual([
      'metrics/test-coverage package.json:5 `npm test` did not finish within its timeout of 2 s (tests.timeoutSeconds): it was stopped and its process group killed; no coverage measured',
    ]);
    expect(result.status('tests/unit')).toBe('fail: `npm test` did not finish within its timeout of 2 s (tests.timeoutSeconds): it was stopped and its process group killed');
    expect(result.measured('metrics/test-coverage')).toBeUndefined();
    const pids = await pidsOf(context.root);
    expect(pids).toHaveLength(2);
    expect(pids.filter(running)).toEqual([]);
  });

  it('is stopped when the run is interrupted (live.signal), and the rules are skipped, not failed', async () => {
    const context = await projectContext(HANGING, { config: { tests: { timeoutSeconds: 60 } } });
    const controller = new AbortController();
    const pending = runLive([testCoverage, unit], context, { signal: controller.signal });
    const pids = await pidsOf(context.root);
    controller.abort();
    const result = await pending;
    expect(result.status('metrics/test-coverage')).toBe('skipped: `npm test` was interrupted');
    expect(result.findings).toEqual([]);
    expect(pids.filter(running)).toEqual([]);
  });
});
