/**
 * The five seed skills. A skill says who does a kind of task, which task types and title
 * keywords route to it, which gates decide "done", and how it is executed.
 */
export interface Skill {
  name: string;
  description: string;
  /** Values of `--type` that select this skill. */
  types: string[];
  /** Words in a title or requirement that route to this skill (a trailing `*` matches a prefix). */
  keywords: string[];
  /** Gate areas (`api`, `security`…) or rule ids (`api/pagination`) run on submit. */
  gates: string[];
  executor: { kind: 'manual' } | { kind: 'command'; command: string[]; timeoutMinutes?: number; worktree?: boolean };
  builtin: boolean;
}

/** Order matters on a tie: the more specific skills come before the general API one. */
export const BUILTIN_SKILLS: readonly Skill[] = [
  {
    name: 'auth-skill',
    description: 'Authentication and authorization: login, tokens, sessions, roles and permissions.',
    types: ['auth', 'security'],
    keywords: ['auth', 'authentication', 'authorization', 'login', 'logout', 'signin', 'signup', 'jwt', 'oauth*', 'session*', 'role*', 'permission*', 'rbac', 'password*', 'token*', 'sso', 'mfa', '2fa'],
    gates: ['security'],
    executor: { kind: 'manual' },
    builtin: true,
  },
  {
    name: 'database-skill',
    description: 'Schema, migrations, indexes and query performance.',
    types: ['database', 'db', 'schema', 'migration'],
    keywords: ['migration*', 'migrate', 'schema', 'table*', 'index', 'indexes', 'indices', 'column*', 'foreign', 'constraint*', 'database', 'db', 'sql', 'query', 'queries', 'prisma', 'model*', 'rollback', 'backup*', 'normaliz*'],
    gates: ['database'],
    executor: { kind: 'manual' },
    builtin: true,
  },
  {
    name: 'service-integration-skill',
    description: 'Third-party services and asynchronous work: webhooks, payments, email, queues.',
    types: ['integration', 'service', 'service-integration'],
    keywords: ['webhook*', 'stripe', 'paypal', 'payment*', 'queue*', 'third-party', 'thirdparty', 'integration*', 'integrate', 'sendgrid', 'email*', 'sms', 'twilio', 's3', 'aws', 'kafka', 'rabbitmq', 'nats', 'redis', 'cron', 'job*', 'worker*'],
    gates: ['security', 'tests'],
    executor: { kind: 'manual' },
    builtin: true,
  },
  {
    name: 'testing-skill',
    description: 'Unit, integration, API, load, security and contract tests; coverage.',
    types: ['testing', 'test', 'tests'],
    keywords: ['test', 'tests', 'testing', 'coverage', 'e2e', 'contract', 'load-test', 'benchmark*', 'flaky'],
    gates: ['tests', 'metrics/test-coverage'],
    executor: { kind: 'manual' },
    builtin: true,
  },
  {
    name: 'api-development-skill',
    description: 'REST endpoints: routes, handlers, validation, pagination, filtering, errors, docs.',
    types: ['api', 'endpoint', 'rest'],
    keywords: ['api', 'endpoint*', 'route*', 'rest', 'get', 'post', 'put', 'patch', 'delete', 'pagination', 'paginate', 'filter*', 'sort*', 'crud', 'handler*', 'controller*', 'openapi', 'swagger', 'graphql'],
    gates: ['api', 'security', 'contract'],
    executor: { kind: 'manual' },
    builtin: true,
  },
];

/** Requirements that switch on a specific gate for the task (events spec: frontend requests). */
export const REQUIREMENT_GATES: Readonly<Record<string, string>> = {
  pagination: 'api/pagination',
  filtering: 'api/filtering',
  'auth required': 'sec/authn-required',
  'auth-required': 'sec/authn-required',
  authentication: 'sec/authn-required',
  'rate limiting': 'api/rate-limit',
  'rate-limit': 'api/rate-limit',
  validation: 'sec/input-validated',
  documentation: 'api/documented',
};
