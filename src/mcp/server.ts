/**
 * The MCP server of one project: the ten tools an agent works with and the registry and task
 * resources, over any transport (stdio for `bo mcp`, Streamable HTTP under `bo serve`). The tools
 * adapt calls to the orchestrator; nothing here decides anything about tasks or gates.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { packageVersion } from '../cli/version.js';
import type { Orchestrator } from '../orchestrator.js';
import { registerResources } from './resources.js';
import type { DefinedTool } from './tool.js';
import { MANAGE_TOOLS } from './tools/manage.js';
import { PROJECT_TOOLS } from './tools/project.js';
import { WORK_TOOLS } from './tools/work.js';

export const TOOLS: readonly DefinedTool[] = [...WORK_TOOLS, ...MANAGE_TOOLS, ...PROJECT_TOOLS];

/** The agent name used when a call names none: `BO_AGENT`, else this. */
export const DEFAULT_AGENT = 'mcp-agent';

/** Sent once at initialisation: how the tools fit together. */
const INSTRUCTIONS = `backend-orchestrator: backend tasks with quality gates.
Loop: next_task → claim_task → get_context → implement (report_progress now and then) → submit_task → on fail fix each failing item (rule, file:line, fix) and submit_task again.
Before adding an endpoint or model, search_registry. run_checks gates the whole project; emit_event sends a frontend.api.request.`;

export interface McpServerOptions {
  /** Who acts when a tool call names no agent (default: $BO_AGENT or "mcp-agent"). */
  agent?: string;
  /** Diagnostics (unexpected errors); stdout is never used. */
  log?: (line: string) => void;
}

/** Read once: the HTTP transport builds a server per request. */
let version: string | undefined;

export function createMcpServer(orchestrator: Orchestrator, options: McpServerOptions = {}): McpServer {
  version ??= packageVersion();
  const server = new McpServer({ name: 'backend-orchestrator', version }, { instructions: INSTRUCTIONS });
  const deps = { orchestrator, agent: options.agent ?? DEFAULT_AGENT, ...(options.log ? { log: options.log } : {}) };
  for (const tool of TOOLS) tool.register(server, deps);
  registerResources(server, deps);
  return server;
}
