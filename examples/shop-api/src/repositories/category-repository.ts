import { db } from '../db/index.js';

export interface Category {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
  createdAt: Date;
}

interface CategoryRow {
  id: string;
  slug: string;
  name: string;
  parent_id: string | null;
  created_at: Date;
}

function toCategory(row: CategoryRow): Category {
  return { id: row.id, slug: row.slug, name: row.name, parentId: row.parent_id, createdAt: row.created_at };
}

export async function listAll(): Promise<Category[]> {
  const { rows } = await db.query<CategoryRow>('SELECT id, slug, name, parent_id, created_at FROM categories ORDER BY name');
  return rows.map(toCategory);
}

export async function findById(id: string): Promise<Category | undefined> {
  const { rows } = await db.query<CategoryRow>(`SELECT id, slug, name, parent_id, created_at FROM categories WHERE id = $1`, [id]);
  return rows[0] && toCategory(rows[0]);
}

export async function create(input: { slug: string; name: string; parentId?: string | undefined }): Promise<Category> {
  const { rows } = await db.query<CategoryRow>(
    `INSERT INTO categories (slug, name, parent_id) VALUES ($1, $2, $3) RETURNING id, slug, name, parent_id, created_at`,
    [input.slug, input.name, input.parentId ?? null],
  );
  return toCategory(rows[0]!);
}
