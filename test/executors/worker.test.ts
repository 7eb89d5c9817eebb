/**
 * The worker loop on a tiny project, in-process: a hanging agent is killed at its timeout with its
 * children; task text full of shell metacharacters reaches the agent verbatim and runs nothing;
 * heartbeats keep a claim alive past its lease; a cancelled task stops its command; a failed
 * command hands its failure to the next attempt; a worktree per task keeps the main checkout clean.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { readAttemptLog, readLogIndex } from '../../src/executors/logs.js';
import { runWorker, slotAgent, defaultAgentName, type WorkerOptions } from '../../src/executors/worker.js';
import { groupAlive } from '../../src/gates/live/service/process-group.js';
import { makeProject, nodeExecutor, PAGED, PAGINATION_TASK, processRuns, sleep, waitFor, type Project } from './project.js';

let project: Project | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

/** A project whose `chore-skill` (no gates: any change passes) runs `script` with `args`. */
async function choreProject(source: string, executor: { args?: string[]; timeoutMinutes?: number; worktree?: boolean } = {}, config: Record<string, unknown> = {}) {
  const p = await makeProject({});
  project = p;
  const script = p.agent('agent.mjs', source);
  const file = path.join(p.dir, 'backend-orchestrator.config.json');
  const current = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(file, JSON.stringify({ ...current, ...config, submit: { ...current.submit, ...(config.submit as object) }, skills: { 'chore-skill': { description: 'chores', types: ['chore'], keywords: ['chore'], gates: [], executor: nodeExecutor(script, executor) } } }, null, 2));
  const orchestrator = await p.orchestrator();
  const notes = path.join(p.dir, '.agents', 'notes.json');
  return { p, orchestrator, notes };
}

const run = (options: Omit<WorkerOptions, 'concurrency' | 'agent'> & Partial<WorkerOptions>) => runWorker({ agent: 'w', concurrency: 1, killGraceMs: 500, pollMs: 100, ...options });

describe('timeouts', () => {
  it('a hanging agent is killed with its children at the timeout; the attempt is logged as timed out', async () => {
    const { orchestrator, notes } = await choreProject(
      `import { spawn } from 'node:child_process';\nimport { writeFileSync } from 'node:fs';\nconst child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });\nwriteFileSync(${JSON.stringify(path.join('.agents', 'notes.json'))}, JSON.stringify({ leader: process.pid, child: child.pid }));\nconsole.log('working on it');\nsetInterval(() => {}, 1000);\n`,
      { timeoutMinutes: 0.02 },
      { submit: { maxAttempts: 1 } },
    );
    const [task] = await orchestrator.engine.add([{ title: 'Chore that hangs', skill: 'chore-skill' }], 'test');
    const summary = await run({ orchestrator });
    const { leader, child } = JSON.parse(readFileSync(notes, 'utf8')) as { leader: number; child: number };
    expect(groupAlive(leader)).toBe(false);
    expect(processRuns(leader)).toBe(false);
    expect(processRuns(child)).toBe(false);
    expect(summary.runs).toEqual([expect.objectContaining({ task: task!.id, end: 'blocked' })]);
    const [attempt] = readLogIndex(orchestrator.layout.root, task!.id).attempts;
    expect(attempt).toMatchObject({ outcome: 'timed-out', failure: { rule: 'bo/command-timeout' } });
    expect(attempt!.failure!.message).toMatch(/^the command was stopped after 1.2 s \(the executor's timeoutMinutes\); its last output:\n   \| working on it$/);
    const log = readAttemptLog(orchestrator.layout.root, task!.id, 1);
    expect(log).toContain('working on it');
    expect(log).toMatch(/\[bo\] timed out after 1.2 s: stopping process group \d+/);
    const blocked = await orchestrator.engine.show(task!.id);
    expect(blocked.status).toBe('blocked');
    expect(blocked.blockedReason).toMatch(/^1 attempt failed \(submit.maxAttempts 1\); see result.failures and the logs in ai-state\/logs\/task-001-chore-that-hangs$/);
  }, 30_000);
});

describe('task text never reaches a shell', () => {
  it('metacharacters in the title and description arrive verbatim in argv, stdin and the prompt; nothing runs', async () => {
    const hostile = `Chore "quoted" & 'single' $(touch pwned) \`touch pwned2\`; rm -rf keep | tee pwned3 > pwned4 {prompt} $HOME`;
    const { p, orchestrator, notes } = await choreProject(
      `import { readFileSync, writeFileSync } from 'node:fs';\nconst stdin = readFileSync(0, 'utf8');\nwriteFileSync(${JSON.stringify(path.join('.agents', 'notes.json'))}, JSON.stringify({ argv: process.argv.slice(2), stdin, context: readFileSync(process.env.BO_CONTEXT_FILE, 'utf8'), id: process.env.BO_TASK_ID }));\n`,
      { args: ['{task.title}', '--desc={task.description}', '{prompt}'] },
    );
    writeFileSync(path.join(p.dir, 'keep'), 'still here');
    const [task] = await orchestrator.engine.add([{ title: hostile, description: `Also $(touch pwned5); \`touch pwned6\``, skill: 'chore-skill' }], 'test');
    const summary = await run({ orchestrator });
    expect(summary.runs[0]).toMatchObject({ end: 'done' });
    const seen = JSON.parse(readFileSync(notes, 'utf8')) as { argv: string[]; stdin: string; context: string; id: string };
    expect(seen.argv[0]).toBe(hostile);
    expect(seen.argv[1]).toBe('--desc=Also $(touch pwned5); `touch pwned6`');
    expect(seen.argv[2]).toContain(`Backend task ${task!.id}: ${hostile}\n`);
    expect(seen.argv).toHaveLength(3);
    expect(seen.stdin).toBe(seen.context);
    expect(parseYaml(seen.stdin).context.title).toBe(hostile);
    expect(seen.id).toBe(task!.id);
    expect(readdirSync(p.dir).filter((f) => f.startsWith('pwned'))).toEqual([]);
    expect(readFileSync(path.join(p.dir, 'keep'), 'utf8')).toBe('still here');
  }, 30_000);
});

describe('claims while a command runs', () => {
  it('heartbeats keep the claim past its lease', async () => {
    const { orchestrator } = await choreProject(`await new Promise((r) => setTimeout(r, 2500));\n`, {}, { tasks: { leaseMinutes: 0.02 } });
    const [task] = await orchestrator.engine.add([{ title: 'Chore that takes a while', skill: 'chore-skill' }], 'test');
    const running = run({ orchestrator, agent: 'steady' });
    await sleep(1900);
    // Without heartbeats the 1.2 s lease would have lapsed and show() would have made it ready.
    expect(await orchestrator.engine.show(task!.id)).toMatchObject({ status: 'in_progress', claim: { agent: 'steady' } });
    const summary = await running;
    expect(summary.runs[0]).toMatchObject({ end: 'done' });
    const done = await orchestrator.engine.show(task!.id);
    expect(done.history.some((h) => h.note?.includes('expired'))).toBe(false);
  }, 30_000);

  it('a task cancelled while its command runs: the command is stopped, nothing is submitted', async () => {
    const { orchestrator, notes } = await choreProject(
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(path.join('.agents', 'notes.json'))}, String(process.pid));\nsetInterval(() => {}, 1000);\n`,
      {},
      { tasks: { leaseMinutes: 0.02 } },
    );
    const [task] = await orchestrator.engine.add([{ title: 'Chore to be cancelled', skill: 'chore-skill' }], 'test');
    const running = run({ orchestrator, agent: 'doomed' });
    const pid = await waitFor(() => (existsSync(notes) ? Number(readFileSync(notes, 'utf8')) : undefined), 10_000, 'the agent');
    await orchestrator.engine.cancel(task!.id, 'boss', 'not needed');
    const summary = await running;
    expect(processRuns(pid)).toBe(false);
    expect(summary.runs[0]).toMatchObject({ end: 'lost', status: 'cancelled' });
    expect(readLogIndex(orchestrator.layout.root, task!.id).attempts).toEqual([expect.objectContaining({ outcome: 'lost-claim', note: expect.stringContaining('cancelled') })]);
  }, 30_000);
});

describe('attempts', () => {
  it('a failed command counts as a failed attempt and its failure goes to the next attempt', async () => {
    const { orchestrator, notes } = await choreProject(
      `import { appendFileSync, readFileSync } from 'node:fs';\nconst { failures } = JSON.parse(readFileSync(process.env.BO_FAILURES_FILE, 'utf8'));\nappendFileSync(${JSON.stringify(path.join('.agents', 'notes.json'))}, JSON.stringify(failures) + '\\n');\nif (process.env.BO_ATTEMPT === '1') { console.error('model overloaded'); process.exit(4); }\n`,
    );
    const [task] = await orchestrator.engine.add([{ title: 'Chore that fails once', skill: 'chore-skill' }], 'test');
    const summary = await run({ orchestrator });
    expect(summary.runs[0]).toMatchObject({ end: 'done' });
    expect(summary.runs[0]!.attempts.map((a) => a.outcome)).toEqual(['command-failed', 'passed']);
    const [first, second] = readFileSync(notes, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(first).toEqual([]);
    expect(second).toEqual([expect.objectContaining({ rule: 'bo/command-exit', file: `ai-state/logs/${task!.id}/attempt-1.log`, message: 'the command exited with status 4; its last output:\n   | model overloaded' })]);
  }, 30_000);

  it('a program that cannot be started fails its attempts and the task is blocked', async () => {
    const { p } = await choreProject('', {}, { submit: { maxAttempts: 2 } });
    const file = path.join(p.dir, 'backend-orchestrator.config.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    config.skills['chore-skill'].executor.command = ['/nonexistent/agent-cli', '{prompt}'];
    writeFileSync(file, JSON.stringify(config));
    const fresh = await p.orchestrator();
    const [task] = await fresh.engine.add([{ title: 'Chore for a missing agent', skill: 'chore-skill' }], 'test');
    const summary = await run({ orchestrator: fresh });
    expect(summary.runs[0]).toMatchObject({ end: 'blocked' });
    expect(readLogIndex(fresh.layout.root, task!.id).attempts.map((a) => a.outcome)).toEqual(['start-failed', 'start-failed']);
  }, 30_000);

  it('--once runs one task; concurrency gives each slot its own claim name', async () => {
    const { orchestrator } = await choreProject('');
    const tasks = await orchestrator.engine.add([{ title: 'Chore one', skill: 'chore-skill' }, { title: 'Chore two', skill: 'chore-skill' }], 'test');
    const once = await run({ orchestrator, once: true, concurrency: 2, agent: 'solo' });
    expect(once.stopped).toBe('once');
    expect(once.runs).toHaveLength(1);
    expect(once.runs[0]!.agent).toMatch(/^solo#[12]$/);
    const statuses = await Promise.all(tasks.map(async (t) => (await orchestrator.engine.show(t.id)).status));
    expect(statuses.sort()).toEqual(['done', 'ready']);
    expect(slotAgent('w', 0, 1)).toBe('w');
    expect(slotAgent('w', 1, 3)).toBe('w#2');
    expect(defaultAgentName()).toMatch(new RegExp(`^bo-run-.+-${process.pid}$`));
    expect(defaultAgentName('claude')).toMatch(/^claude-bo-run-/);
  }, 30_000);

  it('--watch keeps polling: a task added later is run, until stopped', async () => {
    const { orchestrator } = await choreProject('');
    const controller = new AbortController();
    const finished: string[] = [];
    const running = run({ orchestrator, watch: true, signal: controller.signal, onEvent: (e) => e.type === 'task-finished' && finished.push(e.run.task) });
    await sleep(300);
    const [task] = await orchestrator.engine.add([{ title: 'Chore added while watching', skill: 'chore-skill' }], 'test');
    await waitFor(() => (finished.length ? true : undefined), 20_000, 'the task to be run');
    controller.abort();
    const summary = await running;
    expect(summary).toMatchObject({ stopped: 'stopped', runs: [{ task: task!.id, end: 'done' }] });
  }, 30_000);

  it('stops between attempts when aborted, releasing the claim', async () => {
    const { orchestrator } = await choreProject(`process.exit(1);\n`);
    const [task] = await orchestrator.engine.add([{ title: 'Chore stopped between attempts', skill: 'chore-skill' }], 'test');
    const controller = new AbortController();
    const summary = await run({
      orchestrator,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'attempt-finished') controller.abort();
      },
    });
    expect(summary.stopped).toBe('stopped');
    expect(summary.runs[0]).toMatchObject({ end: 'released', status: 'ready' });
    expect((await orchestrator.engine.show(task!.id)).history.at(-1)).toMatchObject({ to: 'ready', note: 'bo run stopped' });
  }, 30_000);
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' }).trim();
}

describe('a git worktree per task', () => {
  it('the agent works on bo/<task id>; the gates run on the worktree; done → committed on the branch, worktree removed, main checkout untouched', async () => {
    const p = await makeProject({});
    project = p;
    const script = p.agent(
      'agent.mjs',
      `import { readFileSync, writeFileSync } from 'node:fs';\nconst s = readFileSync('src/app.js', 'utf8');\nconst start = s.indexOf("app.get('/api/v1/products'");\nconst end = s.indexOf('\\n});', start) + 4;\nwriteFileSync('src/app.js', s.slice(0, start) + ${JSON.stringify(PAGED)} + s.slice(end));\nwriteFileSync(${JSON.stringify(path.join(p.dir, '.agents', 'cwd.txt'))}, process.cwd());\n`,
    );
    const file = path.join(p.dir, 'backend-orchestrator.config.json');
    const config = JSON.parse(readFileSync(file, 'utf8'));
    config.skills = { 'api-development-skill': { executor: nodeExecutor(script, { worktree: true }) } };
    writeFileSync(file, JSON.stringify(config, null, 2));
    git(p.dir, 'init', '-q', '-b', 'main');
    git(p.dir, 'add', '-A');
    git(p.dir, 'commit', '-q', '-m', 'tiny shop');
    const orchestrator = await p.orchestrator();
    const [task] = await orchestrator.engine.add([PAGINATION_TASK], 'test');
    const summary = await run({ orchestrator });
    const worktreeDir = path.join(p.dir, 'ai-state', 'worktrees', task!.id);
    expect(readFileSync(path.join(p.dir, '.agents', 'cwd.txt'), 'utf8')).toBe(worktreeDir);
    expect(summary.runs[0]).toMatchObject({ end: 'done', worktree: { branch: `bo/${task!.id}`, removed: true } });
    expect(existsSync(worktreeDir)).toBe(false);
    expect(git(p.dir, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree '))).toHaveLength(1);
    expect(p.read('src/app.js')).not.toContain('req.query.limit');
    expect(git(p.dir, 'show', `bo/${task!.id}:src/app.js`)).toContain('req.query.limit');
    expect(git(p.dir, 'log', '-1', '--format=%s', `bo/${task!.id}`)).toBe(`${task!.id}: ${PAGINATION_TASK.title}`);
    expect(summary.runs[0]!.worktree!.commit).toBe(git(p.dir, 'rev-parse', `bo/${task!.id}`));
    expect((await orchestrator.engine.show(task!.id)).status).toBe('done');
  }, 60_000);

  it('worktree: true outside a git repository blocks the task with what to change', async () => {
    const { orchestrator } = await choreProject('', { worktree: true });
    const [task] = await orchestrator.engine.add([{ title: 'Chore needing git', skill: 'chore-skill' }], 'test');
    const summary = await run({ orchestrator });
    expect(summary.runs[0]).toMatchObject({ end: 'blocked' });
    expect((await orchestrator.engine.show(task!.id)).blockedReason).toMatch(/could not create the task's git worktree: the executor has worktree: true, but .* is not in a git repository/);
  }, 30_000);
});
