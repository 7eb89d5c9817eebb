/**
 * Ctrl-C during `bo check --live`: the started service (a process group of npm, tsx and node) is
 * stopped and nothing is left running. The example is started for real from a working copy inside
 * the repository (so its dependencies resolve), and its processes are found by their working
 * directory (Linux /proc).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath, ensureBuilt, repoRoot } from '../helpers/dist.js';

const copy = path.join(repoRoot, '.bo-tmp', `sigint-${process.pid}`);
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** Pids of the processes whose working directory is `dir`. */
function processesIn(dir: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`) === dir) pids.push(Number(name));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(process.platform === 'linux' && existsSync('/proc/self/cwd'))('bo check --live interrupted', () => {
  it('stops the service it started when it gets SIGINT, and leaves nothing running', async () => {
    ensureBuilt();
    mkdirSync(path.dirname(copy), { recursive: true });
    cpSync(path.join(repoRoot, 'examples', 'shop-api'), copy, { recursive: true, filter: (src) => !/[\\/](node_modules|coverage|ai-state)$/.test(src) });
    const child = spawn(process.execPath, [binPath, 'check', '--live', '--gate', 'contract', '--no-save', '--json', '-C', copy], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

    // Wait until the service runs (a process in the copy other than bo itself), then interrupt.
    let service: number[] = [];
    for (let i = 0; i < 300 && service.length === 0; i++) {
      await sleep(100);
      service = processesIn(copy).filter((pid) => pid !== child.pid);
    }
    expect(service.length, 'the service was started').toBeGreaterThan(0);
    child.kill('SIGINT');
    const code = await exited;

    expect([0, 1]).toContain(code);
    const report = JSON.parse(stdout);
    const items = report.checklists[0].items.map((i: { title: string; status: string; reason?: string }) => `${i.title}: ${i.status}`);
    expect(items).toContain('Responses match the schema: skipped');
    // Give the kernel a moment to reap, then nothing may be left in the copy.
    for (let i = 0; i < 20 && processesIn(copy).length > 0; i++) await sleep(100);
    expect(processesIn(copy)).toEqual([]);
  }, 90_000);
});
