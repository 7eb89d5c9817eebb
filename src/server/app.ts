/**
 * The HTTP API of `bo serve`: a Fastify app over one Orchestrator, every route under /v1 a thin
 * adapter over it. Around the routes, in the order a request meets them: CORS (only when origins
 * are configured), the rate limit (before the token check, so guessing tokens is limited too), the
 * bearer token, validation by the route's schema; on the way out the security headers, problem+json
 * for every error, and one audit line per mutation. The OpenAPI document is generated from the
 * same route schemas. The MCP Streamable HTTP transport is mounted at /mcp behind the same token.
 */
import { mcpRoutes } from '../mcp/http.js';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Orchestrator } from '../orchestrator.js';
import { AuditLog, auditMutations, MUTATING_METHODS } from './audit.js';
import { requireBearerToken } from './auth.js';
import { CheckRuns } from './check-runs.js';
import { registerDashboard } from './dashboard.js';
import { addSecurityHeaders } from './headers.js';
import { RouteCatalog } from './openapi.js';
import { notFoundHandler, problemErrorHandler } from './problem.js';
import { checkRoutes } from './routes/checks.js';
import type { RouteDeps } from './routes/deps.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { logRoutes } from './routes/logs.js';
import { openApiRoutes } from './routes/openapi.js';
import { registryRoutes } from './routes/registry.js';
import { reportRoutes } from './routes/reports.js';
import { taskWorkRoutes } from './routes/task-work.js';
import { taskRoutes } from './routes/tasks.js';
import { SHARED_SCHEMAS } from './schemas.js';
import { SseHub } from './sse.js';
import { TaskListing } from './task-listing.js';
import { compileValidator } from './validation.js';

export const DEFAULT_RATE_LIMIT = { max: 600, windowSeconds: 60 } as const;
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface ServerOptions {
  /** The bearer token every route but health and the OpenAPI document requires. */
  token: string;
  /** Browser origins allowed by CORS; none (the default): no CORS headers at all. */
  cors?: readonly string[] | undefined;
  /** Requests per client address per window (default 600 per 60 s). */
  rateLimit?: { max: number; windowSeconds: number } | undefined;
  /** Largest request body accepted, in bytes (default 1 MiB); larger ones get 413. */
  bodyLimitBytes?: number | undefined;
  /** Fastify's logger (default off: `bo serve` prints its own lines). */
  logger?: FastifyServerOptions['logger'];
  /** The clock of the audit log and task changes. */
  now?: () => Date;
  /** How often SSE streams send a keep-alive comment (default 15 s). */
  heartbeatMs?: number;
  /** Mount the MCP transport at /mcp (default true). */
  mcp?: boolean;
}

/** The options `bo serve` derives from the config's `server` section. */
export function serverOptionsFromConfig(server: Orchestrator['config']['server'], token: string): ServerOptions {
  return { token, cors: server?.cors, rateLimit: server?.rateLimit, bodyLimitBytes: server?.bodyLimitBytes };
}

export async function buildServer(orchestrator: Orchestrator, options: ServerOptions): Promise<FastifyInstance> {
  const now = options.now ?? (() => new Date());
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    return503OnClosing: true,
  });

  const catalog = new RouteCatalog();
  app.addHook('onRoute', (route) => catalog.record(route));
  app.setValidatorCompiler(compileValidator);
  app.setErrorHandler(problemErrorHandler);
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  // JSON only: a text/plain body is refused with 415 instead of reaching a schema as a string.
  app.removeContentTypeParser('text/plain');

  if (options.cors && options.cors.length > 0) {
    await app.register(fastifyCors, {
      origin: [...options.cors],
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'x-bo-agent', 'last-event-id', 'mcp-session-id', 'mcp-protocol-version', 'ce-specversion', 'ce-id', 'ce-source', 'ce-type', 'ce-subject', 'ce-time', 'ce-dataschema'],
      exposedHeaders: ['location', 'retry-after', 'www-authenticate', 'mcp-session-id'],
      maxAge: 600,
    });
  }
  const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  // As an app-wide hook (not per route): it runs before the token check, and on unknown routes too.
  await app.register(fastifyRateLimit, { global: false, max: limit.max, timeWindow: limit.windowSeconds * 1000 });
  app.addHook('onRequest', app.rateLimit());

  const audit = new AuditLog(orchestrator.layout.root);
  const listing = new TaskListing(orchestrator.engine, orchestrator.store);
  // Read the tasks before the first request (a cold listing of thousands of files takes a while).
  app.addHook('onReady', async () => {
    await listing.list({}).catch(() => undefined);
  });
  app.addHook('onSend', addSecurityHeaders);
  app.addHook('onResponse', auditMutations(audit, now));
  app.addHook('onResponse', async (request) => {
    if (MUTATING_METHODS.has(request.method)) listing.invalidate();
  });

  const sse = new SseHub(options.heartbeatMs ?? 15_000);
  const checks = new CheckRuns((request) => orchestrator.check(request), { now });
  const deps: RouteDeps = { orchestrator, checks, sse, listing, now };
  // In the open: health, the OpenAPI document and the dashboard's files (the page asks for the token).
  await app.register(healthRoutes(deps), { prefix: '/v1' });
  await app.register(openApiRoutes(catalog), { prefix: '/v1' });
  await app.register(registerDashboard, {});
  // Everything else behind the bearer token: the hook is scoped to this plugin, so what is in it and
  // what is not is visible in the code (and to `bo check`).
  const checkToken = requireBearerToken(options.token);
  await app.register(async function authenticated(api) {
    api.addHook('onRequest', checkToken);
    await api.register(taskRoutes(deps), { prefix: '/v1' });
    await api.register(taskWorkRoutes(deps), { prefix: '/v1' });
    await api.register(registryRoutes(deps), { prefix: '/v1' });
    await api.register(checkRoutes(deps), { prefix: '/v1' });
    await api.register(reportRoutes(deps), { prefix: '/v1' });
    await api.register(logRoutes(deps), { prefix: '/v1' });
    await api.register(eventRoutes(deps), { prefix: '/v1' });
    if (options.mcp !== false) await api.register(mcpRoutes(orchestrator));
  });
  // An unknown route asks for the token first, so a stranger cannot probe which routes exist.
  app.setNotFoundHandler({ preHandler: checkToken }, notFoundHandler);

  // Open streams would hold close() forever: end them first; stop a running check.
  app.addHook('preClose', async () => {
    sse.closeAll();
    await checks.stop();
  });
  app.addHook('onClose', async () => {
    audit.close();
    listing.close();
  });
  return app;
}
