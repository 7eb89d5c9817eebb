/**
 * `bo mcp`: the MCP server on stdio, for agents (Claude Code, Cursor, Codex…) that start it as a
 * subprocess. Serves until the client closes stdin. Stdout is the protocol; messages go to
 * stderr. The SDK is loaded only when the command runs, so other commands do not pay for it.
 */
import type { Command } from 'commander';
import type { Run } from './types.js';

export function registerMcp(program: Command, run: Run): void {
  program
    .command('mcp')
    .description('serve the MCP tools (next_task, claim_task, get_context, submit_task…) on stdin/stdout for an agent')
    .option('--agent <name>', 'the agent name used when a tool call names none (default: $BO_AGENT or "mcp-agent")')
    .addHelpText(
      'after',
      `
Examples:
  $ bo mcp                      # started by the agent, e.g. from .mcp.json: {"command": "npx", "args": ["bo", "mcp"]}
  $ bo mcp --agent claude-1

Stdout carries only the protocol (JSON-RPC); diagnostics go to stderr. Exits when stdin closes.`,
    )
    .action((_opts, cmd: Command) =>
      run(cmd, async (session) => {
        const [{ Orchestrator }, { runStdio }, { DEFAULT_AGENT }] = await Promise.all([
          import('../../orchestrator.js'),
          import('../../mcp/stdio.js'),
          import('../../mcp/server.js'),
        ]);
        const { root, config } = await session.config();
        const orchestrator = new Orchestrator(root, config, session.io.env);
        const agent = (cmd.opts().agent as string | undefined) ?? session.io.env.BO_AGENT ?? DEFAULT_AGENT;
        try {
          await runStdio(orchestrator, { agent });
        } finally {
          // Ends the PostgreSQL pool and LISTEN connection cleanly; the file store stops watching and saves its caches.
          await orchestrator.close();
        }
      }),
    );
}
