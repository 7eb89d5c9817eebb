/**
 * The coding agents `bo init --agent` sets up, and how each one starts our MCP server: which file
 * holds its MCP client config, in which format, and the command line. Pure.
 *
 * The command is `npx --no bo … mcp` for every agent:
 * - `npx` finds `bo` in the project's node_modules/.bin (or a global install) on every platform
 *   and package manager layout, where a hard-coded `node_modules/.bin/bo` would not (Windows
 *   `.cmd` shims, hoisted workspaces).
 * - `--no` stops npx from installing a package when `bo` is missing: without it npx installs and
 *   runs whatever the registry calls `bo` (an unrelated package) without asking, as MCP clients
 *   start servers without a terminal. With it, a missing install is an error the client shows.
 * - `--agent` names the agent in claims and history when a tool call does not give a name.
 * Cursor may start project servers outside the project folder (it ignores `cwd`) but expands
 * `${workspaceFolder}` in args, so npx looks there (`--prefix`) and bo runs there (`-C`).
 * Claude Code and Codex start servers in the project folder, which is what `bo` needs.
 */
import { BoError } from '../core/errors.js';

export const AGENT_KINDS = ['claude', 'cursor', 'codex'] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

/** Our server's name in every MCP client config. */
export const MCP_SERVER_NAME = 'backend-orchestrator';

export interface McpLaunch {
  command: string;
  args: string[];
}

export interface AgentTarget {
  kind: AgentKind;
  /** Who it is, in messages. */
  label: string;
  /** The MCP client config, relative to the project root, with forward slashes. */
  mcpConfigFile: string;
  format: 'json' | 'toml';
  launch: McpLaunch;
}

const WORKSPACE = '${workspaceFolder}';

export const AGENT_TARGETS: Readonly<Record<AgentKind, AgentTarget>> = {
  claude: {
    kind: 'claude',
    label: 'Claude Code',
    mcpConfigFile: '.mcp.json',
    format: 'json',
    launch: { command: 'npx', args: ['--no', 'bo', 'mcp', '--agent', 'claude-code'] },
  },
  cursor: {
    kind: 'cursor',
    label: 'Cursor',
    mcpConfigFile: '.cursor/mcp.json',
    format: 'json',
    launch: { command: 'npx', args: ['--no', '--prefix', WORKSPACE, 'bo', '-C', WORKSPACE, 'mcp', '--agent', 'cursor'] },
  },
  codex: {
    kind: 'codex',
    label: 'Codex',
    mcpConfigFile: '.codex/config.toml',
    format: 'toml',
    launch: { command: 'npx', args: ['--no', 'bo', 'mcp', '--agent', 'codex'] },
  },
};

/**
 * `--agent` values as given (repeatable, each may be a comma list) → the distinct kinds in the
 * order first named. Case and surrounding spaces do not matter; anything else is a usage error
 * that lists the valid names.
 */
export function parseAgentKinds(values: readonly string[]): AgentKind[] {
  const kinds: AgentKind[] = [];
  const unknown: string[] = [];
  for (const name of values.flatMap((value) => value.split(',')).map((n) => n.trim().toLowerCase())) {
    if (name === '') continue;
    if (!(AGENT_KINDS as readonly string[]).includes(name)) unknown.push(name);
    else if (!kinds.includes(name as AgentKind)) kinds.push(name as AgentKind);
  }
  if (unknown.length > 0) {
    throw new BoError('BO_ERR_USAGE', `unknown agent ${unknown.map((n) => `"${n}"`).join(', ')} for --agent: use ${AGENT_KINDS.join(', ')} (repeat --agent or separate with commas)`);
  }
  if (values.length > 0 && kinds.length === 0) {
    throw new BoError('BO_ERR_USAGE', `--agent needs a name: ${AGENT_KINDS.join(', ')}`);
  }
  return kinds;
}

/** What the user still has to do for an agent after the files are written. */
export function agentNotes(kind: AgentKind): string[] {
  switch (kind) {
    case 'claude':
      return ['Claude Code: start `claude` in this folder and approve the project MCP server "backend-orchestrator" when asked (`/mcp` shows it).'];
    case 'cursor':
      return ['Cursor: enable "backend-orchestrator" under Settings → MCP; Cursor also reads the skill in .claude/skills/.'];
    case 'codex':
      return [
        'Codex: reads .codex/config.toml only in a trusted project (trust it when Codex asks, or set trust_level = "trusted" for this folder under [projects] in ~/.codex/config.toml); older Codex versions read only ~/.codex/config.toml: copy the [mcp_servers.backend-orchestrator] table there.',
        'Codex: looks for skills in .agents/skills/, not .claude/skills/: link the skill there (mkdir -p .agents/skills && ln -s ../../.claude/skills/backend-orchestrator .agents/skills/) or add to AGENTS.md "For backend tasks follow .claude/skills/backend-orchestrator/SKILL.md".',
      ];
  }
}
