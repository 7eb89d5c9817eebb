/**
 * The registry: what the backend has, as `scan` extracts it from code and specs
 * (product spec section 4). One schema per entry kind; the types derive from it.
 */
import * as z from 'zod/mini';

export const SourceRef = z.object({
  file: z.string(),
  line: z.optional(z.int()),
});
export type SourceRef = z.infer<typeof SourceRef>;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export const Endpoint = z.object({
  id: z.string(),
  method: z.enum(HTTP_METHODS),
  path: z.string(),
  framework: z.optional(z.string()),
  source: z.optional(SourceRef),
  auth: z._default(z.enum(['required', 'optional', 'none', 'unknown']), 'unknown'),
  authBy: z._default(z.array(z.string()), []),
  params: z._default(
    z.object({
      path: z._default(z.array(z.string()), []),
      query: z._default(z.array(z.string()), []),
      body: z._default(z.array(z.string()), []),
    }),
    { path: [], query: [], body: [] },
  ),
  validation: z._default(z.string(), 'none'),
  responses: z._default(z.array(z.string()), []),
  documented: z._default(z.boolean(), false),
  version: z.optional(z.nullable(z.string())),
  summary: z.optional(z.string()),
  rateLimited: z.optional(z.boolean()),
});
export type Endpoint = z.infer<typeof Endpoint>;

export const ModelField = z.object({
  name: z.string(),
  type: z.string(),
  nullable: z._default(z.boolean(), false),
  primaryKey: z._default(z.boolean(), false),
  unique: z._default(z.boolean(), false),
  default: z.optional(z.nullable(z.string())),
  references: z.optional(z.nullable(z.object({ model: z.string(), field: z.string() }))),
});
export type ModelField = z.infer<typeof ModelField>;

export const ModelIndex = z.object({
  name: z.optional(z.string()),
  fields: z.array(z.string()),
  unique: z._default(z.boolean(), false),
});
export type ModelIndex = z.infer<typeof ModelIndex>;

export const Model = z.object({
  name: z.string(),
  kind: z.string(),
  table: z.optional(z.string()),
  fields: z._default(z.array(ModelField), []),
  indexes: z._default(z.array(ModelIndex), []),
  source: z.optional(SourceRef),
});
export type Model = z.infer<typeof Model>;

export const Service = z.object({
  name: z.string(),
  kind: z.enum(['service', 'repository', 'job', 'integration', 'middleware']),
  source: z.optional(SourceRef),
  dependsOn: z._default(z.array(z.string()), []),
  integrations: z._default(z.array(z.string()), []),
});
export type Service = z.infer<typeof Service>;

export const EndpointsFile = z.object({ endpoints: z._default(z.array(Endpoint), []) });
export const ModelsFile = z.object({ models: z._default(z.array(Model), []) });
export const ServicesFile = z.object({ services: z._default(z.array(Service), []) });

export interface Registry {
  endpoints: Endpoint[];
  models: Model[];
  services: Service[];
}

export const REGISTRY_KINDS = ['endpoints', 'models', 'services'] as const;
export type RegistryKind = (typeof REGISTRY_KINDS)[number];

export const REGISTRY_FILE_SCHEMAS = {
  endpoints: EndpointsFile,
  models: ModelsFile,
  services: ServicesFile,
} as const;

export const emptyRegistry = (): Registry => ({ endpoints: [], models: [], services: [] });
