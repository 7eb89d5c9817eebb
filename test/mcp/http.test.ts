/**
 * The MCP server over Streamable HTTP, mounted on a bare Fastify instance: the SDK's client over
 * StreamableHTTPClientTransport lists the tools and calls them (stateless: every POST is served by
 * a fresh server, so two clients at once do not interfere); the `x-bo-agent` header names the
 * agent; GET and DELETE answer 405 since there are no sessions.
 */
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/schema.js';
import { mountMcpHttp } from '../../src/mcp/http.js';
import { problemErrorHandler } from '../../src/server/problem.js';
import { Orchestrator } from '../../src/orchestrator.js';
import { tempDir } from '../helpers/tasks.js';
import { call } from './helpers.js';

let app: FastifyInstance;
let url: URL;
let cleanup: () => void;
let orchestrator: Orchestrator;
const clients: Client[] = [];

async function connect(headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'bo-mcp-http-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
  clients.push(client);
  return client;
}

beforeAll(async () => {
  const temp = tempDir('bo-mcp-http-');
  cleanup = temp.cleanup;
  orchestrator = new Orchestrator(temp.dir, defaultConfig(), {});
  await orchestrator.store.init();
  await orchestrator.engine.add([{ title: 'Add pagination to GET /api/products', requirements: ['pagination'] }, { title: 'Add an index on orders.user_id', type: 'database' }], 'test');
  app = fastify();
  // As in the API app: errors answer as problem+json (the routes declare that shape).
  app.setErrorHandler(problemErrorHandler);
  await mountMcpHttp(app, orchestrator, { agent: 'http-default' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  url = new URL(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/mcp`);
});

afterAll(async () => {
  for (const client of clients) await client.close();
  await app?.close();
  cleanup?.();
});

describe('mountMcpHttp', () => {
  it('serves the tools to a client over Streamable HTTP', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(10);
    const listed = (await call(client, 'list_tasks', { limit: 1 })).json();
    expect(listed).toMatchObject({ total: 2, offset: 0, nextOffset: 1 });
    expect(listed.tasks).toHaveLength(1);
    const rest = (await call(client, 'list_tasks', { offset: 1 })).json();
    expect(rest.tasks).toHaveLength(1);
    expect(rest.tasks[0].id).not.toBe(listed.tasks[0].id);
    expect(rest.nextOffset).toBeUndefined();
  });

  it('acts for the agent the x-bo-agent header names, else for the configured one', async () => {
    const named = await connect({ 'x-bo-agent': 'cursor-7' });
    const anonymous = await connect();
    const [first, second] = await Promise.all([call(named, 'claim_task'), call(anonymous, 'claim_task')]);
    expect([first.json().agent, second.json().agent]).toEqual(['cursor-7', 'http-default']);
    expect(first.json().id).not.toBe(second.json().id);
    const conflict = await call(anonymous, 'submit_task', { id: first.json().id });
    expect(conflict.isError).toBe(true);
    expect(conflict.text).toMatch(/claimed by cursor-7, not http-default/);
  });

  it('answers GET and DELETE with 405: the endpoint is stateless, every message is a POST', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(url, { method, headers: { accept: 'text/event-stream' } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/stateless: send every JSON-RPC message with POST/);
    }
  });

  it('refuses a POST that is not JSON-RPC before building a server, naming what is missing', async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify({ hello: 'world' }) });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(await response.json())).toMatch(/jsonrpc/);
  });

  it('keeps what the app\'s hooks do: headers set before the handler, and onResponse (the audit) afterwards', async () => {
    const hooked = fastify();
    const seen: string[] = [];
    hooked.addHook('onRequest', async (_request, reply) => void reply.header('x-ratelimit-remaining', '41'));
    hooked.addHook('onResponse', async (request, reply) => void seen.push(`${request.method} ${request.url} ${reply.statusCode}`));
    await mountMcpHttp(hooked, orchestrator);
    await hooked.listen({ host: '127.0.0.1', port: 0 });
    try {
      const response = await fetch(`http://127.0.0.1:${(hooked.server.address() as AddressInfo).port}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/event-stream');
      expect(response.headers.get('x-ratelimit-remaining')).toBe('41');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toMatch(/^event: message\ndata: \{"result":\{"protocolVersion":"2025-06-18".*"serverInfo":\{"name":"backend-orchestrator"/s);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen).toEqual(['POST /mcp 200']);
    } finally {
      await hooked.close();
    }
  });
});
