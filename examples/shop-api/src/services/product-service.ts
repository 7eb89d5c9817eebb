import { conflict, notFound } from '../lib/http-error.js';
import { toPage, type Page, type Pagination } from '../lib/pagination.js';
import type { AuthUser } from '../middleware/auth.js';
import * as categories from '../repositories/category-repository.js';
import * as products from '../repositories/product-repository.js';
import { recordAudit } from './audit-service.js';

export type { Product } from '../repositories/product-repository.js';

export async function listProducts(filter: products.ProductFilter): Promise<Page<products.Product>> {
  const { items, total } = await products.list(filter);
  return toPage(items, total, filter);
}

export async function searchProducts(term: string, page: Pagination): Promise<{ data: products.Product[] }> {
  return { data: await products.search(term, page) };
}

export async function getProduct(id: string, options: { includeInactive: boolean }): Promise<products.Product> {
  const product = await products.findById(id);
  if (!product || (!product.isActive && !options.includeInactive)) throw notFound('Product');
  return product;
}

async function assertCategoryExists(categoryId: string | undefined): Promise<void> {
  if (categoryId && !(await categories.findById(categoryId))) throw notFound('Category');
}

export async function createProduct(actor: AuthUser, input: products.NewProduct): Promise<products.Product> {
  await assertCategoryExists(input.categoryId);
  const product = await products.create(input);
  await recordAudit({
    actorId: actor.id,
    action: 'product.create',
    entityType: 'product',
    entityId: product.id,
    metadata: { sku: product.sku },
  });
  return product;
}

export async function updateProduct(
  actor: AuthUser,
  id: string,
  changes: products.ProductChanges,
): Promise<products.Product> {
  await assertCategoryExists(changes.categoryId);
  const product = await products.update(id, changes);
  if (!product) throw notFound('Product');
  await recordAudit({
    actorId: actor.id,
    action: 'product.update',
    entityType: 'product',
    entityId: id,
    metadata: { fields: Object.keys(changes) },
  });
  return product;
}

/** Products referenced by orders cannot be deleted; they are hidden from the catalogue instead. */
export async function archiveProduct(actor: AuthUser, id: string): Promise<void> {
  const product = await products.update(id, { isActive: false });
  if (!product) throw notFound('Product');
  await recordAudit({ actorId: actor.id, action: 'product.archive', entityType: 'product', entityId: id });
}

export async function adjustStock(
  id: string,
  delta: number,
  context: { actorId: string | null; reason: string },
): Promise<{ id: string; stock: number }> {
  const stock = await products.adjustStock(id, delta);
  if (stock === undefined) {
    if (!(await products.findById(id))) throw notFound('Product');
    throw conflict('Stock cannot become negative');
  }
  await recordAudit({
    actorId: context.actorId,
    action: 'product.stock-adjust',
    entityType: 'product',
    entityId: id,
    metadata: { delta, reason: context.reason, stock },
  });
  return { id, stock };
}
