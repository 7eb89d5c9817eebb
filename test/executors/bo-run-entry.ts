/**
 * `bo run` for the process tests, run with `node --import tsx/esm`: the command as registerRun
 * defines it, on a commander program of its own, so the tests need neither a build nor main.ts
 * registering it. Exit codes as main.ts maps them.
 */
import { Command } from 'commander';
import { registerRun } from '../../src/cli/commands/run.js';
import { Session, type GlobalOptions } from '../../src/cli/session.js';
import { isBoError } from '../../src/core/errors.js';

const program = new Command('bo').option('-C, --cwd <dir>').option('--json').option('--no-color').exitOverride();
registerRun(program, async (cmd, fn) => {
  const session = new Session({ stdout: process.stdout, stderr: process.stderr, env: process.env }, process.cwd(), cmd.optsWithGlobals<GlobalOptions>());
  process.exitCode = (await fn(session)) ?? 0;
});
try {
  await program.parseAsync(process.argv.slice(2), { from: 'user' });
} catch (error) {
  process.stderr.write(`bo: ${(error as Error).message}\n`);
  process.exitCode = isBoError(error) ? error.exitCode : 1;
}
