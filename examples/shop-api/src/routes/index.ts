import { Router } from 'express';
import { adminRouter } from './admin.js';
import { authRouter } from './auth.js';
import { categoriesRouter } from './categories.js';
import { ordersRouter } from './orders.js';
import { productsRouter } from './products.js';
import { reviewsRouter } from './reviews.js';
import { usersRouter } from './users.js';

/** All versioned API routes; mounted by the app under /api/v1. */
export const router = Router();

router.use('/auth', authRouter);
router.use('/users', usersRouter);
router.use('/categories', categoriesRouter);
router.use('/products', productsRouter);
router.use('/orders', ordersRouter);
router.use('/admin', adminRouter);
router.use(reviewsRouter);
