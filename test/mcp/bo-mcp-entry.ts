/**
 * `bo mcp` for the MCP tests, run with `node --import tsx`: the command as registerMcp defines it,
 * on a commander program of its own, so the tests need neither a build nor main.ts registering it.
 */
import { Command } from 'commander';
import { registerMcp } from '../../src/cli/commands/mcp.js';
import { Session, type GlobalOptions } from '../../src/cli/session.js';

const program = new Command('bo').option('-C, --cwd <dir>').option('--json').exitOverride();
registerMcp(program, async (cmd, fn) => {
  const session = new Session({ stdout: process.stdout, stderr: process.stderr, env: process.env }, process.cwd(), cmd.optsWithGlobals<GlobalOptions>());
  process.exitCode = (await fn(session)) ?? 0;
});
await program.parseAsync(process.argv.slice(2), { from: 'user' });
