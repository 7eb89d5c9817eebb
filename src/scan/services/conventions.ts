/**
 * The naming and folder conventions that say what a piece of backend code is. Data only, so a new
 * convention is one line here. Words are compared lower-case, after splitting names into words
 * (`naming.ts`): `UsersService`, `users.service.ts` and `services/` all end in the word `service`.
 */
import type { Service } from '../../registry/schema.js';

export type ServiceKind = Service['kind'];

/**
 * The last word of a class, object or function name, or of a file stem, and the kind it gives.
 * A class or object so named is a service wherever it lives.
 */
export const ROLE_WORDS: Readonly<Record<string, ServiceKind>> = {
  service: 'service',
  repository: 'repository',
  repo: 'repository',
  dao: 'repository',
  middleware: 'middleware',
  guard: 'middleware',
  interceptor: 'middleware',
  job: 'job',
  worker: 'job',
  processor: 'job',
  consumer: 'job',
  cron: 'job',
  scheduler: 'job',
  queue: 'job',
  client: 'integration',
  integration: 'integration',
  sdk: 'integration',
};

/** Folder names that make every module inside them a service of that kind (innermost folder wins). */
export const ROLE_FOLDERS: Readonly<Record<string, ServiceKind>> = {
  services: 'service',
  service: 'service',
  repositories: 'repository',
  repository: 'repository',
  repos: 'repository',
  repo: 'repository',
  daos: 'repository',
  dao: 'repository',
  middleware: 'middleware',
  middlewares: 'middleware',
  guards: 'middleware',
  interceptors: 'middleware',
  jobs: 'job',
  job: 'job',
  workers: 'job',
  worker: 'job',
  queues: 'job',
  queue: 'job',
  crons: 'job',
  cron: 'job',
  schedulers: 'job',
  processors: 'job',
  consumers: 'job',
  integrations: 'integration',
  integration: 'integration',
  clients: 'integration',
  client: 'integration',
};

/**
 * A file stem ending in one of these words holds something else, even inside `services/`. (Not
 * `error`: `middlewares/error.js` is the error handler; error classes are excluded as classes.)
 */
export const NON_SERVICE_STEM_WORDS: ReadonlySet<string> = new Set([
  'controller', 'controllers', 'route', 'routes', 'router', 'routers', 'module', 'entity', 'entities', 'dto', 'dtos',
  'model', 'models', 'schema', 'schemas', 'type', 'types', 'interface', 'interfaces', 'constant', 'constants', 'config',
  'configuration', 'enum', 'enums', 'decorator', 'decorators', 'util', 'utils', 'helper', 'helpers', 'migration', 'migrations', 'seed', 'seeds', 'seeder', 'script', 'fixture', 'fixtures',
  'mock', 'mocks', 'stub', 'd',
]);

/**
 * Folders of other things. Inside one, a module takes no role from the folders around it, and is
 * not judged by its shape either: a route file that calls Stripe is an endpoint, not an integration.
 */
export const NON_SERVICE_FOLDERS: ReadonlySet<string> = new Set([
  'controllers', 'routes', 'routers', 'models', 'entities', 'schemas', 'dto', 'dtos', 'types', 'interfaces', 'migrations',
  'seeds', 'seeders', 'scripts', 'fixtures', 'mocks', 'config',
]);

/**
 * Helper folders hide the role folders around them (`services/utils/format.ts` is a helper), but an
 * SDK wrapper in one (`utils/mailer.js`) is still recognised by its shape.
 */
export const HELPER_FOLDERS: ReadonlySet<string> = new Set(['utils', 'util', 'helpers', 'helper', 'errors']);

/** Test code describes services; it is not one. Any of these folders, or a `.test`/`.spec` stem. */
export const TEST_FOLDERS: ReadonlySet<string> = new Set(['test', 'tests', '__tests__', '__mocks__', 'e2e', 'spec']);
export const TEST_STEM_WORDS: ReadonlySet<string> = new Set(['test', 'spec', 'e2e', 'bench']);

/**
 * Entry points wire things together; something they construct is not a service of theirs.
 * Only what a module *does* (its shape) is ignored for them, never an explicit name or folder.
 */
export const ENTRY_STEMS: ReadonlySet<string> = new Set(['app', 'server', 'main', 'bootstrap', 'cli']);

/** A module importing one of these serves HTTP; using an SDK there does not make it an SDK wrapper. */
export const WEB_FRAMEWORKS: ReadonlySet<string> = new Set([
  'express', 'fastify', 'koa', '@koa/router', 'koa-router', 'hono', '@nestjs/core', 'restify', '@hapi/hapi', 'next',
]);

/** Class decorators that register a class as an injectable provider: it is a service by itself. */
export const PROVIDER_DECORATORS: ReadonlySet<string> = new Set(['Injectable', 'injectable', 'Service', 'Processor']);

/** Class decorators and name endings of classes that are something else, even inside `services/`. */
export const NON_SERVICE_DECORATORS: ReadonlySet<string> = new Set([
  'Module', 'Controller', 'Resolver', 'Entity', 'Schema', 'ObjectType', 'InputType', 'ArgsType', 'Table', 'ViewEntity',
  'WebSocketGateway', 'Catch',
]);
export const NON_SERVICE_CLASS_WORDS: ReadonlySet<string> = new Set([
  'error', 'exception', 'dto', 'entity', 'model', 'schema', 'module', 'controller', 'resolver', 'input', 'args',
  'options', 'config', 'event', 'response', 'request',
]);

/** The suffix a file-level service name gets when its stem does not already end in a role word. */
export const KIND_SUFFIX: Readonly<Record<ServiceKind, string>> = {
  service: 'Service',
  repository: 'Repository',
  middleware: 'Middleware',
  job: 'Job',
  integration: 'Client',
};
