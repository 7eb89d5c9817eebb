import { conflict, forbidden, notFound } from '../lib/http-error.js';
import { toPage, type Pagination } from '../lib/pagination.js';
import type { AuthUser } from '../middleware/auth.js';
import * as products from '../repositories/product-repository.js';
import * as reviews from '../repositories/review-repository.js';
import { recordAudit } from './audit-service.js';

async function activeProduct(productId: string): Promise<products.Product> {
  const product = await products.findById(productId);
  if (!product || !product.isActive) throw notFound('Product');
  return product;
}

export async function listReviews(productId: string, page: Pagination) {
  await activeProduct(productId);
  const { items, total, averageRating } = await reviews.listByProduct(productId, page);
  return { ...toPage(items, total, page), averageRating };
}

export async function createReview(
  actor: AuthUser,
  productId: string,
  input: { rating: number; title: string; body?: string | undefined },
): Promise<reviews.Review> {
  await activeProduct(productId);
  try {
    const review = await reviews.create({ ...input, productId, userId: actor.id });
    await recordAudit({
      actorId: actor.id,
      action: 'review.create',
      entityType: 'review',
      entityId: review.id,
      metadata: { productId, rating: review.rating },
    });
    return review;
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw conflict('You have already reviewed this product');
    throw err;
  }
}

export async function deleteReview(actor: AuthUser, id: string): Promise<void> {
  const review = await reviews.findById(id);
  if (!review) throw notFound('Review');
  if (review.userId !== actor.id && actor.role !== 'admin') throw forbidden('Only the author or an admin can delete a review');
  await reviews.remove(id);
  await recordAudit({
    actorId: actor.id,
    action: 'review.delete',
    entityType: 'review',
    entityId: id,
    metadata: { productId: review.productId },
  });
}
