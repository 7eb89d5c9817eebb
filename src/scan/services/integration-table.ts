/**
 * Third-party SDKs and the short names the registry gives them. One table, so supporting a new
 * SDK is one line. A package not listed here is not an integration: most imports are libraries
 * (zod, lodash, express), not services the backend talks to.
 */
import { packageName } from '../resolve.js';

type Namer = string | ((pkg: string, subpath: string, imported: string) => string);

/** `package` is exact, or `@scope/*` for every package of a scope. */
export const INTEGRATIONS: readonly { package: string; name: Namer }[] = [
  { package: 'stripe', name: 'stripe' },
  { package: '@aws-sdk/*', name: awsV3 },
  { package: 'aws-sdk', name: awsV2 },
  { package: '@sendgrid/mail', name: 'sendgrid' },
  { package: '@sendgrid/client', name: 'sendgrid' },
  { package: 'nodemailer', name: 'nodemailer' },
  { package: 'twilio', name: 'twilio' },
  { package: 'bullmq', name: 'queue:bullmq' },
  { package: 'bull', name: 'queue:bullmq' },
  { package: 'bee-queue', name: 'queue:bullmq' },
  { package: '@nestjs/bullmq', name: 'queue:bullmq' },
  { package: '@nestjs/bull', name: 'queue:bullmq' },
  { package: 'kafkajs', name: 'kafka' },
  { package: 'amqplib', name: 'rabbitmq' },
  { package: 'amqp-connection-manager', name: 'rabbitmq' },
  { package: 'redis', name: 'redis' },
  { package: 'ioredis', name: 'redis' },
  { package: '@upstash/redis', name: 'redis' },
  { package: 'nats', name: 'nats' },
  { package: '@google-cloud/*', name: 'gcp' },
  { package: 'firebase-admin', name: 'firebase' },
  { package: 'openai', name: 'openai' },
  { package: '@anthropic-ai/sdk', name: 'anthropic' },
  { package: 'mongodb', name: 'mongodb' },
  { package: 'mongoose', name: 'mongodb' },
  { package: '@nestjs/mongoose', name: 'mongodb' },
  { package: '@prisma/client', name: 'prisma' },
  { package: 'pg', name: 'postgres' },
  { package: 'postgres', name: 'postgres' },
  { package: 'mysql2', name: 'mysql' },
  { package: '@elastic/elasticsearch', name: 'elasticsearch' },
  { package: '@slack/web-api', name: 'slack' },
  { package: '@octokit/rest', name: 'github' },
  { package: 'resend', name: 'resend' },
  { package: 'postmark', name: 'postmark' },
  { package: 'mailgun.js', name: 'mailgun' },
  { package: '@supabase/supabase-js', name: 'supabase' },
  { package: '@sentry/node', name: 'sentry' },
];

/**
 * HTTP clients: the integration is the host they call (`http:api.github.com`), read from absolute
 * URL literals in the same code; a client with no literal external URL names no integration.
 */
export const HTTP_CLIENTS: ReadonlySet<string> = new Set([
  'axios', 'got', 'node-fetch', 'undici', 'ky', 'superagent', 'cross-fetch', 'isomorphic-fetch', 'needle',
  '@nestjs/axios',
]);

/** `@aws-sdk/client-s3` → `aws:s3`, `@aws-sdk/lib-dynamodb` → `aws:dynamodb`. */
function awsV3(pkg: string): string {
  const rest = pkg.slice('@aws-sdk/'.length);
  // `s3-request-presigner` is an S3 helper; other non-client packages (credentials, types) are plain aws.
  const client = /^(?:client|lib)-(.+)$/.exec(rest)?.[1] ?? (rest.startsWith('s3-') ? 's3' : undefined);
  return client ? `aws:${client}` : 'aws';
}

/** `aws-sdk/clients/s3` → `aws:s3`; `import { SQS } from 'aws-sdk'` → `aws:sqs`; `import AWS` → `aws`. */
function awsV2(_pkg: string, subpath: string, imported: string): string {
  const client = /^clients\/([a-z0-9]+)/.exec(subpath)?.[1];
  if (client) return `aws:${client}`;
  return /^[A-Z][A-Za-z0-9]+$/.test(imported) ? `aws:${imported.toLowerCase()}` : 'aws';
}

const exact = new Map<string, Namer>();
const scopes = new Map<string, Namer>();
for (const entry of INTEGRATIONS) {
  if (entry.package.endsWith('/*')) scopes.set(entry.package.slice(0, -2), entry.name);
  else exact.set(entry.package, entry.name);
}

/** The integration an import names, or undefined for project files, built-ins and other packages. */
export function integrationFor(specifier: string, imported = 'default'): string | undefined {
  const pkg = packageName(specifier);
  if (!pkg) return undefined;
  const namer = exact.get(pkg) ?? (pkg.startsWith('@') ? scopes.get(pkg.slice(0, pkg.indexOf('/'))) : undefined);
  if (namer === undefined) return undefined;
  const subpath = specifier.slice(pkg.length + 1);
  return typeof namer === 'string' ? namer : namer(pkg, subpath, imported);
}

export const isHttpClient = (specifier: string): boolean => {
  const pkg = packageName(specifier);
  return pkg !== undefined && HTTP_CLIENTS.has(pkg);
};
