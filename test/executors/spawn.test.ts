/**
 * One attempt's command as a process group: stdin and environment delivered, output captured, no
 * shell; a timeout or an abort stops the whole group (SIGKILL for what ignores SIGTERM); whatever
 * the command leaves running when it exits is stopped too.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { groupAlive } from '../../src/gates/live/service/process-group.js';
import { runCommand, type CommandRequest } from '../../src/executors/spawn.js';
import { tempDir } from '../helpers/tasks.js';
import { processRuns, waitFor } from './project.js';

const temp = tempDir('bo-spawn-');
afterAll(() => temp.cleanup());

function sink() {
  const chunks: Buffer[] = [];
  const notes: string[] = [];
  return { log: { write: (c: Buffer) => chunks.push(c), note: (t: string) => notes.push(t) }, text: () => Buffer.concat(chunks).toString(), notes };
}

const base = (script: string, extra: Partial<CommandRequest> = {}): CommandRequest => ({
  argv: [process.execPath, '-e', script],
  cwd: temp.dir,
  env: { PATH: process.env.PATH },
  stdin: '',
  timeoutMs: 20_000,
  killGraceMs: 300,
  log: sink().log,
  ...extra,
});

/** A node script that starts a child which lives on, writes both pids to `file`, then idles (optionally deaf to SIGTERM). */
const family = (file: string, deaf: boolean) => `
const { spawn } = require('node:child_process');
const { writeFileSync } = require('node:fs');
${deaf ? "process.on('SIGTERM', () => {});" : ''}
const child = spawn(process.execPath, ['-e', ${JSON.stringify(`${deaf ? "process.on('SIGTERM', () => {});" : ''} setInterval(() => {}, 1000)`)}], { stdio: 'ignore' });
writeFileSync(${JSON.stringify(file)}, JSON.stringify({ leader: process.pid, child: child.pid }));
setInterval(() => {}, 1000);
`;

const pidsIn = (file: string) => waitFor(() => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { leader: number; child: number }) : undefined), 10_000, 'the pids');

describe('runCommand', () => {
  it('delivers stdin and the environment, captures stdout and stderr, returns the exit status', async () => {
    const out = sink();
    const result = await runCommand(
      base("let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{console.log('in:'+s);console.error('err:'+process.env.BO_TASK_ID);process.exit(7)})", { stdin: 'context: $(touch pwned)', env: { PATH: process.env.PATH, BO_TASK_ID: 'task-001-x' }, log: out.log }),
    );
    expect(result).toMatchObject({ exitCode: 7, signal: null, timedOut: false, aborted: false });
    expect(result.pgid).toBeGreaterThan(0);
    expect(out.text()).toContain('in:context: $(touch pwned)');
    expect(out.text()).toContain('err:task-001-x');
    expect(existsSync(path.join(temp.dir, 'pwned'))).toBe(false);
  });

  it('a command that never reads its stdin is not failed by it', async () => {
    const result = await runCommand(base('process.exit(0)', { stdin: 'x'.repeat(4 * 1024 * 1024) }));
    expect(result.exitCode).toBe(0);
  });

  it('a program that cannot be started is a start error, not a crash', async () => {
    const result = await runCommand(base('', { argv: ['/nonexistent/agent-cli', '--help'] }));
    expect(result.startError).toMatch(/ENOENT/);
    expect(result.pgid).toBe(-1);
  });

  it('a timeout stops the whole group, SIGKILL for processes that ignore SIGTERM', async () => {
    const file = path.join(temp.dir, 'deaf.json');
    const out = sink();
    const running = runCommand(base(family(file, true), { timeoutMs: 700, log: out.log }));
    const { leader, child } = await pidsIn(file);
    expect(processRuns(child)).toBe(true);
    const result = await running;
    expect(result).toMatchObject({ timedOut: true, aborted: false, exitCode: null, signal: 'SIGKILL' });
    expect(result.durationMs).toBeGreaterThanOrEqual(700 + 300);
    expect(groupAlive(leader)).toBe(false);
    expect(processRuns(leader) || processRuns(child)).toBe(false);
    expect(out.notes[0]).toMatch(/^timed out after 700 ms: stopping process group \d+ \(SIGTERM, SIGKILL after 300 ms\)$/);
  });

  it('an abort stops the group at once', async () => {
    const file = path.join(temp.dir, 'abort.json');
    const controller = new AbortController();
    const running = runCommand(base(family(file, false), { signal: controller.signal }));
    const { leader, child } = await pidsIn(file);
    controller.abort();
    const result = await running;
    expect(result).toMatchObject({ aborted: true, timedOut: false, signal: 'SIGTERM' });
    expect(processRuns(leader) || processRuns(child)).toBe(false);
  });

  it('processes the command leaves running when it exits are stopped', async () => {
    const file = path.join(temp.dir, 'orphan.json');
    const out = sink();
    const result = await runCommand(
      base(`const { spawn } = require('node:child_process'); const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); require('node:fs').writeFileSync(${JSON.stringify(file)}, String(c.pid)); process.exit(0);`, { log: out.log }),
    );
    expect(result.exitCode).toBe(0);
    const orphan = Number(readFileSync(file, 'utf8'));
    expect(processRuns(orphan)).toBe(false);
    expect(groupAlive(result.pgid)).toBe(false);
    expect(out.notes[0]).toContain('the command exited but left processes running');
  });
});
