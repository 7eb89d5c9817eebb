import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/security/hardcoded-secret.js';
import { findingsOf, where } from '../../helpers/gates.js';

// Built from parts so this test file itself holds no credential-shaped literal.
const AWS_KEY = ['AKIA', 'Z7QW4NDJ3KXP2M5T'].join('');
const STRIPE_LIVE = ['sk', 'live', '51HcQ2xLkP0aZ8dfT3vQ9wEr'].join('_');
const PEM = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ');

describe('sec/hardcoded-secret', () => {
  it('errors on secrets that are the only value of secret-named things (Express)', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': `import express from 'express';
import session from 'express-session';
import jwt from 'jsonwebtoken';
const app = express();
app.use(session({ secret: 'keyboard cat', resave: false }));
const JWT_SECRET = 'super-secret-value-123';
export const sign = (user) => jwt.sign({ sub: user.id }, 'another-signing-key');
export const config = { db: { password: 'changeme' }, apiKey: 'k3y-9f8a7b6c5d' };
`,
    });
    expect(where(findings)).toEqual(['src/app.ts:5', 'src/app.ts:6', 'src/app.ts:7', 'src/app.ts:8', 'src/app.ts:8']);
    expect(findings.every((f) => f.severity === 'error')).toBe(true);
    expect(findings[1]?.message).toContain('JWT_SECRET');
    expect(findings[1]?.message).not.toContain('super-secret-value-123');
  });

  it('errors on well-known key formats wherever they are', async () => {
    const findings = await findingsOf(rule, {
      'src/aws.ts': `export const client = new S3Client({ credentials: { accessKeyId: '${AWS_KEY}' } });\n`,
      'src/pay.ts': `export const stripe = new Stripe('${STRIPE_LIVE}');\n`,
      'src/key.ts': `export const key = \`${PEM}\nMIIEow...\n\`;\n`,
    });
    expect(where(findings).sort()).toEqual(['src/aws.ts:1', 'src/key.ts:1', 'src/pay.ts:1']);
    expect(findings.map((f) => f.message).join(' ')).toContain('AWS access key id');
  });

  it('warns on an env fallback, and makes it info when the fallback is for development only', async () => {
    const findings = await findingsOf(rule, {
      'src/config.ts': `export const config = {
  jwtSecret: process.env.JWT_SECRET ?? 'x9Tq2LmZ7wP4',
  sessionSecret: process.env.SESSION_SECRET || 'dev-only-session-secret',
  apiToken: process.env.NODE_ENV === 'production' ? process.env.API_TOKEN : 'abc123local',
};
`,
      'src/guarded.ts': `export function hmacSecret() {
  if (process.env.NODE_ENV === 'production' && !process.env.HMAC_SECRET) throw new Error('HMAC_SECRET must be set');
  return process.env.HMAC_SECRET ?? 'q8w7e6r5t4';
}
export const key = hmacSecret();
`,
    });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.severity}`)).toEqual(['src/config.ts:2 warning', 'src/config.ts:3 info', 'src/config.ts:4 info', 'src/guarded.ts:3 info']);
  });

  it('passes env reads, labels, messages, env var names, empty values and test files', async () => {
    const findings = await findingsOf(rule, {
      'src/config.ts': `export const config = {
  jwtSecret: process.env.JWT_SECRET,
  password: '',
  secretEnv: 'JWT_SECRET',
  passwordField: 'password',
  labels: { password: 'Password', apiKey: 'API key' },
  errors: { password: 'Password must be at least 8 characters.' },
  tokenType: 'Bearer',
  passwordMinLength: 8,
};
const JWT_SECRET_NAME = 'JWT_SECRET';
`,
      'test/auth.test.ts': "const secret = 'test-secret-123';\n",
      'src/__fixtures__/keys.ts': `export const key = '${STRIPE_LIVE}';\n`,
      'vitest.config.ts': "export default { test: { env: { JWT_SECRET: 'test-only-jwt-secret' } } };\n",
    });
    expect(findings).toEqual([]);
  });

  it('errors on a connection URL with a password to a remote host, not on a local one', async () => {
    const findings = await findingsOf(rule, {
      'src/db.ts': `export const remote = new Pool({ connectionString: 'postgres://app:Pa55w0rd@db.prod.acme-corp.net:5432/app' });
export const local = new Pool({ connectionString: 'postgres://postgres:postgres@localhost:5432/app' });
`,
    });
    expect(where(findings)).toEqual(['src/db.ts:1']);
  });

  it('reads NestJS module config', async () => {
    const findings = await findingsOf(rule, {
      'src/auth.module.ts': `import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
@Module({ imports: [JwtModule.register({ secret: 'nest-jwt-secret-42', signOptions: { expiresIn: '1h' } })] })
export class AuthModule {}
`,
    });
    expect(where(findings)).toEqual(['src/auth.module.ts:3']);
  });
});

describe('sec/hardcoded-secret on odd input', () => {
  it('walks a deeply nested generated literal without overflowing the stack', async () => {
    const depth = 3000;
    const findings = await findingsOf(rule, {
      'src/generated.ts': `export const table = ${'['.repeat(depth)}${']'.repeat(depth)};\nconst apiSecret = 'r4nd0m-v4lue-77';\n`,
      'src/ok.ts': "export const clientSecret = 'zzzz9999yyyy';\n",
    });
    expect(where(findings)).toEqual(['src/generated.ts:2', 'src/ok.ts:1']);
  });
});

describe('sec/hardcoded-secret on names and values', () => {
  it('reports a secret equal to its name, not a form field map', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': "app.use(session({ secret: 'secret' }));\nexport const fields = { email: 'email', password: 'password' };\nexport const columns = { password: 'password_hash' };\n",
    });
    expect(where(findings)).toEqual(['src/app.ts:1']);
  });
});
