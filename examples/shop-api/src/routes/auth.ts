import { Router } from 'express';
import { asyncHandler } from '../lib/async-handler.js';
import { authenticate, currentUser } from '../middleware/auth.js';
import { validate } from '../middleware/validate.js';
import { loginBody, registerBody, type LoginBody, type RegisterBody } from '../schemas/auth.js';
import * as authService from '../services/auth-service.js';
import * as userService from '../services/user-service.js';

export const authRouter = Router();

authRouter.post(
  '/register',
  validate({ body: registerBody }),
  asyncHandler<{}, RegisterBody>(async (req, res) => {
    const result = await authService.register(req.body);
    res.status(201).json(result);
  }),
);

authRouter.post(
  '/login',
  validate({ body: loginBody }),
  asyncHandler<{}, LoginBody>(async (req, res) => {
    res.json(await authService.login(req.body));
  }),
);

authRouter.get(
  '/me',
  authenticate,
  asyncHandler(async (req, res) => {
    res.json(await userService.getProfile(currentUser(req)));
  }),
);
