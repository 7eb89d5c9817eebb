import { describe, expect, test } from 'vitest';
import { createResolver } from '../../../src/scan/resolve.js';
import { scanServices } from '../../../src/scan/services/index.js';
import { parseAll, scan } from './helpers.js';

const dependsOn = (result: ReturnType<typeof scan>, name: string) => result.services.find((service) => service.name === name)?.dependsOn;

describe('dependencies across modules', () => {
  test('through tsconfig paths, a barrel, a renamed re-export and a default export', () => {
    const files = {
      'src/repositories/users.repository.ts': 'export class UsersRepository {\n  find() {\n    return [];\n  }\n}\n',
      'src/repositories/audit.ts': 'export default function record(event: string) {\n  console.log(event);\n}\n',
      'src/repositories/index.ts': "export * from './users.repository';\nexport { default as recordAudit } from './audit';\n",
      'src/services/users.service.ts': [
        "import { UsersRepository, recordAudit } from '@/repositories';",
        '',
        'export class UsersService {',
        '  private readonly users = new UsersRepository();',
        '  list() {',
        "    recordAudit('users.list');",
        '    return this.users.find();',
        '  }',
        '}',
        '',
      ].join('\n'),
    };
    const result = scan(files, { baseUrl: '.', paths: { '@/*': ['src/*'] } });
    expect(dependsOn(result, 'UsersService')).toEqual(['AuditRepository', 'UsersRepository']);
  });

  test('a namespace import means the module’s file-level service', () => {
    const result = scan({
      'src/repositories/orders.ts': 'export const findAll = () => [];\nexport const remove = (id: string) => id;\n',
      'src/services/orders.ts': "import * as orders from '../repositories/orders';\nexport const list = () => orders.findAll();\n",
    });
    expect(dependsOn(result, 'OrdersService')).toEqual(['OrdersRepository']);
  });

  test('a helper exported next to a class is part of the class’s service when the file is named after it', () => {
    const result = scan({
      'src/users/users.service.ts': 'export class UsersService {\n  list() {\n    return [];\n  }\n}\n\nexport function toDto(user: { id: string }) {\n  return { id: user.id };\n}\n',
      'src/users/users.job.ts': "import { toDto } from './users.service';\nexport const exportUsers = () => [].map(toDto);\n",
    });
    expect(result.services.map((service) => service.name)).toEqual(['UsersJob', 'UsersService']);
    expect(dependsOn(result, 'UsersJob')).toEqual(['UsersService']);
  });

  test('two services of one module: one using the other depends on it', () => {
    const result = scan({
      'src/services/payments.ts': [
        'export class LedgerService {',
        '  post(amount: number) {',
        '    return amount;',
        '  }',
        '}',
        '',
        'export class PaymentsService {',
        '  private readonly ledger = new LedgerService();',
        '  pay(amount: number) {',
        '    return this.ledger.post(amount);',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    expect(result.services.map((service) => [service.name, service.source?.line, service.dependsOn])).toEqual([
      ['LedgerService', 1, []],
      ['PaymentsService', 7, ['LedgerService']],
    ]);
  });

  test('a type used only in annotations is not a dependency; a constructor-injected one is', () => {
    const result = scan({
      'src/services/users.service.ts': 'export class UsersService {}\n',
      'src/services/audit.service.ts': 'export class AuditService {}\n',
      'src/services/report.service.ts': [
        "import { UsersService } from './users.service';",
        "import { AuditService } from './audit.service';",
        '',
        'export class ReportService {',
        '  constructor(private readonly audit: AuditService) {}',
        '  render(users: UsersService): string {',
        "    return 'report';",
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    expect(dependsOn(result, 'ReportService')).toEqual(['AuditService']);
  });

  test('property injection with a decorator is a dependency', () => {
    const result = scan({
      'src/mail/mailer.service.ts': "import { Injectable } from '@nestjs/common';\n@Injectable()\nexport class MailerService {}\n",
      'src/users/users.service.ts': [
        "import { Inject, Injectable } from '@nestjs/common';",
        "import { MailerService } from '../mail/mailer.service';",
        '',
        '@Injectable()',
        'export class UsersService {',
        '  @Inject() private readonly mailer!: MailerService;',
        '}',
        '',
      ].join('\n'),
    });
    expect(dependsOn(result, 'UsersService')).toEqual(['MailerService']);
    expect(result.services.find((service) => service.name === 'UsersService')?.source?.line).toBe(5);
  });

  test('a relative import is a dependency, not an integration', () => {
    const result = scan({
      'src/lib/stripe.ts': "import Stripe from 'stripe';\nexport const stripe = new Stripe(process.env.STRIPE_KEY ?? '');\n",
      'src/services/billing.service.ts': "import { stripe } from '../lib/stripe';\nexport const refund = (id: string) => stripe.refunds.create({ payment_intent: id });\n",
    });
    expect(result.services.map((service) => [service.name, service.dependsOn, service.integrations])).toEqual([
      ['StripeClient', [], ['stripe']],
      ['BillingService', ['StripeClient'], []],
    ]);
  });

  test('a CommonJS module exporting what an SDK returns is that SDK’s client, not a re-export', () => {
    const result = scan({
      'src/lib/stripe.js': "module.exports = require('stripe')(process.env.STRIPE_SECRET_KEY);\n",
      'src/services/refunds.js': "const stripe = require('../lib/stripe');\nexports.refund = (id) => stripe.refunds.create({ payment_intent: id });\n",
    });
    expect(result.services.map((service) => [service.name, service.kind, service.dependsOn, service.integrations])).toEqual([
      ['StripeClient', 'integration', [], ['stripe']],
      ['RefundsService', 'service', ['StripeClient'], []],
    ]);
  });

  test('a cycle of re-exports ends', () => {
    const result = scan({
      'src/a.ts': "export * from './b';\n",
      'src/b.ts': "export * from './a';\n",
      'src/services/x.service.ts': "import { Missing } from '../a';\nexport const run = () => new Missing();\n",
    });
    expect(dependsOn(result, 'XService')).toEqual([]);
  });

  test('an import of a project file that failed to parse (so is not among the modules) is no dependency', () => {
    const files = {
      'src/services/users.service.ts': "import { UsersRepository } from '../repositories/users.repository';\nexport class UsersService {\n  repo = new UsersRepository();\n}\n",
    };
    // The resolver knows every project file; only the parsed ones are handed to the scanner.
    const resolver = createResolver([...Object.keys(files), 'src/repositories/users.repository.ts']);
    const result = scanServices({ modules: parseAll(files), resolver });
    expect(result.services.map((service) => [service.name, service.dependsOn])).toEqual([['UsersService', []]]);
    expect(result.problems).toEqual([]);
  });

  test('two services with one name in different files are reported as ambiguous', () => {
    const result = scan({
      'src/billing/users.service.ts': 'export class UsersService {}\n',
      'src/admin/users.service.ts': 'export class UsersService {}\n',
    });
    expect(result.services).toHaveLength(2);
    expect(result.problems).toEqual([
      {
        file: 'src/billing/users.service.ts',
        line: 1,
        message: 'service name "UsersService" is also defined in src/admin/users.service.ts; dependsOn entries naming it are ambiguous',
        severity: 'warning',
      },
    ]);
  });
});
