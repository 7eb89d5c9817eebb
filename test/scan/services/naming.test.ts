import { describe, expect, test } from 'vitest';
import { fileServiceName, lastWord, roleOfName, words } from '../../../src/scan/services/naming.js';
import { pathRole } from '../../../src/scan/services/path-role.js';

describe('names', () => {
  test.each([
    ['UsersService', ['users', 'service']],
    ['HTTPClient', ['http', 'client']],
    ['user-repository', ['user', 'repository']],
    ['users.service', ['users', 'service']],
    ['emailQueue', ['email', 'queue']],
    ['s3_uploader2', ['s', '3', 'uploader', '2']],
  ])('%s splits into %j', (name, expected) => {
    expect(words(name)).toEqual(expected);
  });

  test('lastWord agrees with words', () => {
    for (const name of ['UsersService', 'HTTPClient', 'UserDAO', 'ABCd', 'email_queue__', 'users.service', 's3', '', '--', 'x']) {
      expect(lastWord(name)).toBe(words(name).at(-1));
    }
  });

  test('a role comes from the last word only', () => {
    expect(roleOfName('UsersService')).toBe('service');
    expect(roleOfName('userRepo')).toBe('repository');
    expect(roleOfName('JwtAuthGuard')).toBe('middleware');
    expect(roleOfName('emailQueue')).toBe('job');
    expect(roleOfName('StripeClient')).toBe('integration');
    expect(roleOfName('ServiceLocator')).toBeUndefined();
    expect(roleOfName('formatDate')).toBeUndefined();
  });

  test.each([
    ['src/services/users.ts', 'service', 'UsersService'],
    ['src/services/users.service.ts', 'service', 'UsersService'],
    ['src/repositories/audit-log-repository.ts', 'repository', 'AuditLogRepository'],
    ['src/middleware/auth.ts', 'middleware', 'AuthMiddleware'],
    ['src/workers/email.worker.ts', 'job', 'EmailWorker'],
    ['src/jobs/cleanup.js', 'job', 'CleanupJob'],
    ['src/clients/github.ts', 'integration', 'GithubClient'],
    ['src/services/billing/index.ts', 'service', 'BillingService'],
  ])('the file-level service of %s (%s) is %s', (path, kind, name) => {
    expect(fileServiceName(path, kind as Parameters<typeof fileServiceName>[1])).toBe(name);
  });
});

describe('pathRole', () => {
  test.each([
    ['src/services/users.service.spec.ts'],
    ['src/services/__tests__/users.ts'],
    ['test/services/users.service.ts'],
    ['src/users/users.e2e.ts'],
  ])('%s is test code', (path) => {
    expect(pathRole(path).test).toBe(true);
  });

  test.each([
    ['src/users/users.service.ts', 'service', true],
    ['src/services/payments/stripe.ts', 'service', true],
    ['src/modules/billing/repos/invoices.ts', 'repository', true],
    ['src/middlewares/validate.js', 'middleware', true],
    ['src/queues/email.ts', 'job', true],
    ['src/integrations/slack.ts', 'integration', true],
    // The file name wins over the folder.
    ['src/services/email.worker.ts', 'job', true],
    // Helper folders hide the role folder around them, but the shape still counts.
    ['src/services/utils/format.ts', undefined, true],
    ['src/utils/mailer.js', undefined, true],
    // Files of other things are never service modules.
    ['src/services/users.controller.ts', undefined, false],
    ['src/services/types.ts', undefined, false],
    ['src/routes/users.ts', undefined, false],
    ['src/models/user.ts', undefined, false],
    // Entry points are judged by name only.
    ['src/app.ts', undefined, false],
    ['src/index.ts', undefined, false],
    ['src/db/index.ts', undefined, true],
  ])('%s has kind %s, shapes %s', (path, kind, shapes) => {
    expect(pathRole(path)).toEqual({ test: false, kind, shapes });
  });
});
