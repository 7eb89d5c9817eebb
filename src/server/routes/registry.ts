/** `/v1/registry/endpoints|models|services`: what the backend has, paginated and filtered. */
import type { FastifyInstance } from 'fastify';
import { HTTP_METHODS } from '../../registry/schema.js';
import { filterEndpoints, filterModels, filterServices, type EndpointQuery } from '../registry-query.js';
import { pageOf, pageQuery, paginate, responses, type JsonSchema } from '../schemas.js';
import type { RouteDeps } from './deps.js';

const q: JsonSchema = { type: 'string', minLength: 1, maxLength: 200, description: 'Text to search for (case-insensitive)' };
type Page = { limit: number; offset: number };

export function registryRoutes({ orchestrator }: RouteDeps) {
  const { store } = orchestrator;
  return async function registry(app: FastifyInstance): Promise<void> {
    app.get<{ Querystring: Page & EndpointQuery }>(
      '/registry/endpoints',
      {
        schema: {
          summary: 'Endpoints',
          description: 'The endpoints found in code and specs, by path.',
          tags: ['registry'],
          querystring: pageQuery({
            q: { ...q, description: 'Text in the path, summary or source file' },
            method: { type: 'string', enum: [...HTTP_METHODS, ...HTTP_METHODS.map((m) => m.toLowerCase())], description: 'Only this HTTP method' },
            path: { type: 'string', pattern: '^/', maxLength: 500, description: 'Path prefix, e.g. /api/v1/orders' },
            auth: { type: 'string', enum: ['required', 'optional', 'none', 'unknown'], description: 'Only endpoints with this authentication' },
            documented: { type: 'boolean', description: 'Only endpoints the OpenAPI document has (true) or lacks (false)' },
          }),
          response: responses({ 200: pageOf('Endpoint') }, [400]),
        },
      },
      async (request) => {
        const { limit, offset, ...filter } = request.query;
        const { registry: current } = await store.readRegistry();
        return paginate(filterEndpoints(current.endpoints, filter), limit, offset);
      },
    );

    app.get<{ Querystring: Page & { q?: string } }>(
      '/registry/models',
      {
        schema: {
          summary: 'Models',
          description: 'Tables and ORM models with their fields and indexes.',
          tags: ['registry'],
          querystring: pageQuery({ q: { ...q, description: 'Text in the name, table or a field name' } }),
          response: responses({ 200: pageOf('Model') }, [400]),
        },
      },
      async (request) => {
        const { registry: current } = await store.readRegistry();
        return paginate(filterModels(current.models, request.query.q), request.query.limit, request.query.offset);
      },
    );

    app.get<{ Querystring: Page & { q?: string } }>(
      '/registry/services',
      {
        schema: {
          summary: 'Services',
          description: 'Services, repositories, jobs, middleware and third-party integrations.',
          tags: ['registry'],
          querystring: pageQuery({ q: { ...q, description: 'Text in the name, kind, dependencies or integrations' } }),
          response: responses({ 200: pageOf('Service') }, [400]),
        },
      },
      async (request) => {
        const { registry: current } = await store.readRegistry();
        return paginate(filterServices(current.services, request.query.q), request.query.limit, request.query.offset);
      },
    );
  };
}
