/**
 * The MCP server over Streamable HTTP at `/mcp` on `bo serve`'s Fastify instance, stateless: each
 * POST gets a fresh server and transport (the SDK's stateless mode), so any number of agents and
 * any number of `bo serve` instances answer alike, with no session to lose on a restart. Answers
 * stream as SSE, so long calls (submit_task, run_checks) can send progress. Without sessions there
 * is no server-initiated stream to GET and nothing to DELETE: both answer 405. The app's bearer
 * token check runs in front of these routes like any other.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Orchestrator } from '../orchestrator.js';
import { responses, SHARED_SCHEMAS } from '../server/schemas.js';
import { createMcpServer, DEFAULT_AGENT } from './server.js';

export const MCP_PATH = '/mcp';

/** The header naming the calling agent (as for the HTTP API's audit log). */
const AGENT_HEADER = 'x-bo-agent';

export interface McpHttpOptions {
  /** Who acts when neither the call nor the `x-bo-agent` header names an agent (default: $BO_AGENT or "mcp-agent"). */
  agent?: string;
  log?: (line: string) => void;
}

/**
 * One JSON-RPC message (MCP has no batches since 2025-06-18): Fastify refuses anything else
 * before a server is built.
 */
const JSON_RPC_BODY = { type: 'object', required: ['jsonrpc'], properties: { jsonrpc: { const: '2.0' } } } as const;

/** How the routes are described (the app's OpenAPI document is generated from route schemas). */
const POST_SCHEMA: FastifySchema = {
  summary: 'MCP Streamable HTTP: one JSON-RPC message',
  description: 'The MCP tools and resources (tools/list, tools/call, resources/read…). Stateless: initialize, then any request, each its own POST. The answer streams as text/event-stream (progress of long calls, then the result). Names the agent with x-bo-agent.',
  tags: ['mcp'],
  body: JSON_RPC_BODY,
  response: responses(
    {
      200: { description: 'The JSON-RPC response, as server-sent events', content: { 'text/event-stream': { schema: { type: 'string' } } } },
      202: { description: 'A notification or response was accepted (nothing to answer)', content: { 'application/json': { schema: { type: 'string' } } } },
    },
    [400, 413, 415, 422],
  ),
};

/** Headers every API answer carries; the hijacked reply skips the app's onSend hooks, so they are set here. */
const ANSWER_HEADERS = { 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };

/** A JSON-RPC error body, as the transport itself answers protocol-level refusals. */
const rpcError = (message: string) => ({ jsonrpc: '2.0', error: { code: -32000, message }, id: null });

/** The /mcp routes as a Fastify plugin: registered on the API app after its token and rate-limit hooks, which therefore cover it. */
export function mcpRoutes(orchestrator: Orchestrator, options: McpHttpOptions = {}) {
  return async function mcp(app: FastifyInstance): Promise<void> {
    await routes(app, orchestrator, options);
  };
}

/** The same routes on any Fastify instance (tests, embedding). */
export async function mountMcpHttp(app: FastifyInstance, orchestrator: Orchestrator, options: McpHttpOptions = {}): Promise<void> {
  // The answers' problem schema, which the API app registers for all its routes.
  for (const schema of SHARED_SCHEMAS) if (!app.getSchema(schema.$id as string)) app.addSchema(schema);
  await app.register(mcpRoutes(orchestrator, options));
}

async function routes(app: FastifyInstance, orchestrator: Orchestrator, options: McpHttpOptions): Promise<void> {
  const fallbackAgent = options.agent ?? process.env.BO_AGENT ?? DEFAULT_AGENT;
  const log = options.log ?? ((line: string) => app.log.error(line));

  const post = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const named = request.headers[AGENT_HEADER];
    const agent = typeof named === 'string' && named.trim() ? named.trim() : fallbackAgent;
    const server = createMcpServer(orchestrator, { agent, log });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    // The transport writes the response itself; Fastify must not send one too. What the app's hooks
    // set so far (rate-limit headers…) goes on the raw response with the usual API headers.
    for (const [name, value] of Object.entries({ ...reply.getHeaders(), ...ANSWER_HEADERS })) if (value !== undefined) reply.raw.setHeader(name, value);
    reply.hijack();
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(request.raw, reply.raw, request.body);
    } catch (error) {
      log(`mcp: ${error instanceof Error ? error.message : String(error)}`);
      if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify(rpcError('internal error')));
    }
  };

  const notAllowed = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.code(405).header('allow', 'POST').send(rpcError('this MCP endpoint is stateless: send every JSON-RPC message with POST'));

  // MCP clients are configured with the URL of /mcp; the protocol carries its own version (MCP-Protocol-Version).
  // Each route is on its own line under its suppression: a bo-ignore covers the line below it.
  // bo-ignore api/versioning: the MCP endpoint, versioned by the protocol
  app.post(MCP_PATH, { schema: POST_SCHEMA }, post);
  // bo-ignore api/versioning: the MCP endpoint, versioned by the protocol
  app.get(MCP_PATH, notAllowed); /* bo-ignore api/documented: MCP's stateless transport answers GET with 405 (no server stream), as the MCP spec asks; not an API operation */
  // bo-ignore api/versioning: the MCP endpoint, versioned by the protocol
  app.delete(MCP_PATH, notAllowed); /* bo-ignore api/documented: MCP's stateless transport has no session to delete: 405, as the MCP spec asks; not an API operation */
}
