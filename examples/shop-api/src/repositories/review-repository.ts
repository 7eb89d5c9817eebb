import { db } from '../db/index.js';
import type { Pagination } from '../lib/pagination.js';

export interface Review {
  id: string;
  productId: string;
  userId: string;
  authorName: string;
  rating: number;
  title: string;
  body: string | null;
  createdAt: Date;
}

interface ReviewRow {
  id: string;
  product_id: string;
  user_id: string;
  author_name: string;
  rating: number;
  title: string;
  body: string | null;
  created_at: Date;
}

function toReview(row: ReviewRow): Review {
  return {
    id: row.id,
    productId: row.product_id,
    userId: row.user_id,
    authorName: row.author_name,
    rating: row.rating,
    title: row.title,
    body: row.body,
    createdAt: row.created_at,
  };
}

export async function listByProduct(
  productId: string,
  { limit, offset }: Pagination,
): Promise<{ items: Review[]; total: number; averageRating: number | null }> {
  const [page, summary] = await Promise.all([
    db.query<ReviewRow>(
      `SELECT r.id, r.product_id, r.user_id, u.name AS author_name, r.rating, r.title, r.body, r.created_at
         FROM reviews r
         JOIN users u ON u.id = r.user_id
        WHERE r.product_id = $1
        ORDER BY r.created_at DESC, r.id
        LIMIT $2 OFFSET $3`,
      [productId, limit, offset],
    ),
    db.query<{ total: number; average: string | null }>(
      `SELECT count(*)::int AS total, round(avg(rating), 2)::text AS average
         FROM reviews
        WHERE product_id = $1`,
      [productId],
    ),
  ]);
  const average = summary.rows[0]?.average;
  return {
    items: page.rows.map(toReview),
    total: summary.rows[0]?.total ?? 0,
    averageRating: average == null ? null : Number(average),
  };
}

export async function findById(id: string): Promise<Review | undefined> {
  const { rows } = await db.query<ReviewRow>(
    `SELECT r.id, r.product_id, r.user_id, u.name AS author_name, r.rating, r.title, r.body, r.created_at
       FROM reviews r
       JOIN users u ON u.id = r.user_id
      WHERE r.id = $1`,
    [id],
  );
  return rows[0] && toReview(rows[0]);
}

export async function create(input: {
  productId: string;
  userId: string;
  rating: number;
  title: string;
  body?: string | undefined;
}): Promise<Review> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO reviews (product_id, user_id, rating, title, body)
     VALUES ($1, $2, $3, $4, $5)
     RETURNING id`,
    [input.productId, input.userId, input.rating, input.title, input.body ?? null],
  );
  return (await findById(rows[0]!.id))!;
}

export async function remove(id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM reviews WHERE id = $1', [id]);
  return rowCount > 0;
}
