/**
 * Rate limiting, by the limiter's name (`rateLimit(…)`, `apiLimiter`, `ThrottlerGuard`) or by the
 * package it comes from. `bodyLimit` and upload size limits are not rate limits.
 */
import { bareName, nameWords } from './names.js';

export const RATE_LIMIT_PACKAGES = new Set([
  'express-rate-limit', 'express-slow-down', 'rate-limiter-flexible', 'express-brute', 'koa-ratelimit', 'koa2-ratelimit',
  'hono-rate-limiter', '@hono-rate-limiter/redis', '@fastify/rate-limit', 'fastify-rate-limit', '@nestjs/throttler',
  '@upstash/ratelimit',
]);

export function isRateLimiterName(name: string): boolean {
  const words = nameWords(bareName(name));
  const joined = words.join('');
  if (/ratelimit|throttl|slowdown|bruteforce/.test(joined)) return true;
  return words.includes('limiter') || (words.includes('brute') && !words.includes('force'));
}
