import { Router } from 'express';
import { asyncHandler } from '../lib/async-handler.js';
import { authenticate, currentUser, optionalAuth, requireRole } from '../middleware/auth.js';
import { validate } from '../middleware/validate.js';
import {
  adjustStockBody,
  createProductBody,
  listProductsQuery,
  productQuery,
  searchProductsQuery,
  updateProductBody,
  type AdjustStockBody,
  type CreateProductBody,
  type ListProductsQuery,
  type ProductQuery,
  type SearchProductsQuery,
  type UpdateProductBody,
} from '../schemas/catalog.js';
import { idParams, type IdParams } from '../schemas/common.js';
import * as productService from '../services/product-service.js';

export const productsRouter = Router();

productsRouter.get(
  '/',
  optionalAuth,
  validate({ query: listProductsQuery }),
  asyncHandler<{}, unknown, ListProductsQuery>(async (req, res) => {
    // Only admins may ask for archived products.
    const includeInactive = req.query.includeInactive && req.user?.role === 'admin';
    res.json(await productService.listProducts({ ...req.query, includeInactive }));
  }),
);

productsRouter.get(
  '/search',
  validate({ query: searchProductsQuery }),
  asyncHandler<{}, unknown, SearchProductsQuery>(async (req, res) => {
    const { q, limit, offset } = req.query;
    res.json(await productService.searchProducts(q, { limit, offset }));
  }),
);

productsRouter.get(
  '/:id',
  optionalAuth,
  validate({ params: idParams, query: productQuery }),
  asyncHandler<IdParams, unknown, ProductQuery>(async (req, res) => {
    const includeInactive = req.query.includeInactive && req.user?.role === 'admin';
    res.json(await productService.getProduct(req.params.id, { includeInactive }));
  }),
);

productsRouter.post(
  '/',
  authenticate,
  requireRole('admin'),
  validate({ body: createProductBody }),
  asyncHandler<{}, CreateProductBody>(async (req, res) => {
    const product = await productService.createProduct(currentUser(req), req.body);
    res.status(201).location(`${req.baseUrl}/${product.id}`).json(product);
  }),
);

productsRouter.patch(
  '/:id',
  authenticate,
  requireRole('admin'),
  validate({ params: idParams, body: updateProductBody }),
  asyncHandler<IdParams, UpdateProductBody>(async (req, res) => {
    res.json(await productService.updateProduct(currentUser(req), req.params.id, req.body));
  }),
);

productsRouter.patch(
  '/:id/stock',
  validate({ params: idParams, body: adjustStockBody }),
  asyncHandler<IdParams, AdjustStockBody>(async (req, res) => {
    const result = await productService.adjustStock(req.params.id, req.body.delta, {
      actorId: req.user?.id ?? null,
      reason: req.body.reason,
    });
    res.json(result);
  }),
);

productsRouter.delete(
  '/:id',
  authenticate,
  requireRole('admin'),
  validate({ params: idParams }),
  asyncHandler<IdParams>(async (req, res) => {
    await productService.archiveProduct(currentUser(req), req.params.id);
    res.status(204).end();
  }),
);
