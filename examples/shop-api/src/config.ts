import { randomBytes } from 'node:crypto';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`Environment variable ${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

function resolveJwtSecret(nodeEnv: string): string {
  const secret = process.env.JWT_SECRET;
  if (secret && secret.length > 0) return secret;
  if (nodeEnv === 'production') {
    throw new Error('JWT_SECRET must be set in production');
  }
  // Development/test fallback: an ephemeral secret, so tokens do not survive a restart.
  return randomBytes(32).toString('hex');
}

const nodeEnv = process.env.NODE_ENV ?? 'development';

export const config = {
  nodeEnv,
  host: process.env.HOST ?? '127.0.0.1',
  port: intFromEnv('PORT', 3000),
  databaseUrl: process.env.DATABASE_URL,
  pgliteDataDir: process.env.PGLITE_DATA_DIR,
  jwt: {
    secret: resolveJwtSecret(nodeEnv),
    expiresInSeconds: intFromEnv('JWT_EXPIRES_IN_SECONDS', 60 * 60),
    issuer: 'shop-api',
  },
  bcryptRounds: intFromEnv('BCRYPT_ROUNDS', 10),
  rateLimit: {
    windowMs: intFromEnv('RATE_LIMIT_WINDOW_MS', 15 * 60 * 1000),
    max: intFromEnv('RATE_LIMIT_MAX', 300),
    authMax: intFromEnv('RATE_LIMIT_AUTH_MAX', 20),
  },
  stripeSecretKey: process.env.STRIPE_SECRET_KEY,
  seedDemoData: process.env.SEED_DEMO_DATA !== 'false',
} as const;

export type AppConfig = typeof config;
