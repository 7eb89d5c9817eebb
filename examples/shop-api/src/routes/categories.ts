import { Router } from 'express';
import { asyncHandler } from '../lib/async-handler.js';
import { authenticate, currentUser, requireRole } from '../middleware/auth.js';
import { validate } from '../middleware/validate.js';
import { createCategoryBody, type CreateCategoryBody } from '../schemas/catalog.js';
import * as categoryService from '../services/category-service.js';

export const categoriesRouter = Router();

categoriesRouter.get(
  '/',
  asyncHandler(async (_req, res) => {
    res.json({ data: await categoryService.listCategories() });
  }),
);

categoriesRouter.post(
  '/',
  authenticate,
  requireRole('admin'),
  validate({ body: createCategoryBody }),
  asyncHandler<{}, CreateCategoryBody>(async (req, res) => {
    const category = await categoryService.createCategory(currentUser(req), req.body);
    res.status(201).location(`${req.baseUrl}/${category.id}`).json(category);
  }),
);
