/** A server over a fresh project in a temp dir, and requests to it with (or without) the token. */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { Config } from '../../src/config/schema.js';
import { Orchestrator } from '../../src/orchestrator.js';
import { buildServer, type ServerOptions } from '../../src/server/app.js';
import { tempDir } from '../helpers/tasks.js';

export const TOKEN = 'test-token-0123456789abcdef';
export const AUTH = { authorization: `Bearer ${TOKEN}` };

export interface TestServer {
  dir: string;
  orchestrator: Orchestrator;
  app: Awaited<ReturnType<typeof buildServer>>;
  /** A request with the token (headers given are added). */
  call(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function makeServer(options: Partial<ServerOptions> & { config?: Record<string, unknown>; dir?: string } = {}): Promise<TestServer> {
  const temp = options.dir ? undefined : tempDir('bo-server-');
  const dir = options.dir ?? (temp as { dir: string }).dir;
  const orchestrator = new Orchestrator(dir, Config.parse(options.config ?? {}), {});
  await orchestrator.store.init();
  const { config: _config, dir: _dir, ...serverOptions } = options;
  const app = await buildServer(orchestrator, { token: TOKEN, mcp: false, ...serverOptions });
  return {
    dir,
    orchestrator,
    app,
    call: (request) => app.inject({ ...request, headers: { ...AUTH, ...(request.headers ?? {}) } }),
    close: async () => {
      await app.close();
      temp?.cleanup();
    },
  };
}

/** Creates a task over the API; returns its id. */
export async function createTask(server: TestServer, body: Record<string, unknown>): Promise<string> {
  const response = await server.call({ method: 'POST', url: '/v1/tasks', payload: body });
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json().id as string;
}
