/**
 * `bo serve`: the HTTP API (and MCP at /mcp) on 127.0.0.1 unless `--host` says otherwise, until
 * SIGINT or SIGTERM; then open event streams are ended, a running check is stopped, and the server
 * closes. The bearer token comes from --token, server.token, BO_TOKEN, or is generated on first
 * start into <stateDir>/server-token (mode 0600) and printed that once. While it serves, webhook
 * deliveries that are due (retries included) go out every few seconds.
 */
import type { Command } from 'commander';
import { BoError } from '../../core/errors.js';
import type { Orchestrator } from '../../orchestrator.js';
import { printJson } from '../io.js';
import type { Session } from '../session.js';
import type { Run } from './types.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7400;
const DELIVERY_INTERVAL_MS = 5_000;

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) throw new BoError('BO_ERR_USAGE', `--port: "${value}" is not a port (0–65535; 0 picks a free one)`);
  return port;
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

/**
 * Webhook deliveries while serving: one bounded pass every `intervalMs`, never two at once; a
 * failing pass is reported and the next one tries again. Returns the function that stops it.
 */
export function startDeliveryLoop(orchestrator: Pick<Orchestrator, 'deliverWebhooks'>, intervalMs: number, warn: (text: string) => void): () => Promise<void> {
  let running: Promise<void> | undefined;
  const timer = setInterval(() => {
    if (running) return;
    running = orchestrator
      .deliverWebhooks(intervalMs)
      .catch((error: unknown) => warn(`webhook delivery postponed: ${(error as Error).message}`))
      .finally(() => (running = undefined));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

interface ServeOptions {
  host?: string;
  port?: number;
  token?: string;
}

async function serve(session: Session, opts: ServeOptions): Promise<void> {
  const { Orchestrator } = await import('../../orchestrator.js');
  const { root, config } = await session.config();
  const orchestrator = new Orchestrator(root, config, session.io.env);
  try {
    await serveUntilSignal(session, orchestrator, opts);
  } finally {
    // Ends the PostgreSQL pool and LISTEN connection cleanly; the file store stops watching and saves its caches.
    await orchestrator.close();
  }
}

async function serveUntilSignal(session: Session, orchestrator: Orchestrator, opts: ServeOptions): Promise<void> {
  const [{ buildServer, serverOptionsFromConfig }, { resolveToken }] = await Promise.all([import('../../server/app.js'), import('../../server/token.js')]);
  const { config } = orchestrator;
  const token = resolveToken({ option: opts.token, config: config.server?.token, env: session.io.env, stateRoot: orchestrator.layout.root });
  const app = await buildServer(orchestrator, serverOptionsFromConfig(config.server, token.token));
  const host = opts.host ?? config.server?.host ?? DEFAULT_HOST;
  // PORT is what process managers and `bo check --live` set for a service they start.
  const envPort = session.io.env.PORT !== undefined && /^\d+$/.test(session.io.env.PORT) ? Number(session.io.env.PORT) : undefined;
  const port = opts.port ?? config.server?.port ?? envPort ?? DEFAULT_PORT;
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new BoError('BO_ERR_USAGE', `port ${port} on ${host} is in use: pick another with --port (0 for any free one)`);
    throw error;
  }
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address : { address: host, port };
  const url = `http://${bound.address.includes(':') ? `[${bound.address}]` : bound.address}:${bound.port}`;
  const stopDeliveries = config.events?.webhooks?.length ? startDeliveryLoop(orchestrator, DELIVERY_INTERVAL_MS, (text) => session.warn(text)) : async () => undefined;

  if (session.json) {
    printJson(session.io, { url, dashboard: `${url}/`, api: `${url}/v1`, openapi: `${url}/v1/openapi.json`, mcp: `${url}/mcp`, token: { source: token.source, ...(token.file ? { file: token.file } : {}), ...(token.generated ? { value: token.token } : {}) } });
  } else {
    session.out(`bo serve: ${url}/v1  (dashboard: ${url}/ · OpenAPI: ${url}/v1/openapi.json · MCP: ${url}/mcp)`);
    if (token.generated) session.out(`token (printed this once; kept in ${session.relative(token.file as string)}, mode 0600):\n  ${token.token}`);
    else session.out(`token: from ${token.source === 'file' ? session.relative(token.file as string) : token.source === 'env' ? 'BO_TOKEN' : token.source === 'config' ? 'server.token in the config' : '--token'}`);
    if (bound.address !== DEFAULT_HOST && bound.address !== '::1') session.warn(`listening on ${bound.address}: reachable from other machines; keep the token secret`);
    session.out('Ctrl-C stops it.');
  }

  const signal = await untilSignal();
  await stopDeliveries();
  await app.close();
  if (!session.json) session.out(`bo serve: stopped (${signal})`);
}

export function registerServe(program: Command, run: Run): void {
  program
    .command('serve')
    .description('serve the HTTP API under /v1 (and MCP at /mcp) until Ctrl-C')
    .option('--host <host>', `interface to listen on (default: server.host of the config, else ${DEFAULT_HOST}; 0.0.0.0 for every interface)`)
    .option('--port <n>', `port (default: server.port of the config, else ${DEFAULT_PORT}; 0 for any free one)`, parsePort)
    .option('--token <token>', 'the bearer token clients must send (default: server.token, BO_TOKEN, else one generated into <stateDir>/server-token); other users can see it in the process list, so prefer BO_TOKEN')
    .addHelpText(
      'after',
      `
Examples:
  $ bo serve
  $ bo serve --port 8080
  $ BO_TOKEN=$(openssl rand -base64 32) bo serve --host 0.0.0.0
  $ curl -H "Authorization: Bearer $BO_TOKEN" http://127.0.0.1:${DEFAULT_PORT}/v1/tasks`,
    )
    .action((_opts, cmd: Command) => run(cmd, (session) => serve(session, cmd.opts())));
}
