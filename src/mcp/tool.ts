/**
 * One MCP tool as a value: name, a short description that tells an agent when to call it, the
 * input schema (zod; the SDK derives the JSON Schema and validates calls with it), the
 * annotations, and the function that adapts the call to the orchestrator. `defineTool` binds the
 * schema's type to the function and turns every failure into an `isError` result.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ServerNotification, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type * as z from 'zod/mini';
import type { Orchestrator } from '../orchestrator.js';
import { isBoError } from '../core/errors.js';
import { errorResult } from './errors.js';

export interface ToolContext {
  orchestrator: Orchestrator;
  /** Who acts when a call names no agent. */
  agent: string;
  /** Aborted when the client cancels the call or goes away. */
  signal: AbortSignal;
  /** Reports a phase of a long call (submit, checks) as MCP progress, when the client asked for it. */
  progress?: (phase: string, done: number, total: number) => void;
}

export interface ToolSpec<S extends z.ZodMiniObject> {
  name: string;
  description: string;
  input: S;
  annotations: ToolAnnotations;
  run(args: z.output<S>, context: ToolContext): Promise<CallToolResult>;
}

export interface ServerDeps {
  orchestrator: Orchestrator;
  agent: string;
  /** Where diagnostics go (stderr for stdio: stdout is the protocol). */
  log?: (line: string) => void;
}

export interface DefinedTool {
  name: string;
  register(server: McpServer, deps: ServerDeps): void;
}

/** The answer as compact JSON text (`null` included: "nothing ready" is an answer). */
export function json(value: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }] };
}

export function text(value: string): CallToolResult {
  return { content: [{ type: 'text', text: value }] };
}

interface CallExtra {
  signal: AbortSignal;
  _meta?: { progressToken?: string | number } | undefined;
  sendNotification(notification: ServerNotification): Promise<void>;
}

/**
 * MCP progress for a call whose client sent a progress token: each phase change is one
 * notification (progress must only grow, so it counts notifications; the phase is the message).
 */
function progressOf(extra: CallExtra): ToolContext['progress'] {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  let sent = 0;
  let last = '';
  return (phase, done, total) => {
    const message = total > 1 ? `${phase} ${done}/${total}` : phase;
    if (message === last) return;
    last = message;
    sent += 1;
    extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: sent, message } }).catch(() => undefined);
  };
}

export function defineTool<S extends z.ZodMiniObject>(spec: ToolSpec<S>): DefinedTool {
  return {
    name: spec.name,
    register(server, deps) {
      // The SDK parses the arguments with this schema before the call: they are S's output.
      const inputSchema: z.ZodMiniObject = spec.input;
      server.registerTool(spec.name, { description: spec.description, inputSchema, annotations: spec.annotations }, async (args, extra) => {
        const progress = progressOf(extra as CallExtra);
        try {
          return await spec.run(args as z.output<S>, { orchestrator: deps.orchestrator, agent: deps.agent, signal: extra.signal, ...(progress ? { progress } : {}) });
        } catch (error) {
          // An operational error is the answer; anything else is a bug worth a line in the log too.
          if (!isBoError(error)) deps.log?.(`${spec.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          return errorResult(error);
        }
      });
    },
  };
}
