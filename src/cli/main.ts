/**
 * The CLI entry: parses argv, runs one command, and turns every outcome into an exit code
 * (0 ok, 1 checks failed, 2 usage/invalid input, 3 conflict, 4 not found). Nothing below this
 * module exits the process or prints a stack trace (unless --debug).
 */
import { Command, CommanderError } from 'commander';
import { EXIT, isBoError } from '../core/errors.js';
import { registerCheck } from './commands/check.js';
import { registerClaims } from './commands/claims.js';
import { registerContext } from './commands/context.js';
import { registerDocs } from './commands/docs.js';
import { registerEvents } from './commands/events.js';
import { registerInit } from './commands/init.js';
import { registerMcp } from './commands/mcp.js';
import { registerMigrateStore } from './commands/migrate-store.js';
import { registerMonitor } from './commands/monitor.js';
import { registerNext } from './commands/next.js';
import { registerRules } from './commands/rules.js';
import { registerRun } from './commands/run.js';
import { registerScan } from './commands/scan.js';
import { registerServe } from './commands/serve.js';
import { registerSubmit } from './commands/submit.js';
import { registerTask } from './commands/task.js';
import type { Run } from './commands/types.js';
import { printJson, type Io } from './io.js';
import { Session, type GlobalOptions } from './session.js';
import { packageVersion } from './version.js';

const EXAMPLES = `
Examples:
  $ bo init
  $ bo task add "Add pagination to GET /api/products" --type api --requirement pagination
  $ bo task add "Add index on order_items.product_id" --depends task-001-add-pagination-get-api
  $ bo next --json
  $ bo claim task-001-add-pagination-get-api --agent claude-1
  $ bo context task-001-add-pagination-get-api --max-tokens 2000
  $ bo submit task-001-add-pagination-get-api --agent claude-1
  $ bo run --concurrency 2 --agent claude-worker

Exit codes: 0 ok · 1 checks failed · 2 usage or invalid input · 3 conflict · 4 not found
Docs: every command has --help; --json prints machine output on stdout and nothing else.`;

function buildProgram(io: Io, baseCwd: string, state: { exitCode: number }): Command {
  const program = new Command('bo');
  program
    .description('backend-orchestrator: tasks, skills, context packages and quality gates for backends built by AI agents and people')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('-C, --cwd <dir>', 'run as if started in <dir>')
    .option('--json', 'machine-readable output on stdout')
    .option('--no-color', 'plain output (also: NO_COLOR=1)')
    .option('--debug', 'show stack traces of unexpected errors')
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  // Closed whatever the outcome: PostgreSQL connections end cleanly rather than being cut at exit,
  // and an in-process caller (tests, the library's main) keeps no pool per command.
  const run: Run = async (cmd, fn) => {
    const session = new Session(io, baseCwd, cmd.optsWithGlobals<GlobalOptions>());
    try {
      state.exitCode = (await fn(session)) ?? EXIT.ok;
    } finally {
      // A failure to close must not hide the command's own outcome (or error).
      await session.close().catch(() => undefined);
    }
  };

  registerInit(program, run);
  registerScan(program, run);
  registerTask(program, run);
  registerNext(program, run);
  registerClaims(program, run);
  registerMonitor(program, run);
  registerContext(program, run);
  registerCheck(program, run);
  registerRules(program, run);
  registerDocs(program, run);
  registerSubmit(program, run);
  registerRun(program, run);
  registerEvents(program, run);
  registerMcp(program, run);
  registerServe(program, run);
  registerMigrateStore(program, run);
  return program;
}

export async function main(argv: readonly string[], io: Io = processIo(), cwd = process.cwd()): Promise<number> {
  const state: { exitCode: number } = { exitCode: EXIT.ok };
  const program = buildProgram(io, cwd, state);
  const wantsJson = argv.includes('--json');
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version') return EXIT.ok;
      // Commander already printed its message to stderr.
      if (wantsJson) printJson(io, { error: { code: 'BO_ERR_USAGE', message: error.message.replace(/^error: /, ''), exitCode: EXIT.invalid } });
      return EXIT.invalid;
    }
    if (isBoError(error)) {
      io.stderr.write(`bo: ${error.message}\n`);
      if (wantsJson) printJson(io, { error: error.toJSON() });
      if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    const e = error as NodeJS.ErrnoException;
    io.stderr.write(`bo: unexpected error: ${e?.message ?? String(error)}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && e?.stack) io.stderr.write(`${e.stack}\n`);
    if (wantsJson) printJson(io, { error: { code: 'BO_ERR_INTERNAL', message: e?.message ?? String(error), exitCode: EXIT.checksFailed } });
    return EXIT.checksFailed;
  }
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

