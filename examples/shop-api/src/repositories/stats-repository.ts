import { db } from '../db/index.js';

export interface StoreStats {
  users: number;
  activeProducts: number;
  lowStockProducts: number;
  ordersByStatus: Record<string, number>;
  revenue: number;
}

export async function collect(lowStockThreshold: number): Promise<StoreStats> {
  const [users, products, orders, revenue] = await Promise.all([
    db.query<{ count: number }>('SELECT count(*)::int AS count FROM users'),
    db.query<{ active: number; low_stock: number }>(
      `SELECT count(*) FILTER (WHERE is_active)::int AS active,
              count(*) FILTER (WHERE is_active AND stock <= $1)::int AS low_stock
         FROM products`,
      [lowStockThreshold],
    ),
    db.query<{ status: string; count: number }>(
      'SELECT status::text AS status, count(*)::int AS count FROM orders GROUP BY status ORDER BY status',
    ),
    db.query<{ revenue: string }>(
      `SELECT COALESCE(sum(total), 0)::text AS revenue
         FROM orders
        WHERE status IN ('paid', 'shipped', 'delivered')`,
    ),
  ]);
  return {
    users: users.rows[0]?.count ?? 0,
    activeProducts: products.rows[0]?.active ?? 0,
    lowStockProducts: products.rows[0]?.low_stock ?? 0,
    ordersByStatus: Object.fromEntries(orders.rows.map((row) => [row.status, row.count])),
    revenue: Number(revenue.rows[0]?.revenue ?? 0),
  };
}
