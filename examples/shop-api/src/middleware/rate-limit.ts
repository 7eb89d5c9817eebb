import { rateLimit, type Options } from 'express-rate-limit';
import { HttpError } from '../lib/http-error.js';

interface LimiterSettings {
  windowMs: number;
  max: number;
}

function createLimiter({ windowMs, max }: LimiterSettings, detail: string) {
  const handler: Options['handler'] = (_req, _res, next) => {
    next(new HttpError(429, 'Too Many Requests', detail));
  };
  return rateLimit({
    windowMs,
    limit: max,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler,
  });
}

/** Applied to the whole app. */
export const createApiLimiter = (settings: LimiterSettings) =>
  createLimiter(settings, 'Rate limit exceeded, retry later');

/** Stricter limit for credential endpoints (login / register). */
export const createAuthLimiter = (settings: LimiterSettings) =>
  createLimiter(settings, 'Too many authentication attempts, retry later');
