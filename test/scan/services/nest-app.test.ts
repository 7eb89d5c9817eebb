import { describe, expect, test } from 'vitest';
import { nestApp as files } from '../../fixtures/services/nest-app.js';
import { expected, scan } from './helpers.js';

describe('services of a NestJS app', () => {
  const { services, problems } = scan(files);

  test('finds exactly the providers, with kind, line, injected dependencies and integrations', () => {
    expect(services).toEqual(
      expected(files, [
        ['JwtAuthGuard', 'middleware', 'src/auth/jwt-auth.guard.ts', 'export class JwtAuthGuard', [], []],
        ['LoggingInterceptor', 'middleware', 'src/common/logging.interceptor.ts', 'export class LoggingInterceptor', [], []],
        ['EmailProcessor', 'job', 'src/mail/email.processor.ts', 'export class EmailProcessor', ['MailService'], ['queue:bullmq']],
        ['MailService', 'service', 'src/mail/mail.service.ts', 'export class MailService', [], ['nodemailer']],
        // No role in its name, file or folder: an @Injectable that calls Stripe is an integration.
        ['StripeGateway', 'integration', 'src/payments/stripe.provider.ts', 'export class StripeGateway', [], ['stripe']],
        ['TasksService', 'service', 'src/tasks/tasks.service.ts', 'export class TasksService', ['UsersRepository'], []],
        ['UsersRepository', 'repository', 'src/users/users.repository.ts', 'export class UsersRepository', [], ['mongodb']],
        ['UsersService', 'service', 'src/users/users.service.ts', 'export class UsersService', ['MailService', 'UsersRepository'], ['queue:bullmq']],
      ]),
    );
    expect(problems).toEqual([]);
  });

  test('controllers, modules, DTOs, schemas and exception filters are not services', () => {
    const names = services.map((service) => service.name);
    for (const name of ['UsersController', 'UsersModule', 'AppModule', 'CreateUserDto', 'User', 'HttpExceptionFilter']) {
      expect(names).not.toContain(name);
    }
  });
});
