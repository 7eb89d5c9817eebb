/**
 * `/v1/openapi.json`: the API's OpenAPI 3.1 document, generated once from the registered routes.
 * Public on purpose: it describes the routes and schemas — which ship with the package anyway —
 * and no data; a client needs it (and the auth scheme it names) before it has a token, and tools
 * (code generators, the gates of `bo check`) read it without one.
 */
import type { FastifyInstance } from 'fastify';
import { packageVersion } from '../../cli/version.js';
import { buildOpenApi, type RouteCatalog } from '../openapi.js';
import { anyObject, responses, type JsonSchema } from '../schemas.js';

const TAGS: Record<string, string> = {
  tasks: 'Tasks: list, create, read, change, cancel, and their reports',
  'agent loop': 'What an agent does: next, claim, heartbeat, progress, context, submit, release',
  registry: 'The endpoints, models and services the scan found',
  checks: 'Runs of the quality gates on the whole project, and their reports',
  events: 'CloudEvents intake, the outbox, and its live stream',
  meta: 'Health and this document',
};

export function openApiRoutes(catalog: RouteCatalog) {
  return async function openapi(app: FastifyInstance): Promise<void> {
    let document: JsonSchema | undefined;
    app.get(
      '/openapi.json',
      { config: { public: true }, schema: { summary: 'This OpenAPI document', description: 'Generated from the route schemas the server validates and serialises with; no token needed.', tags: ['meta'], response: responses({ 200: anyObject }, [], { public: true }) } },
      async () => {
        document ??= buildOpenApi(catalog.routes, app.getSchemas() as Record<string, JsonSchema>, {
          title: 'backend-orchestrator',
          version: packageVersion(),
          description:
            'Tasks, the agent loop, the registry, gate runs and reports, and events of one backend-orchestrator project. Every route but health and this document needs the bearer token; errors are application/problem+json (RFC 9457). The MCP Streamable HTTP transport is at /mcp (same token).',
          license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
          tags: TAGS,
        });
        return document;
      },
    );
  };
}
