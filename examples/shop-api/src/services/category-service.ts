import { notFound } from '../lib/http-error.js';
import type { AuthUser } from '../middleware/auth.js';
import * as categories from '../repositories/category-repository.js';
import { recordAudit } from './audit-service.js';

export function listCategories() {
  return categories.listAll();
}

export async function createCategory(
  actor: AuthUser,
  input: { slug: string; name: string; parentId?: string | undefined },
): Promise<categories.Category> {
  if (input.parentId && !(await categories.findById(input.parentId))) throw notFound('Parent category');
  const category = await categories.create(input);
  await recordAudit({
    actorId: actor.id,
    action: 'category.create',
    entityType: 'category',
    entityId: category.id,
    metadata: { slug: category.slug },
  });
  return category;
}
