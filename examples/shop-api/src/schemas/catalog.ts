import { z } from 'zod';
import { paginationQuery } from '../lib/pagination.js';
import { currency, money, queryFlag } from './common.js';

export const createCategoryBody = z.object({
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase words separated by dashes').max(60),
  name: z.string().trim().min(1).max(100),
  parentId: z.uuid().optional(),
});
export type CreateCategoryBody = z.infer<typeof createCategoryBody>;

export const listProductsQuery = paginationQuery
  .extend({
    category: z.string().max(60).optional(),
    minPrice: z.coerce.number().nonnegative().optional(),
    maxPrice: z.coerce.number().nonnegative().optional(),
    includeInactive: queryFlag,
  })
  .refine((q) => q.minPrice === undefined || q.maxPrice === undefined || q.minPrice <= q.maxPrice, {
    message: 'minPrice must not be greater than maxPrice',
    path: ['minPrice'],
  });
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

export const searchProductsQuery = paginationQuery.extend({
  q: z.string().trim().min(2).max(100),
});
export type SearchProductsQuery = z.infer<typeof searchProductsQuery>;

export const productQuery = z.object({ includeInactive: queryFlag });
export type ProductQuery = z.infer<typeof productQuery>;

export const createProductBody = z.object({
  sku: z.string().regex(/^[A-Z0-9-]{3,32}$/, 'uppercase letters, digits and dashes'),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).optional(),
  price: money,
  currency: currency.default('EUR'),
  stock: z.number().int().min(0).default(0),
  categoryId: z.uuid(),
});
export type CreateProductBody = z.infer<typeof createProductBody>;

export const updateProductBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(5000),
    price: money,
    currency,
    categoryId: z.uuid(),
    isActive: z.boolean(),
  })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'At least one field is required' });
export type UpdateProductBody = z.infer<typeof updateProductBody>;

export const adjustStockBody = z.object({
  delta: z
    .number()
    .int()
    .min(-10_000)
    .max(10_000)
    .refine((value) => value !== 0, { message: 'delta must not be 0' }),
  reason: z.enum(['restock', 'correction', 'damaged', 'returned']),
});
export type AdjustStockBody = z.infer<typeof adjustStockBody>;

export const createReviewBody = z.object({
  rating: z.number().int().min(1).max(5),
  title: z.string().trim().min(1).max(120),
  body: z.string().trim().max(4000).optional(),
});
export type CreateReviewBody = z.infer<typeof createReviewBody>;
