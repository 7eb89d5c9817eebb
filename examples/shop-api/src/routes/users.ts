import { Router } from 'express';
import { asyncHandler } from '../lib/async-handler.js';
import { paginationQuery, toPage, type Pagination } from '../lib/pagination.js';
import { authenticate, currentUser, requireRole } from '../middleware/auth.js';
import { validate } from '../middleware/validate.js';
import { updateProfileBody, type UpdateProfileBody } from '../schemas/auth.js';
import * as userService from '../services/user-service.js';

export const usersRouter = Router();

usersRouter.get(
  '/',
  authenticate,
  requireRole('admin'),
  validate({ query: paginationQuery }),
  asyncHandler<{}, unknown, Pagination>(async (req, res) => {
    const { items, total } = await userService.listUsers(req.query);
    res.json(toPage(items, total, req.query));
  }),
);

usersRouter.patch(
  '/me',
  authenticate,
  validate({ body: updateProfileBody }),
  asyncHandler<{}, UpdateProfileBody>(async (req, res) => {
    res.json(await userService.updateProfile(currentUser(req), req.body));
  }),
);
