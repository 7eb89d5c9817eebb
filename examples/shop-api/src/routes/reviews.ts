import { Router } from 'express';
import { asyncHandler } from '../lib/async-handler.js';
import { paginationQuery, type Pagination } from '../lib/pagination.js';
import { authenticate, currentUser } from '../middleware/auth.js';
import { validate } from '../middleware/validate.js';
import { createReviewBody, type CreateReviewBody } from '../schemas/catalog.js';
import { idParams, productIdParams, type IdParams, type ProductIdParams } from '../schemas/common.js';
import * as reviewService from '../services/review-service.js';

/** Reviews live under their product, but are deleted by their own id. */
export const reviewsRouter = Router();

reviewsRouter.get(
  '/products/:productId/reviews',
  validate({ params: productIdParams, query: paginationQuery }),
  asyncHandler<ProductIdParams, unknown, Pagination>(async (req, res) => {
    res.json(await reviewService.listReviews(req.params.productId, req.query));
  }),
);

reviewsRouter.post(
  '/products/:productId/reviews',
  authenticate,
  validate({ params: productIdParams, body: createReviewBody }),
  asyncHandler<ProductIdParams, CreateReviewBody>(async (req, res) => {
    const review = await reviewService.createReview(currentUser(req), req.params.productId, req.body);
    res.status(201).json(review);
  }),
);

reviewsRouter.delete(
  '/reviews/:id',
  authenticate,
  validate({ params: idParams }),
  asyncHandler<IdParams>(async (req, res) => {
    await reviewService.deleteReview(currentUser(req), req.params.id);
    res.status(204).end();
  }),
);
