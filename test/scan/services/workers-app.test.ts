import { describe, expect, test } from 'vitest';
import { workersApp as files } from '../../fixtures/services/workers-app.js';
import { expected, scan } from './helpers.js';

describe('background jobs', () => {
  const { services, problems } = scan(files);

  test('finds queues, workers, schedulers and consumers with what they use', () => {
    expect(services).toEqual(
      expected(files, [
        ['OrdersConsumer', 'job', 'src/events/orders.consumer.ts', 'export class OrdersConsumer', [], ['kafka']],
        ['RedisClient', 'integration', 'src/lib/redis.ts', 'export const connection', [], ['redis']],
        // The exported queue names the service; the module's `enqueueWelcome` belongs to it.
        ['emailQueue', 'job', 'src/queues/email.queue.ts', 'export const emailQueue', ['RedisClient'], ['queue:bullmq']],
        ['Scheduler', 'job', 'src/scheduler.ts', 'export async function startScheduler', ['emailQueue'], []],
        ['MailerService', 'service', 'src/services/mailer.ts', 'export async function sendMail', [], ['nodemailer']],
        ['emailWorker', 'job', 'src/workers/email.worker.ts', 'export const emailWorker', ['MailerService', 'RedisClient'], ['queue:bullmq']],
      ]),
    );
    expect(problems).toEqual([]);
  });

  test('a worker_threads Worker is not a background job', () => {
    expect(services.map((service) => service.source?.file)).not.toContain('src/lib/hash-pool.ts');
  });

  test('a plain helper module is not a service', () => {
    expect(services.map((service) => service.source?.file)).not.toContain('src/lib/templates.ts');
  });
});
