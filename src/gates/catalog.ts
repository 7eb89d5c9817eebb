/**
 * The seed's checklists as the report groups them (spec/gates.md): every checklist item, success
 * metric and test requirement with the rule ids that decide it. Rules name their item by `title`;
 * a test checks that every id here has a rule and every rule an item.
 */
import type { Area } from './types.js';

export interface ChecklistItem {
  /** Stable slug, e.g. `api.restful-design`. */
  id: string;
  area: Area;
  /** The seed's wording. */
  title: string;
  rules: readonly string[];
}

const item = (area: Area, title: string, rules: string[]): ChecklistItem => ({
  id: `${area}.${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`,
  area,
  title,
  rules,
});

export const CHECKLIST: readonly ChecklistItem[] = [
  item('api', 'RESTful design', ['api/no-verbs-in-path', 'api/plural-collections', 'api/path-casing', 'api/no-trailing-slash', 'api/nesting-depth', 'api/method-semantics']),
  item('api', 'Proper status codes', ['api/create-returns-201', 'api/delete-returns-204', 'api/errors-not-200', 'api/declared-responses']),
  item('api', 'Consistent naming', ['api/param-naming', 'api/property-casing', 'api/query-casing']),
  item('api', 'Versioning implemented', ['api/versioning']),
  item('api', 'Documentation updated', ['api/documented', 'api/spec-drift', 'api/operation-docs']),
  item('api', 'Rate limiting configured', ['api/rate-limit']),
  item('api', 'API requirements', ['api/pagination', 'api/filtering', 'api/error-format', 'api/cors']),

  item('database', 'Normalized schema', ['db/primary-key', 'db/repeating-columns', 'db/list-in-column', 'db/fk-type-match']),
  item('database', 'Indexes optimized', ['db/fk-index', 'db/redundant-index', 'db/query-uses-index']),
  item('database', 'Migrations tested', ['db/migrations-apply', 'db/migration-safety']),
  item('database', 'Rollback plan', ['db/rollback-exists', 'db/rollback-roundtrip']),
  item('database', 'Backup verified', ['db/backup-restore']),
  item('database', 'Performance tested', ['db/query-time']),

  item('security', 'Authentication required', ['sec/authn-required']),
  item('security', 'Authorization checked', ['sec/authz-checked']),
  item('security', 'Input validated', ['sec/input-validated']),
  item('security', 'SQL injection prevented', ['sec/sql-injection', 'sec/nosql-injection']),
  item('security', 'Sensitive data encrypted', ['sec/password-hashing', 'sec/hardcoded-secret', 'sec/tls-disabled', 'sec/sensitive-exposure']),
  item('security', 'Audit logging enabled', ['sec/audit-log']),
  item('security', 'Zero security vulnerabilities', ['sec/dangerous-call', 'sec/dependency-audit']),

  item('metrics', 'API response time < 200 ms', ['metrics/api-response-time']),
  item('metrics', 'Test coverage > 80 %', ['metrics/test-coverage']),
  item('metrics', 'Zero security vulnerabilities', ['metrics/security-vulnerabilities']),
  item('metrics', 'Database query time < 50 ms', ['metrics/db-query-time']),
  item('metrics', 'Error rate < 0.1 %', ['metrics/error-rate']),

  item('tests', 'Unit tests', ['tests/unit']),
  item('tests', 'Integration tests', ['tests/integration']),
  item('tests', 'API tests', ['tests/api']),
  item('tests', 'Load tests', ['tests/load']),
  item('tests', 'Security tests', ['tests/security']),
  item('tests', 'Contract tests', ['tests/contract']),

  item('contract', 'No breaking changes', ['contract/breaking-change']),
  item('contract', 'Responses match the schema', ['contract/response-schema']),
  item('contract', 'One error standard', ['contract/error-standard']),
];

export const itemOfRule = (ruleId: string): ChecklistItem | undefined => CHECKLIST.find((i) => i.rules.includes(ruleId));
