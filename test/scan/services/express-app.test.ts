import { describe, expect, test } from 'vitest';
import { expressApp as files } from '../../fixtures/services/express-app.js';
import { expected, scan } from './helpers.js';

describe('services of an Express app', () => {
  const { services, problems } = scan(files);
  const byName = (name: string) => services.find((service) => service.name === name);

  test('finds exactly the services, with kind, line, dependencies and integrations', () => {
    expect(services).toEqual(
      expected(files, [
        ['GithubClient', 'integration', 'src/clients/github.client.ts', 'export async function getRepository', [], ['http:api.github.com']],
        ['InventoryClient', 'integration', 'src/clients/inventory.ts', 'export async function reserve', [], []],
        ['PoolClient', 'integration', 'src/db/pool.ts', 'export const pool', [], ['postgres']],
        ['CleanupJob', 'job', 'src/jobs/cleanup.ts', 'cron.schedule(', ['OrdersRepository'], []],
        ['HeartbeatJob', 'job', 'src/lib/heartbeat.ts', 'setInterval(', [], ['http:hc-ping.com']],
        ['RequestLoggerMiddleware', 'middleware', 'src/lib/request-logger.ts', 'export function requestLogger', [], []],
        ['S3Client', 'integration', 'src/lib/s3.ts', 'export async function uploadAvatar', [], ['aws:s3']],
        ['AuthMiddleware', 'middleware', 'src/middleware/auth.ts', 'export function authenticate', [], []],
        ['ErrorHandlerMiddleware', 'middleware', 'src/middleware/error-handler.ts', 'export const errorHandler', [], []],
        ['OrdersRepository', 'repository', 'src/repositories/orders.ts', 'export async function deleteExpiredCarts', ['PoolClient'], []],
        ['UsersRepository', 'repository', 'src/repositories/users.repository.ts', 'export class UsersRepository', [], ['postgres']],
        ['BillingService', 'service', 'src/services/billing.service.ts', 'export async function createCheckout', ['PoolClient', 'UsersRepository'], ['stripe']],
        ['MailService', 'service', 'src/services/mail.service.ts', 'export class MailService', [], ['sendgrid']],
        ['ReportsService', 'service', 'src/services/reports.service.ts', 'export async function weeklyReport', ['OrdersRepository', 'UsersService'], []],
        ['UsersService', 'service', 'src/services/users.service.ts', 'export class UsersService', ['MailService', 'UsersRepository'], []],
      ]),
    );
    expect(problems).toEqual([]);
  });

  test('a constructor-injected type is a dependency, even when imported with `import type`', () => {
    expect(byName('UsersService')?.dependsOn).toEqual(['MailService', 'UsersRepository']);
  });

  test('an instance exported from a container module stands for its class', () => {
    // reports.service imports `usersService` from services/index.ts, which exports `new UsersService(…)`.
    expect(byName('ReportsService')?.dependsOn).toContain('UsersService');
    expect(byName('usersService')).toBeUndefined();
  });

  test('helpers, routes, entry points, type-only modules and handler wrappers are not services', () => {
    const files = services.map((service) => service.source?.file);
    for (const file of [
      'src/lib/pagination.ts',
      'src/lib/async-handler.ts',
      'src/routes/billing.ts',
      'src/routes/users.ts',
      'src/app.ts',
      'src/server.ts',
      'src/services/types.ts',
      'src/services/index.ts',
    ]) {
      expect(files).not.toContain(file);
    }
  });

  test('a call to a host inside the deployment names no integration', () => {
    expect(byName('InventoryClient')?.integrations).toEqual([]);
  });

  test('a relative import is a dependency, never an integration', () => {
    for (const service of services) for (const integration of service.integrations) expect(integration).not.toMatch(/^\.|\//);
  });
});
