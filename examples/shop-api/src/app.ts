import express, { type Express } from 'express';
import { config } from './config.js';
import { errorHandler, notFoundHandler } from './middleware/error-handler.js';
import { createApiLimiter, createAuthLimiter } from './middleware/rate-limit.js';
import { router } from './routes/index.js';

export interface AppOptions {
  rateLimit?: { windowMs: number; max: number; authMax: number };
}

export function createApp(options: AppOptions = {}): Express {
  const rateLimitSettings = options.rateLimit ?? config.rateLimit;
  const app = express();

  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.use(createApiLimiter({ windowMs: rateLimitSettings.windowMs, max: rateLimitSettings.max }));
  const authLimiter = createAuthLimiter({ windowMs: rateLimitSettings.windowMs, max: rateLimitSettings.authMax });
  app.use(['/api/v1/auth/login', '/api/v1/auth/register'], authLimiter);

  app.use(express.json({ limit: '100kb' }));

  app.use('/api/v1', router);

  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
