/**
 * `bo run`: the worker loop. Claims ready tasks whose skill has a `command` executor, runs the
 * command per attempt (context on stdin and in BO_CONTEXT_FILE, failures of the previous attempt
 * in BO_FAILURES_FILE), submits on exit 0, retries with the failures until the gates pass or
 * submit.maxAttempts is used up, and stops when no such task is left (or keeps polling with
 * --watch). SIGINT/SIGTERM stop the running commands (their whole process groups), release their
 * claims and exit 0. Tasks of manual skills are left alone, and the summary says how many wait.
 */
import type { Command } from 'commander';
import { EXIT } from '../../core/errors.js';
import type { WorkerEvent, WorkerSummary } from '../../executors/worker.js';
import { printJson } from '../io.js';
import { parseDuration, parsePositiveInt } from '../parse.js';
import type { Session } from '../session.js';
import type { Run } from './types.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line per step, for people watching a terminal. */
export function describeEvent(event: WorkerEvent, relative: (file: string) => string): string {
  switch (event.type) {
    case 'claimed':
      return `${event.task}: claimed by ${event.agent} (${event.skill}) — ${event.title}`;
    case 'attempt-started':
      return `${event.task}: attempt ${event.attempt} started (log ${relative(event.log)})`;
    case 'attempt-finished': {
      const r = event.record;
      const how: Record<string, string> = {
        passed: 'exit 0, gates passed',
        'gates-failed': `exit 0, gates failed (${plural(r.submit?.failures ?? 0, 'failing item')})`,
        'submit-error': `exit 0, the submit failed: ${r.note ?? ''}`,
        'command-failed': r.exitCode === null ? `killed by ${r.signal ?? 'a signal'}` : `exit ${r.exitCode}`,
        'timed-out': 'timed out: its process group was stopped',
        'start-failed': r.failure?.message ?? 'could not start',
        interrupted: 'stopped (bo run interrupted)',
        'lost-claim': `stopped: the claim was lost (${r.note ?? ''})`,
        running: 'running',
      };
      return `${event.task}: attempt ${r.attempt} — ${how[r.outcome] ?? r.outcome} (${Math.round((r.durationMs ?? 0) / 100) / 10} s)`;
    }
    case 'task-finished': {
      const { run } = event;
      const mark = run.end === 'done' ? 'done' : run.end === 'blocked' ? 'blocked' : run.end === 'released' ? 'released' : 'left';
      return `${run.task}: ${mark} — ${run.note}`;
    }
  }
}

export function summaryText(summary: WorkerSummary): string[] {
  const count = (end: string) => summary.runs.filter((r) => r.end === end).length;
  const parts = [`${count('done')} done`, `${count('blocked')} blocked`];
  if (count('released')) parts.push(`${count('released')} released`);
  if (count('lost')) parts.push(`${count('lost')} taken away`);
  const why = summary.stopped === 'stopped' ? 'stopped' : summary.stopped === 'once' ? '--once' : 'no ready task left';
  const lines = [`bo run (${summary.agent}): ${plural(summary.runs.length, 'task')} run — ${parts.join(', ')}; ${why}`];
  const manual = Object.entries(summary.manual);
  if (manual.length) {
    const total = manual.reduce((sum, [, n]) => sum + n, 0);
    lines.push(`${plural(total, 'ready task')} of manual skills (${manual.map(([skill, n]) => `${skill}: ${n}`).join(', ')}) left for agents and people (bo next, MCP): bo run only runs skills with a command executor`);
  }
  return lines;
}

async function run(session: Session, opts: Record<string, unknown>): Promise<number> {
  const [{ Orchestrator }, { runWorker, defaultAgentName }] = await Promise.all([import('../../orchestrator.js'), import('../../executors/worker.js')]);
  const { root, config } = await session.config();
  const env = { ...process.env, ...session.io.env };
  const orchestrator = new Orchestrator(root, config, env);
  const agent = (opts.agent as string | undefined) ?? defaultAgentName(session.io.env.BO_AGENT);
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    if (!session.json) session.io.stderr.write(`bo run: ${signal}: stopping the running commands and releasing their claims\n`);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let summary: WorkerSummary;
  try {
    summary = await runWorker({
      orchestrator,
      agent,
      concurrency: (opts.concurrency as number | undefined) ?? 1,
      skill: opts.skill as string | undefined,
      once: Boolean(opts.once),
      watch: Boolean(opts.watch),
      ...(opts.poll !== undefined ? { pollMs: opts.poll as number } : {}),
      signal: controller.signal,
      env,
      ...(session.json ? {} : { onEvent: (event: WorkerEvent) => session.out(describeEvent(event, (file) => session.relative(file))) }),
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    // Ends the PostgreSQL pool and LISTEN connection cleanly; the file store stops watching and saves its caches.
    await orchestrator.close();
  }
  if (session.json) printJson(session.io, summary);
  else for (const line of summaryText(summary)) session.out(line);
  if (summary.stopped === 'stopped') return EXIT.ok;
  return summary.runs.some((r) => r.end === 'blocked') ? EXIT.checksFailed : EXIT.ok;
}

export function registerRun(program: Command, run_: Run): void {
  program
    .command('run')
    .description('the worker loop: claim ready tasks of skills with a command executor, run their agents, submit, retry with the failures')
    .option('--skill <name>', 'only tasks of this skill (it must have a command executor)')
    .option('--concurrency <n>', 'tasks run at the same time (default 1)', (v) => parsePositiveInt(v, '--concurrency'))
    .option('--agent <name>', 'the worker\'s name on its claims (default: bo-run-<host>-<pid>); slots claim as <name>#<n>')
    .option('--once', 'run one task to its end, then stop')
    .option('--watch', 'keep polling for ready tasks instead of stopping when none is left')
    .option('--poll <duration>', 'how often idle slots look for work, e.g. 5s (default 2s)', (v) => parseDuration(v, '--poll'))
    .addHelpText(
      'after',
      `
Skills run by bo run have an executor in the config, e.g.
  "skills": { "api-development-skill": { "executor": { "kind": "command",
    "command": ["claude", "-p", "{prompt}", "--permission-mode", "acceptEdits"], "timeoutMinutes": 30, "worktree": true } } }
Placeholders: {task.id} {task.title} {task.description} {prompt} {context_file} {failures_file} {attempt} {workdir} {project_root} …
The command runs without a shell; stdin is the context package; env: BO_TASK_ID, BO_CONTEXT_FILE, BO_FAILURES_FILE, BO_ATTEMPT, BO_AGENT.
Logs: <stateDir>/logs/<task id>/attempt-<n>.log and index.json. See docs/executors.md.

Examples:
  $ bo run
  $ bo run --skill api-development --concurrency 2 --agent claude-worker
  $ bo run --watch --poll 10s

Exit codes: 0 every task run is done, or stopped by SIGINT/SIGTERM · 1 a task ended blocked · 2 no skill to run or a bad template`,
    )
    .action((_opts, cmd: Command) => run_(cmd, (session) => run(session, cmd.opts())));
}
