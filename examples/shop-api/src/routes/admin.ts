import { Router } from 'express';
import { asyncHandler } from '../lib/async-handler.js';
import { authenticate, requireRole } from '../middleware/auth.js';
import * as statsService from '../services/stats-service.js';

export const adminRouter = Router();

adminRouter.get(
  '/stats',
  authenticate,
  requireRole('admin'),
  asyncHandler(async (_req, res) => {
    res.json(await statsService.getStoreStats());
  }),
);
