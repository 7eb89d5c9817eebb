import { describe, expect, it } from 'vitest';
import { API_DESIGN_MD, BACKEND_STANDARD_MD } from '../../src/standards/templates.js';

/** The seed's checklists, and the rule ids the gates spec gives each item. */
const DATABASE: Record<string, string[]> = {
  'Normalized schema': ['db/primary-key', 'db/repeating-columns', 'db/list-in-column', 'db/fk-type-match'],
  'Indexes optimized': ['db/fk-index', 'db/redundant-index', 'db/query-uses-index'],
  'Migrations tested': ['db/migrations-apply', 'db/migration-safety'],
  'Rollback plan': ['db/rollback-exists', 'db/rollback-roundtrip'],
  'Backup verified': ['db/backup-restore'],
  'Performance tested': ['db/query-time'],
};
const SECURITY: Record<string, string[]> = {
  'Authentication required': ['sec/authn-required'],
  'Authorization checked': ['sec/authz-checked'],
  'Input validated': ['sec/input-validated'],
  'SQL injection prevented': ['sec/sql-injection', 'sec/nosql-injection'],
  'Sensitive data encrypted': ['sec/password-hashing', 'sec/hardcoded-secret', 'sec/tls-disabled', 'sec/sensitive-exposure'],
  'Audit logging enabled': ['sec/audit-log'],
  'Zero security vulnerabilities': ['sec/dangerous-call', 'sec/dependency-audit'],
};
const METRICS = ['metrics/api-response-time', 'metrics/test-coverage', 'metrics/security-vulnerabilities', 'metrics/db-query-time', 'metrics/error-rate'];
const TESTS = ['unit', 'integration', 'api', 'load', 'security', 'contract'];
const API: Record<string, string[]> = {
  'RESTful design': ['api/no-verbs-in-path', 'api/plural-collections', 'api/path-casing', 'api/no-trailing-slash', 'api/nesting-depth', 'api/method-semantics'],
  'Proper status codes': ['api/create-returns-201', 'api/delete-returns-204', 'api/errors-not-200', 'api/declared-responses'],
  'Consistent naming': ['api/param-naming', 'api/property-casing', 'api/query-casing'],
  'Versioning implemented': ['api/versioning'],
  'Documentation updated': ['api/documented', 'api/spec-drift', 'api/operation-docs'],
  'Rate limiting configured': ['api/rate-limit'],
  Pagination: ['api/pagination'],
  Filtering: ['api/filtering'],
  'Error format': ['api/error-format'],
  CORS: ['api/cors'],
};

const lines = (md: string) => md.trimEnd().split('\n').length;

/** The section of a markdown doc from a checklist item's heading or bold title to the next one. */
function section(md: string, item: string): string {
  const start = md.search(new RegExp(`^(?:#+ |\\*\\*)${item}`, 'm'));
  expect(start, `"${item}" has its own heading`).toBeGreaterThanOrEqual(0);
  const rest = md.slice(start);
  const body = rest.indexOf('\n') + 1;
  const end = rest.slice(body).search(/^(?:#+ |\*\*)/m);
  return end < 0 ? rest : rest.slice(0, body + end);
}

describe('backend-standard.md', () => {
  it.each(Object.entries({ ...DATABASE, ...SECURITY }))('states "%s" with the rules that check it', (item, rules) => {
    const text = section(BACKEND_STANDARD_MD, item);
    for (const rule of rules) expect(text).toContain(`\`${rule}\``);
  });

  it('gives the success metrics with their thresholds', () => {
    for (const rule of METRICS) expect(BACKEND_STANDARD_MD).toContain(rule);
    expect(BACKEND_STANDARD_MD).toMatch(/p95 < \*\*200 ms\*\*/);
    expect(BACKEND_STANDARD_MD).toMatch(/> \*\*80 %\*\*/);
    expect(BACKEND_STANDARD_MD).toMatch(/< \*\*50 ms\*\*/);
    expect(BACKEND_STANDARD_MD).toMatch(/< \*\*0\.1 %\*\*/);
    expect(BACKEND_STANDARD_MD).toMatch(/\*\*zero\*\*/i);
  });

  it('names the six test kinds and their gates', () => {
    for (const kind of TESTS) {
      expect(BACKEND_STANDARD_MD).toMatch(new RegExp(`\\*\\*${kind}\\*\\* \\[\`tests/${kind}\`\\]`, 'i'));
    }
  });

  it('is a short document', () => {
    expect(lines(BACKEND_STANDARD_MD)).toBeGreaterThanOrEqual(80);
    expect(lines(BACKEND_STANDARD_MD)).toBeLessThanOrEqual(150);
  });
});

describe('api-design.md', () => {
  it.each(Object.entries(API))('states "%s" with the rules that check it', (item, rules) => {
    const text = section(API_DESIGN_MD, item);
    for (const rule of rules) expect(text).toContain(`\`${rule}\``);
  });

  it('recommends RFC 9457 problem+json and the pagination styles', () => {
    expect(API_DESIGN_MD).toContain('RFC 9457');
    expect(API_DESIGN_MD).toContain('application/problem+json');
    for (const style of ['limit=', 'page=', 'cursor=']) expect(API_DESIGN_MD).toContain(style);
  });

  it('is a short document', () => {
    expect(lines(API_DESIGN_MD)).toBeGreaterThanOrEqual(80);
    expect(lines(API_DESIGN_MD)).toBeLessThanOrEqual(150);
  });
});
