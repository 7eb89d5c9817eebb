/**
 * The API's own OpenAPI 3.1 document, generated from the routes as Fastify registers them (the
 * `onRoute` hook): their JSON Schemas for params, query, body and responses are the document, so
 * it cannot drift from what the server validates and serialises. Shared schemas (`$id`) become
 * `components.schemas`; error responses are `application/problem+json`; routes marked public have
 * no security requirement, all others need the bearer token.
 */
import { STATUS_CODES } from 'node:http';
import type { RouteOptions } from 'fastify';
import type { JsonSchema } from './schemas.js';

declare module 'fastify' {
  /** The documentation keys a route's schema may carry (Fastify ignores them; the generator reads them). */
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: string[];
    operationId?: string;
    /** Request content types (default application/json). */
    consumes?: string[];
  }
}

/** What a route's `schema` may hold, besides what Fastify validates with. */
export interface RouteDocs {
  summary?: string;
  description?: string;
  tags?: string[];
  operationId?: string;
  /** Request content types (default application/json). */
  consumes?: string[];
  params?: JsonSchema;
  querystring?: JsonSchema;
  headers?: JsonSchema;
  body?: JsonSchema;
  response?: Record<string, JsonSchema>;
}

export interface RouteRecord {
  method: string;
  url: string;
  schema: RouteDocs;
  public: boolean;
}

/** Collects the routes (onRoute hook) that have a schema: the documented ones. */
export class RouteCatalog {
  readonly routes: RouteRecord[] = [];

  record(route: RouteOptions): void {
    if (!route.schema) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue; // Fastify's automatic twin of each GET
      this.routes.push({
        method: method.toLowerCase(),
        url: route.url,
        schema: route.schema as RouteDocs,
        public: (route.config as { public?: boolean } | undefined)?.public === true,
      });
    }
  }
}

/** `:id` → `{id}`. */
export const openApiPath = (url: string) => url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

/** `{ $ref: 'Task#' }` → `{ $ref: '#/components/schemas/Task' }`, everywhere in a schema; `$id`s dropped. */
export function componentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(componentRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === '$id') continue;
    out[key] = key === '$ref' && typeof inner === 'string' && /^[A-Za-z][\w.-]*#$/.test(inner) ? `#/components/schemas/${inner.slice(0, -1)}` : componentRefs(inner);
  }
  return out;
}

function parameters(schema: JsonSchema | undefined, location: 'path' | 'query' | 'header'): JsonSchema[] {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: componentRefs(rest),
    };
  });
}

const RESPONSE_HEADERS: Record<string, Record<string, JsonSchema>> = {
  '201': { Location: { description: 'Where the created resource is', schema: { type: 'string' } } },
  '202': { Location: { description: 'Where to follow the accepted work', schema: { type: 'string' } } },
  '401': { 'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } } },
  '429': { 'Retry-After': { description: 'Seconds until the rate limit resets', schema: { type: 'integer' } } },
};

function responseOf(status: string, schema: JsonSchema): JsonSchema {
  const code = Number(status);
  const { description, content, ...body } = schema as JsonSchema & { content?: Record<string, { schema: JsonSchema }> };
  const headers = RESPONSE_HEADERS[status];
  const response: JsonSchema = { description: (description as string | undefined) ?? STATUS_CODES[code] ?? status, ...(headers ? { headers } : {}) };
  if (code === 204) return response;
  if (content) return { ...response, content: componentRefs(content) };
  return { ...response, content: { [code >= 400 ? 'application/problem+json' : 'application/json']: { schema: componentRefs(body) } } };
}

function operationId(method: string, url: string): string {
  const words = url
    .split('/')
    .filter((part) => part && part !== 'v1')
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [method, ...words].map((word, i) => (i === 0 ? word : word[0]?.toUpperCase() + word.slice(1))).join('');
}

export interface DocumentInfo {
  title: string;
  version: string;
  description?: string;
  license?: { name: string; url: string };
  /** A description per tag the routes use. */
  tags?: Record<string, string>;
}

export function buildOpenApi(routes: readonly RouteRecord[], shared: Record<string, JsonSchema>, meta: DocumentInfo): JsonSchema {
  const { tags: tagDescriptions = {}, ...info } = meta;
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const tags = new Set<string>();
  for (const route of [...routes].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))) {
    const { schema } = route;
    for (const tag of schema.tags ?? []) tags.add(tag);
    const operation: JsonSchema = {
      operationId: schema.operationId ?? operationId(route.method, route.url),
      ...(schema.summary ? { summary: schema.summary } : {}),
      ...(schema.description ? { description: schema.description } : {}),
      ...(schema.tags ? { tags: schema.tags } : {}),
    };
    const params = [...parameters(schema.params, 'path'), ...parameters(schema.querystring, 'query'), ...parameters(schema.headers, 'header')];
    if (params.length > 0) operation.parameters = params;
    if (schema.body) {
      const body = componentRefs(schema.body);
      operation.requestBody = { required: true, content: Object.fromEntries((schema.consumes ?? ['application/json']).map((type) => [type, { schema: body }])) };
    }
    operation.responses = Object.fromEntries(Object.entries(schema.response ?? {}).map(([status, response]) => [status, responseOf(status, response)]));
    if (route.public) operation.security = [];
    (paths[openApiPath(route.url)] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info,
    // Relative: the document is served by the API it describes, wherever that listens.
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(shared).map(([id, schema]) => [id, componentRefs(schema)])),
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'The token `bo serve` prints (or BO_TOKEN / server.token)' } },
    },
    security: [{ bearerAuth: [] }],
    tags: [...tags].sort().map((name) => ({ name, ...(tagDescriptions[name] ? { description: tagDescriptions[name] } : {}) })),
  };
}
