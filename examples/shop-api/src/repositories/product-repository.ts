import { db, type Queryable } from '../db/index.js';
import type { Pagination } from '../lib/pagination.js';

export interface Product {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  price: number;
  currency: string;
  stock: number;
  categoryId: string;
  categorySlug: string;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  price: string;
  currency: string;
  stock: number;
  category_id: string;
  category_slug: string;
  is_active: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface ProductFilter extends Pagination {
  category?: string | undefined;
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  includeInactive: boolean;
}

export interface NewProduct {
  sku: string;
  name: string;
  description?: string | undefined;
  price: number;
  currency: string;
  stock: number;
  categoryId: string;
}

export type ProductChanges = Partial<Omit<NewProduct, 'sku'>> & { isActive?: boolean | undefined };

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    price: Number(row.price),
    currency: row.currency,
    stock: row.stock,
    categoryId: row.category_id,
    categorySlug: row.category_slug,
    isActive: row.is_active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function list(filter: ProductFilter): Promise<{ items: Product[]; total: number }> {
  const params = [filter.category ?? null, filter.minPrice ?? null, filter.maxPrice ?? null, filter.includeInactive];
  const [page, count] = await Promise.all([
    db.query<ProductRow>(
      `SELECT p.id, p.sku, p.name, p.description, p.price, p.currency, p.stock, p.category_id,
              c.slug AS category_slug, p.is_active, p.created_at, p.updated_at
         FROM products p
         JOIN categories c ON c.id = p.category_id
        WHERE ($1::text IS NULL OR c.slug = $1)
          AND ($2::numeric IS NULL OR p.price >= $2)
          AND ($3::numeric IS NULL OR p.price <= $3)
          AND (p.is_active OR $4::boolean)
        ORDER BY p.name, p.id
        LIMIT $5 OFFSET $6`,
      [...params, filter.limit, filter.offset],
    ),
    db.query<{ total: number }>(
      `SELECT count(*)::int AS total
         FROM products p
         JOIN categories c ON c.id = p.category_id
        WHERE ($1::text IS NULL OR c.slug = $1)
          AND ($2::numeric IS NULL OR p.price >= $2)
          AND ($3::numeric IS NULL OR p.price <= $3)
          AND (p.is_active OR $4::boolean)`,
      params,
    ),
  ]);
  return { items: page.rows.map(toProduct), total: count.rows[0]?.total ?? 0 };
}

export async function search(term: string, { limit, offset }: Pagination): Promise<Product[]> {
  const sql = `SELECT p.id, p.sku, p.name, p.description, p.price, p.currency, p.stock, p.category_id,
                      c.slug AS category_slug, p.is_active, p.created_at, p.updated_at
                 FROM products p
                 JOIN categories c ON c.id = p.category_id
                WHERE p.is_active AND (p.name ILIKE '%${term}%' OR p.sku ILIKE '%${term}%')
                ORDER BY p.name
                LIMIT $1 OFFSET $2`;
  const { rows } = await db.query<ProductRow>(sql, [limit, offset]);
  return rows.map(toProduct);
}

export async function findById(id: string, conn: Queryable = db): Promise<Product | undefined> {
  const { rows } = await conn.query<ProductRow>(
    `SELECT p.id, p.sku, p.name, p.description, p.price, p.currency, p.stock, p.category_id,
            c.slug AS category_slug, p.is_active, p.created_at, p.updated_at
       FROM products p
       JOIN categories c ON c.id = p.category_id
      WHERE p.id = $1`,
    [id],
  );
  return rows[0] && toProduct(rows[0]);
}

export async function create(input: NewProduct): Promise<Product> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO products (sku, name, description, price, currency, stock, category_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING id`,
    [input.sku, input.name, input.description ?? null, input.price, input.currency, input.stock, input.categoryId],
  );
  return (await findById(rows[0]!.id))!;
}

export async function update(id: string, changes: ProductChanges): Promise<Product | undefined> {
  const { rowCount } = await db.query(
    `UPDATE products
        SET name = COALESCE($2, name),
            description = COALESCE($3, description),
            price = COALESCE($4, price),
            currency = COALESCE($5, currency),
            stock = COALESCE($6, stock),
            category_id = COALESCE($7, category_id),
            is_active = COALESCE($8, is_active),
            updated_at = CURRENT_TIMESTAMP
      WHERE id = $1`,
    [
      id,
      changes.name ?? null,
      changes.description ?? null,
      changes.price ?? null,
      changes.currency ?? null,
      changes.stock ?? null,
      changes.categoryId ?? null,
      changes.isActive ?? null,
    ],
  );
  return rowCount > 0 ? findById(id) : undefined;
}

/** Applies a relative stock change; returns undefined when the product is unknown or stock would go negative. */
export async function adjustStock(id: string, delta: number, conn: Queryable = db): Promise<number | undefined> {
  const { rows } = await conn.query<{ stock: number }>(
    `UPDATE products
        SET stock = stock + $2, updated_at = CURRENT_TIMESTAMP
      WHERE id = $1 AND stock + $2 >= 0
      RETURNING stock`,
    [id, delta],
  );
  return rows[0]?.stock;
}

/**
 * Takes `quantity` units out of stock for an order line. Returns the price to charge,
 * or undefined when the product is inactive or there is not enough stock.
 */
export async function reserveStock(
  conn: Queryable,
  id: string,
  quantity: number,
): Promise<{ price: string; currency: string } | undefined> {
  const { rows } = await conn.query<{ price: string; currency: string }>(
    `UPDATE products
        SET stock = stock - $2, updated_at = CURRENT_TIMESTAMP
      WHERE id = $1 AND is_active AND stock >= $2
      RETURNING price, currency`,
    [id, quantity],
  );
  return rows[0];
}
