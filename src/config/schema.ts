/**
 * `backend-orchestrator.config.json|yaml` (product spec section 12). Everything is optional:
 * zero-config works on a conventional project. The JSON Schema published in `schema/` is
 * generated from this definition (`npm run build`), never hand-written.
 */
import * as z from 'zod/mini';
import { PRIORITIES } from '../tasks/schema.js';

export const DEFAULT_THRESHOLDS = {
  api_p95_ms: 200,
  coverage_pct: 80,
  vulnerabilities: 0,
  db_query_ms: 50,
  error_rate_pct: 0.1,
} as const;

const Casing = z.enum(['kebab-case', 'snake_case', 'camelCase', 'PascalCase']);

export const Executor = z.union([
  z.strictObject({ kind: z.literal('manual') }),
  z.strictObject({
    kind: z.literal('command'),
    command: z.array(z.string()).check(z.minLength(1)),
    timeoutMinutes: z.optional(z.number().check(z.positive())),
    worktree: z.optional(z.boolean()),
  }),
]);

export const SkillConfig = z.strictObject({
  description: z.optional(z.string()),
  types: z.optional(z.array(z.string())),
  keywords: z.optional(z.array(z.string())),
  gates: z.optional(z.array(z.string())),
  executor: z.optional(Executor),
});

export const WebhookSubscription = z.strictObject({
  /** A name for the subscription (default: its URL); deliveries and the dead-letter list use it. */
  id: z.optional(z.string().check(z.minLength(1))),
  url: z.string().check(z.minLength(1)),
  /** Event types to deliver; `*` and `backend.task.*` patterns allowed. Default: every type. */
  types: z.optional(z.array(z.string())),
  /** The Standard Webhooks secret (`whsec_<base64>`), or the name of an environment variable holding it (`env:NAME`). */
  secret: z.string().check(z.minLength(1)),
});

export const RoutingRule = z.strictObject({
  skill: z.string(),
  keywords: z.array(z.string()).check(z.minLength(1)),
});

export const Config = z.strictObject({
  $schema: z.optional(z.string()),
  stateDir: z._default(z.string().check(z.minLength(1)), 'ai-state'),
  sources: z.optional(z.array(z.string())),
  openapi: z.optional(z.string()),
  frameworks: z.optional(z.array(z.string())),
  standards: z._default(z.array(z.string()), ['backend-standard.md', 'api-design.md']),
  skills: z._default(z.record(z.string(), SkillConfig), {}),
  routing: z._default(
    z.strictObject({
      rules: z._default(z.array(RoutingRule), []),
      default: z._default(z.string(), 'api-development-skill'),
    }),
    { rules: [], default: 'api-development-skill' },
  ),
  tasks: z._default(
    z.strictObject({
      leaseMinutes: z._default(z.number().check(z.positive()), 30),
      defaultPriority: z._default(z.enum(PRIORITIES), 'medium'),
      maxAttempts: z._default(z.int().check(z.positive()), 5),
    }),
    { leaseMinutes: 30, defaultPriority: 'medium', maxAttempts: 5 },
  ),
  context: z._default(
    z.strictObject({ maxTokens: z._default(z.int().check(z.positive()), 4000) }),
    { maxTokens: 4000 },
  ),
  thresholds: z._default(
    z.strictObject({
      api_p95_ms: z._default(z.number().check(z.positive()), DEFAULT_THRESHOLDS.api_p95_ms),
      coverage_pct: z._default(z.number().check(z.minimum(0), z.maximum(100)), DEFAULT_THRESHOLDS.coverage_pct),
      vulnerabilities: z._default(z.int().check(z.minimum(0)), DEFAULT_THRESHOLDS.vulnerabilities),
      db_query_ms: z._default(z.number().check(z.positive()), DEFAULT_THRESHOLDS.db_query_ms),
      error_rate_pct: z._default(z.number().check(z.minimum(0), z.maximum(100)), DEFAULT_THRESHOLDS.error_rate_pct),
    }),
    { ...DEFAULT_THRESHOLDS },
  ),
  gates: z.optional(
    z.strictObject({
      severities: z.optional(z.record(z.string(), z.enum(['error', 'warning', 'info', 'off']))),
    }),
  ),
  conventions: z.optional(
    z.strictObject({
      paths: z.optional(Casing),
      properties: z.optional(Casing),
      query: z.optional(Casing),
      versioning: z.optional(z.enum(['path', 'header', 'media-type', 'none'])),
    }),
  ),
  publicEndpoints: z.optional(z.array(z.string())),
  service: z.optional(
    z.strictObject({
      /** The command that starts the service (run without a shell: split into argv), e.g. `npm start`. */
      start: z.optional(z.string()),
      cwd: z.optional(z.string()),
      /** Environment for the started service (PORT, DATABASE_URL…). */
      env: z.optional(z.record(z.string(), z.string())),
      baseUrl: z.optional(z.string()),
      healthUrl: z.optional(z.string()),
      startTimeoutSeconds: z.optional(z.number().check(z.positive())),
      /** Credentials for authenticated calls: a token (or the env var holding it), or a login request to make. */
      auth: z.optional(
        z.strictObject({
          token: z.optional(z.string()),
          tokenEnv: z.optional(z.string()),
          header: z.optional(z.string()),
          login: z.optional(
            z.strictObject({
              method: z._default(z.enum(['POST', 'PUT', 'GET']), 'POST'),
              path: z.string(),
              body: z.optional(z.record(z.string(), z.unknown())),
              /** Where the token is in the answer, as a dotted path (`token`, `data.accessToken`). */
              tokenPath: z._default(z.string(), 'token'),
            }),
          ),
        }),
      ),
      /** Values for path parameters by name (`{ "id": "…" }`), used when the spec has no example. */
      fixtures: z.optional(z.record(z.string(), z.string())),
      load: z.optional(
        z.strictObject({
          durationSeconds: z.optional(z.number().check(z.positive())),
          connections: z.optional(z.int().check(z.positive())),
        }),
      ),
    }),
  ),
  database: z.optional(
    z.strictObject({
      /** A PostgreSQL server for the database gates (else DATABASE_URL, else embedded PGlite). */
      url: z.optional(z.string()),
      /** Backup and restore commands; `$DATABASE_URL` and `$BACKUP_FILE` are set for them. */
      backup: z.optional(z.strictObject({ dump: z.string(), restore: z.string() })),
      /** Extra queries to check with EXPLAIN (besides those found in code). */
      queries: z.optional(z.array(z.string())),
      seedRows: z.optional(z.int().check(z.positive())),
    }),
  ),
  tests: z.optional(
    z.strictObject({
      /** The test command (default: the `test` script of package.json). */
      command: z.optional(z.string()),
      timeoutSeconds: z.optional(z.number().check(z.positive())),
      /** Result and coverage files the command writes (JUnit XML, TAP, Vitest/Jest JSON; istanbul summary, lcov, cobertura). */
      results: z.optional(z.string()),
      coverage: z.optional(z.string()),
    }),
  ),
  migrations: z.optional(
    z.strictObject({
      dir: z.optional(z.string()),
      dialect: z.optional(z.enum(['postgresql', 'mysql', 'sqlite'])),
    }),
  ),
  store: z._default(z.string(), 'file'),
  events: z.optional(
    z.strictObject({
      /** This orchestrator's CloudEvents `source` (default `urn:backend-orchestrator:<package name or folder>`). */
      source: z.optional(z.string().check(z.minLength(1))),
      /** Event types received besides frontend.api.request and backend.* (others are refused). */
      accept: z.optional(z.array(z.string())),
      webhooks: z.optional(z.array(WebhookSubscription)),
      /** Retries of a failing delivery: attempts in all, then the dead-letter list. */
      retry: z.optional(
        z.strictObject({
          attempts: z.optional(z.int().check(z.positive())),
          baseSeconds: z.optional(z.number().check(z.positive())),
          maxSeconds: z.optional(z.number().check(z.positive())),
        }),
      ),
    }),
  ),
  server: z.optional(
    z.strictObject({
      /** The bearer token (else BO_TOKEN, else one generated on first start into <stateDir>/server-token, mode 0600). */
      token: z.optional(z.string().check(z.minLength(16))),
      /** Default 127.0.0.1: nothing listens on other interfaces unless asked. */
      host: z.optional(z.string()),
      port: z.optional(z.int().check(z.minimum(0), z.maximum(65535))),
      /** Allowed browser origins; CORS is off without them. */
      cors: z.optional(z.array(z.string())),
      /** Requests per client per window (default 600 per 60 s). */
      rateLimit: z.optional(z.strictObject({ max: z.int().check(z.positive()), windowSeconds: z.number().check(z.positive()) })),
      /** Largest request body accepted (default 1 MiB). */
      bodyLimitBytes: z.optional(z.int().check(z.positive())),
    }),
  ),
  docs: z.optional(
    z.strictObject({
      /** Where the human docs go (default `backend-developer.md` at the project root). */
      path: z.optional(z.string().check(z.minLength(1))),
    }),
  ),
  submit: z.optional(
    z.strictObject({
      /** Failed submits before the task moves to `blocked` (default 5). */
      maxAttempts: z.optional(z.int().check(z.positive())),
      /** Run the live gates on submit when the project has a service configured (default true). */
      live: z.optional(z.boolean()),
    }),
  ),
});

export type Config = z.infer<typeof Config>;
export type SkillConfig = z.infer<typeof SkillConfig>;
export type Thresholds = Config['thresholds'];

export const CONFIG_FILE_NAMES = [
  'backend-orchestrator.config.json',
  'backend-orchestrator.config.yaml',
  'backend-orchestrator.config.yml',
] as const;

export const defaultConfig = (): Config => Config.parse({});
