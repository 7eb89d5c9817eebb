/**
 * `bo run` end to end on a tiny Express project whose collection GET lacks pagination: fake agents
 * (node scripts written here) are run by the worker loop, their change is submitted and judged by
 * the static gates. One fixes it at once; one writes a wrong fix first and fixes it on the second
 * attempt from BO_FAILURES_FILE. Manual skills are left alone and said so; two worker processes
 * never run a task twice; SIGINT stops the command's process group and releases the claim.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { groupAlive } from '../../src/gates/live/service/process-group.js';
import { readAttemptLog, readLogIndex } from '../../src/executors/logs.js';
import { boRun, makeProject, nodeExecutor, PAGED, PAGINATION_TASK, processRuns, spawnBoRun, UNPAGED, waitFor, WRONG, type Project } from '../executors/project.js';

let project: Project | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

/** An agent that checks it got the context, then edits src/app.js as `choose(failures)` says. */
function editingAgent(choose: string, notes: string): string {
  return `import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
const stdin = readFileSync(0, 'utf8');
const context = readFileSync(process.env.BO_CONTEXT_FILE, 'utf8');
if (stdin !== context || !context.includes(process.env.BO_TASK_ID) || !context.includes('pagination')) {
  console.error('the context package did not arrive');
  process.exit(3);
}
const { failures } = JSON.parse(readFileSync(process.env.BO_FAILURES_FILE, 'utf8'));
const handler = (${choose})(failures);
const file = 'src/app.js';
const source = readFileSync(file, 'utf8');
const start = source.indexOf("app.get('/api/v1/products'");
const end = source.indexOf('\\n});', start) + 4;
writeFileSync(file, source.slice(0, start) + handler + source.slice(end));
appendFileSync(${JSON.stringify(notes)}, JSON.stringify({ attempt: process.env.BO_ATTEMPT, rules: failures.map((f) => f.rule), prompt: process.argv[2] }) + '\\n');
console.log('edited GET /api/v1/products (attempt ' + process.env.BO_ATTEMPT + ')');
`;
}

async function paginationProject(choose: string) {
  const p = await makeProject({});
  const notes = path.join(p.dir, '.agents', 'notes.jsonl');
  const script = p.agent('agent.mjs', editingAgent(choose, notes));
  const config = JSON.parse(p.read('backend-orchestrator.config.json'));
  config.skills = { 'api-development-skill': { executor: nodeExecutor(script, { args: ['{prompt}'], timeoutMinutes: 1 }) } };
  writeFileSync(path.join(p.dir, 'backend-orchestrator.config.json'), JSON.stringify(config, null, 2));
  const orchestrator = await p.orchestrator();
  const [task] = await orchestrator.engine.add([PAGINATION_TASK], 'test');
  const notesOf = () => readFileSync(notes, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { attempt: string; rules: string[]; prompt: string });
  return { p, task: task!, notesOf, orchestrator };
}

describe('bo run with a command executor', () => {
  it('runs the agent, submits its change and the gates pass: the task is done', async () => {
    const { p, task, notesOf, orchestrator } = await paginationProject(`() => ${JSON.stringify(PAGED)}`);
    project = p;
    const result = await boRun(p.dir, ['--agent', 'fixer', '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = result.json();
    expect(summary).toMatchObject({ agent: 'fixer', stopped: 'queue-empty', runs: [{ task: task.id, end: 'done', status: 'done', agent: 'fixer' }] });
    expect(summary.runs[0].attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['passed']);
    expect(p.read('src/app.js')).toContain('req.query.limit');
    const done = await orchestrator.engine.show(task.id);
    expect(done).toMatchObject({ status: 'done', attempts: 1, result: { verdict: 'pass' } });
    expect(done.history.map((h) => `${h.to}:${h.by}`)).toEqual(['ready:test', 'in_progress:fixer', 'validating:fixer', 'done:fixer']);
    expect(notesOf()).toHaveLength(1);
    // The log of the attempt, and its index entry for the task page.
    const index = readLogIndex(orchestrator.layout.root, task.id);
    expect(index.attempts).toEqual([expect.objectContaining({ attempt: 1, agent: 'fixer', outcome: 'passed', exitCode: 0, log: 'attempt-1.log', submit: expect.objectContaining({ verdict: 'pass', failures: 0 }) })]);
    expect(readAttemptLog(orchestrator.layout.root, task.id, 1)).toContain('edited GET /api/v1/products (attempt 1)');
  }, 60_000);

  it('hands the failures to the next attempt: a wrong fix first, the right one from BO_FAILURES_FILE → done after 2', async () => {
    const choose = `(failures) => failures.some((f) => f.rule === 'api/pagination') ? ${JSON.stringify(PAGED)} : ${JSON.stringify(WRONG)}`;
    const { p, task, notesOf, orchestrator } = await paginationProject(choose);
    project = p;
    const result = await boRun(p.dir, ['--agent', 'learner']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${task.id}: attempt 1 — exit 0, gates failed (1 failing item)`);
    expect(result.stdout).toContain(`${task.id}: done — the gates passed on attempt 2`);
    const notes = notesOf();
    expect(notes.map((n) => [n.attempt, n.rules])).toEqual([['1', []], ['2', ['api/pagination']]]);
    // The prompt of the second attempt names the failing item with its fix hint.
    expect(notes[0]!.prompt).not.toContain('did not pass');
    expect(notes[1]!.prompt).toContain('Attempt 1 did not pass');
    expect(notes[1]!.prompt).toMatch(/\[api\/pagination\] src\/app\.js:\d+: GET \/api\/v1\/products lists a collection without pagination \(no limit\/offset, page or cursor query param is read; it reads count\)/);
    const done = await orchestrator.engine.show(task.id);
    expect(done).toMatchObject({ status: 'done', attempts: 2 });
    expect(readLogIndex(orchestrator.layout.root, task.id).attempts.map((a) => a.outcome)).toEqual(['gates-failed', 'passed']);
  }, 60_000);

  it('blocks the task when every attempt fails, after submit.maxAttempts', async () => {
    const { p, task, orchestrator } = await paginationProject(`() => ${JSON.stringify(UNPAGED)}`);
    project = p;
    const config = JSON.parse(p.read('backend-orchestrator.config.json'));
    config.submit.maxAttempts = 2;
    writeFileSync(path.join(p.dir, 'backend-orchestrator.config.json'), JSON.stringify(config, null, 2));
    const result = await boRun(p.dir, ['--agent', 'stuck', '--json']);
    expect(result.code).toBe(1);
    expect(result.json().runs[0]).toMatchObject({ end: 'blocked', status: 'blocked' });
    const blocked = await orchestrator.engine.show(task.id);
    expect(blocked).toMatchObject({ status: 'blocked', attempts: 2, claim: null });
  }, 60_000);

  it('leaves tasks of manual skills alone and says so; refuses to run when no skill has a command', async () => {
    const p = await makeProject({});
    project = p;
    const orchestrator = await p.orchestrator();
    await orchestrator.engine.add([PAGINATION_TASK], 'test');
    const none = await boRun(p.dir, []);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no skill has a command executor');

    const script = p.agent('noop.mjs', 'process.exit(0)\n');
    const config = JSON.parse(p.read('backend-orchestrator.config.json'));
    config.skills = { 'docs-skill': { description: 'docs', types: ['docs'], keywords: ['readme'], gates: [], executor: nodeExecutor(script) } };
    writeFileSync(path.join(p.dir, 'backend-orchestrator.config.json'), JSON.stringify(config, null, 2));
    const manualSkill = await boRun(p.dir, ['--skill', 'api-development']);
    expect(manualSkill.code).toBe(2);
    expect(manualSkill.stderr).toContain('skill api-development-skill is executed manually');

    const result = await boRun(p.dir, []);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('0 tasks run');
    expect(result.stdout).toContain('1 ready task of manual skills (api-development-skill: 1) left for agents and people');
    const { tasks } = await (await p.orchestrator()).engine.list();
    expect(tasks.map((t) => t.status)).toEqual(['ready']);
  }, 60_000);

  it('bad option values are usage errors', async () => {
    const p = await makeProject({});
    project = p;
    const zero = await boRun(p.dir, ['--concurrency', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--concurrency: "0" is not a positive whole number');
    const poll = await boRun(p.dir, ['--poll', 'soon']);
    expect(poll.code).toBe(2);
    expect(poll.stderr).toContain('--poll: "soon" is not a duration');
  });

  it('a template with an unknown placeholder is a config error before anything is claimed', async () => {
    const p = await makeProject({ skills: { 'api-development-skill': { executor: { kind: 'command', command: ['agent', '{task.name}'] } } } });
    project = p;
    const orchestrator = await p.orchestrator();
    const [task] = await orchestrator.engine.add([PAGINATION_TASK], 'test');
    const result = await boRun(p.dir, []);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('skills.api-development-skill.executor.command[1] uses {task.name}, which is not a placeholder');
    expect((await orchestrator.engine.show(task!.id)).status).toBe('ready');
  });
});

describe('bo run as processes', () => {
  it('two workers with --concurrency 2 each run every one of 10 tasks exactly once', async () => {
    const p = await makeProject({});
    project = p;
    const ran = path.join(p.dir, '.agents', 'ran.txt');
    const script = p.agent('append.mjs', `import { appendFileSync } from 'node:fs';\nawait new Promise((r) => setTimeout(r, 50));\nappendFileSync(${JSON.stringify(ran)}, process.env.BO_TASK_ID + ' ' + process.env.BO_AGENT + '\\n');\n`);
    const config = JSON.parse(p.read('backend-orchestrator.config.json'));
    config.skills = { 'chore-skill': { description: 'chores', types: ['chore'], keywords: ['chore'], gates: [], executor: nodeExecutor(script) } };
    writeFileSync(path.join(p.dir, 'backend-orchestrator.config.json'), JSON.stringify(config, null, 2));
    const orchestrator = await p.orchestrator();
    const tasks = await orchestrator.engine.add(Array.from({ length: 10 }, (_, i) => ({ title: `Chore number ${i + 1}`, skill: 'chore-skill' })), 'test');

    const workers = ['alpha', 'beta'].map((name) => spawnBoRun(['-C', p.dir, '--concurrency', '2', '--agent', name, '--json']));
    const results = await Promise.all(workers.map((w) => w.done));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(ran, 'utf8').trim().split('\n').map((line) => line.split(' '));
    expect(lines.map(([id]) => id).sort()).toEqual(tasks.map((t) => t.id).sort());
    const summaries = results.map((r) => JSON.parse(r.stdout) as { runs: { task: string; end: string; agent: string }[] });
    const byWorker = summaries.map((s) => s.runs.map((r) => r.task));
    expect([...byWorker[0]!, ...byWorker[1]!].sort()).toEqual(tasks.map((t) => t.id).sort());
    expect(summaries.flatMap((s) => s.runs.map((r) => r.end))).toEqual(Array(10).fill('done'));
    // Every task was run by the slot that claimed it.
    for (const [id, agent] of lines) expect(summaries.flatMap((s) => s.runs).find((r) => r.task === id)?.agent).toBe(agent);
    for (const task of tasks) expect((await orchestrator.engine.show(task.id)).status).toBe('done');
  }, 120_000);

  it('SIGINT stops the running command with its children, releases the claim and exits 0', async () => {
    const p = await makeProject({});
    project = p;
    const pids = path.join(p.dir, '.agents', 'pids.json');
    const script = p.agent(
      'hang.mjs',
      `import { spawn } from 'node:child_process';\nimport { writeFileSync } from 'node:fs';\nconst child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });\nwriteFileSync(${JSON.stringify(pids)}, JSON.stringify({ leader: process.pid, child: child.pid }));\nsetInterval(() => {}, 1000);\n`,
    );
    const config = JSON.parse(p.read('backend-orchestrator.config.json'));
    config.skills = { 'api-development-skill': { executor: nodeExecutor(script) } };
    writeFileSync(path.join(p.dir, 'backend-orchestrator.config.json'), JSON.stringify(config, null, 2));
    const orchestrator = await p.orchestrator();
    const [task] = await orchestrator.engine.add([PAGINATION_TASK], 'test');

    const worker = spawnBoRun(['-C', p.dir, '--agent', 'interrupted']);
    const { leader, child } = await waitFor(() => (existsSync(pids) ? (JSON.parse(readFileSync(pids, 'utf8')) as { leader: number; child: number }) : undefined), 30_000, 'the agent to start');
    expect(processRuns(child)).toBe(true);
    expect((await orchestrator.engine.show(task!.id)).claim?.agent).toBe('interrupted');
    worker.child.kill('SIGINT');
    const result = await worker.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('SIGINT: stopping the running commands');
    expect(groupAlive(leader)).toBe(false);
    expect(processRuns(leader)).toBe(false);
    expect(processRuns(child)).toBe(false);
    const released = await orchestrator.engine.show(task!.id);
    expect(released).toMatchObject({ status: 'ready', claim: null });
    expect(released.history.at(-1)).toMatchObject({ from: 'in_progress', to: 'ready', by: 'interrupted', note: 'bo run stopped (the command was stopped)' });
    expect(readLogIndex(orchestrator.layout.root, task!.id).attempts.map((a) => a.outcome)).toEqual(['interrupted']);
  }, 60_000);
});
