/** `bo task add | list | show`. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { BoError } from '../../core/errors.js';
import { parseStructured, StructuredParseError } from '../../core/structured.js';
import { printJson } from '../io.js';
import { collect, parsePriority, parseStatus } from '../parse.js';
import { taskDetails, taskSummary, taskTable } from '../render-task.js';
import type { Session } from '../session.js';

import type { Run } from './types.js';

async function readTaskFile(file: string, cwd: string, stdin: () => Promise<string>): Promise<unknown[]> {
  const text = file === '-' ? await stdin() : await readFile(path.resolve(cwd, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new BoError('BO_ERR_INPUT_INVALID', `${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  let raw: unknown;
  try {
    raw = await parseStructured(file, text);
  } catch (error) {
    if (!(error instanceof StructuredParseError)) throw error;
    throw new BoError('BO_ERR_INPUT_INVALID', `${file}:${error.line}:${error.column}: ${error.message}`);
  }
  if (Array.isArray(raw)) return raw;
  if (raw && typeof raw === 'object') {
    const tasks = (raw as { tasks?: unknown }).tasks;
    if (tasks === undefined) return [raw];
    if (Array.isArray(tasks)) return tasks;
  }
  throw new BoError('BO_ERR_INPUT_INVALID', `${file}: expected a task, a list of tasks, or {tasks: [...]}`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function registerTask(program: Command, run: Run): void {
  const task = program.command('task').description('create and read tasks');

  task
    .command('add')
    .description('create a task (routed to a skill by --skill, --type or the words of its title)')
    .argument('[title]', 'what to do, e.g. "Add pagination to GET /api/products"')
    .option('--from <file>', 'create one or many tasks from a YAML/JSON file (- for stdin)')
    .option('-d, --description <text>', 'longer description')
    .option('-t, --type <type>', 'task type: api, database, integration, auth, testing (or a custom skill type)')
    .option('-s, --skill <skill>', 'assign to this skill explicitly')
    .option('-r, --requirement <req>', 'a requirement, e.g. pagination, filtering, "auth required" (repeatable)', collect)
    .option('--target <target>', 'an endpoint or model it touches, e.g. "GET /api/products" (repeatable)', collect)
    .option('--depends <id>', 'a task that must be done first (repeatable)', collect)
    .option('-p, --priority <priority>', 'critical, high, medium (default) or low', parsePriority)
    .option('--agent <name>', 'who creates it (default: $BO_AGENT or the OS user)')
    .addHelpText(
      'after',
      `
Examples:
  $ bo task add "Add pagination to GET /api/products" --type api --requirement pagination
  $ bo task add "Index order_items.product_id" --target order_items --priority high
  $ bo task add "Return 201 from POST /api/orders" --depends task-004-orders-table --json
  $ bo task add --from tasks.yaml

A file holds a list of tasks (or {tasks: [...]}); "depends" may name a task id or the "key" of a
task in the same file:
  - key: schema
    title: Add reviews table
    type: database
  - title: Add GET /api/v1/products/{id}/reviews
    depends: [schema]
    requirements: [pagination]`,
    )
    .action((title: string | undefined, _opts, cmd: Command) =>
      run(cmd, async (session) => {
        const opts = cmd.opts();
        let inputs: unknown[];
        if (opts.from) {
          if (title) throw new BoError('BO_ERR_USAGE', 'give either a title or --from <file>, not both');
          inputs = await readTaskFile(opts.from, session.cwd, readStdin);
        } else {
          if (!title?.trim()) throw new BoError('BO_ERR_USAGE', 'a task needs a title: bo task add "<title>" (or --from <file>)');
          inputs = [
            {
              title,
              description: opts.description,
              type: opts.type,
              skill: opts.skill,
              priority: opts.priority,
              requirements: opts.requirement,
              targets: opts.target,
              depends: opts.depends,
            },
          ];
        }
        const engine = await session.engine();
        const created = await engine.add(inputs, session.actor(opts.agent));
        if (session.json) printJson(session.io, opts.from ? created : created[0]);
        else for (const t of created) session.out(`Created ${taskSummary(t, session.paint).trimEnd()}`);
      }),
    );

  task
    .command('list')
    .alias('ls')
    .description('list tasks')
    .option('--status <status>', 'only tasks in this status', parseStatus)
    .option('--skill <skill>', 'only tasks of this skill')
    .option('--agent <name>', 'only tasks claimed by this agent')
    .option('-a, --all', 'include archived (done and cancelled) tasks')
    .addHelpText('after', '\nExamples:\n  $ bo task list --status ready\n  $ bo task list --skill database --json')
    .action((_opts, cmd: Command) =>
      run(cmd, async (session) => {
        const opts = cmd.opts();
        const engine = await session.engine();
        const archived = opts.all || opts.status === 'done' || opts.status === 'cancelled';
        const { tasks, problems } = await engine.list({ status: opts.status, skill: opts.skill, agent: opts.agent, archived });
        reportProblems(session, problems);
        if (session.json) printJson(session.io, tasks);
        else session.io.stdout.write(taskTable(tasks, session.paint));
      }),
    );

  task
    .command('show')
    .description('show one task with its history')
    .argument('<id>', 'task id')
    .action((id: string, _opts, cmd: Command) =>
      run(cmd, async (session) => {
        const found = await (await session.engine()).show(id);
        if (session.json) printJson(session.io, found);
        else session.io.stdout.write(taskDetails(found, session.paint));
      }),
    );
}

export function reportProblems(session: Session, problems: readonly { file: string; message: string; line?: number; column?: number }[]): void {
  for (const p of problems) {
    session.warn(`${session.relative(p.file)}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message} (skipped)`);
  }
}
