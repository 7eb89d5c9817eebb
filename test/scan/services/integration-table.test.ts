import { describe, expect, test } from 'vitest';
import { integrationFor } from '../../../src/scan/services/index.js';

describe('integrationFor', () => {
  test.each([
    ['stripe', 'default', 'stripe'],
    ['@aws-sdk/client-s3', 'S3Client', 'aws:s3'],
    ['@aws-sdk/client-sqs', 'SQSClient', 'aws:sqs'],
    ['@aws-sdk/lib-dynamodb', 'DynamoDBDocumentClient', 'aws:dynamodb'],
    ['@aws-sdk/s3-request-presigner', 'getSignedUrl', 'aws:s3'],
    ['@aws-sdk/credential-providers', 'fromEnv', 'aws'],
    ['aws-sdk', 'default', 'aws'],
    ['aws-sdk', 'SQS', 'aws:sqs'],
    ['aws-sdk', 'config', 'aws'],
    ['aws-sdk/clients/s3', 'default', 'aws:s3'],
    ['@sendgrid/mail', 'default', 'sendgrid'],
    ['nodemailer', '*', 'nodemailer'],
    ['twilio', 'default', 'twilio'],
    ['bullmq', 'Queue', 'queue:bullmq'],
    ['bull', 'default', 'queue:bullmq'],
    ['bee-queue', 'default', 'queue:bullmq'],
    ['kafkajs', 'Kafka', 'kafka'],
    ['amqplib', '*', 'rabbitmq'],
    ['redis', 'createClient', 'redis'],
    ['ioredis', 'default', 'redis'],
    ['nats', 'connect', 'nats'],
    ['@google-cloud/storage', 'Storage', 'gcp'],
    ['@google-cloud/pubsub', 'PubSub', 'gcp'],
    ['firebase-admin', 'default', 'firebase'],
    ['firebase-admin/auth', 'getAuth', 'firebase'],
    ['openai', 'default', 'openai'],
    ['@anthropic-ai/sdk', 'default', 'anthropic'],
    ['mongodb', 'MongoClient', 'mongodb'],
    ['mongoose', 'default', 'mongodb'],
    ['@prisma/client', 'PrismaClient', 'prisma'],
    ['pg', 'Pool', 'postgres'],
  ])('%s (%s) is %s', (specifier, imported, name) => {
    expect(integrationFor(specifier, imported)).toBe(name);
  });

  test.each([
    ['express'],
    ['zod'],
    ['lodash/merge'],
    ['@nestjs/common'],
    ['stripe-event-types'],
    ['./stripe'],
    ['../lib/redis.js'],
    ['/abs/path'],
    ['node:http'],
    // An HTTP client is an integration only through the external host it calls.
    ['axios'],
  ])('%s is not an integration', (specifier) => {
    expect(integrationFor(specifier)).toBeUndefined();
  });
});
