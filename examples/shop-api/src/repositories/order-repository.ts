import { db, type Queryable } from '../db/index.js';
import type { Pagination } from '../lib/pagination.js';

export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface ShippingAddress {
  name: string;
  line1: string;
  line2?: string | undefined;
  city: string;
  postalCode: string;
  country: string;
}

export interface OrderItem {
  id: string;
  productId: string;
  quantity: number;
  unitPrice: number;
}

export interface Order {
  id: string;
  userId: string;
  status: OrderStatus;
  total: number;
  currency: string;
  shippingAddress: ShippingAddress;
  paymentIntentId: string | null;
  createdAt: Date;
  updatedAt: Date;
  items: OrderItem[];
}

interface OrderRow {
  id: string;
  user_id: string;
  status: OrderStatus;
  total: string;
  currency: string;
  shipping_address: ShippingAddress;
  payment_intent_id: string | null;
  created_at: Date;
  updated_at: Date;
}

interface OrderItemRow {
  id: string;
  order_id: string;
  product_id: string;
  quantity: number;
  unit_price: string;
}

function toOrder(row: OrderRow, items: OrderItemRow[]): Order {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    total: Number(row.total),
    currency: row.currency,
    shippingAddress: row.shipping_address,
    paymentIntentId: row.payment_intent_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    items: items
      .filter((item) => item.order_id === row.id)
      .map((item) => ({
        id: item.id,
        productId: item.product_id,
        quantity: item.quantity,
        unitPrice: Number(item.unit_price),
      })),
  };
}

async function withItems(rows: OrderRow[], conn: Queryable = db): Promise<Order[]> {
  if (rows.length === 0) return [];
  const { rows: items } = await conn.query<OrderItemRow>(
    `SELECT id, order_id, product_id, quantity, unit_price
       FROM order_items
      WHERE order_id = ANY($1::uuid[])
      ORDER BY product_id`,
    [rows.map((row) => row.id)],
  );
  return rows.map((row) => toOrder(row, items));
}

export async function insertOrder(
  conn: Queryable,
  input: { userId: string; total: string; currency: string; shippingAddress: ShippingAddress },
): Promise<string> {
  const { rows } = await conn.query<{ id: string }>(
    `INSERT INTO orders (user_id, total, currency, shipping_address)
     VALUES ($1, $2, $3, $4)
     RETURNING id`,
    [input.userId, input.total, input.currency, JSON.stringify(input.shippingAddress)],
  );
  return rows[0]!.id;
}

export async function insertItem(
  conn: Queryable,
  item: { orderId: string; productId: string; quantity: number; unitPrice: string },
): Promise<void> {
  await conn.query(
    `INSERT INTO order_items (order_id, product_id, quantity, unit_price)
     VALUES ($1, $2, $3, $4)`,
    [item.orderId, item.productId, item.quantity, item.unitPrice],
  );
}

export async function findById(id: string, conn: Queryable = db): Promise<Order | undefined> {
  const { rows } = await conn.query<OrderRow>(
    `SELECT id, user_id, status, total, currency, shipping_address, payment_intent_id, created_at, updated_at
       FROM orders
      WHERE id = $1`,
    [id],
  );
  const [order] = await withItems(rows, conn);
  return order;
}

export async function list(
  filter: Pagination & { userId?: string | undefined; status?: OrderStatus | undefined },
): Promise<{ items: Order[]; total: number }> {
  const params = [filter.userId ?? null, filter.status ?? null];
  const [page, count] = await Promise.all([
    db.query<OrderRow>(
      `SELECT id, user_id, status, total, currency, shipping_address, payment_intent_id, created_at, updated_at
         FROM orders
        WHERE ($1::uuid IS NULL OR user_id = $1)
          AND ($2::order_status IS NULL OR status = $2)
        ORDER BY created_at DESC, id
        LIMIT $3 OFFSET $4`,
      [...params, filter.limit, filter.offset],
    ),
    db.query<{ total: number }>(
      `SELECT count(*)::int AS total
         FROM orders
        WHERE ($1::uuid IS NULL OR user_id = $1)
          AND ($2::order_status IS NULL OR status = $2)`,
      params,
    ),
  ]);
  return { items: await withItems(page.rows), total: count.rows[0]?.total ?? 0 };
}

/**
 * Moves an order to `next` only if it is currently in one of `from`;
 * returns false when the order is missing or in another state.
 */
export async function transitionStatus(
  conn: Queryable,
  id: string,
  from: readonly OrderStatus[],
  next: OrderStatus,
  paymentIntentId?: string,
): Promise<boolean> {
  const { rowCount } = await conn.query(
    `UPDATE orders
        SET status = $3,
            payment_intent_id = COALESCE($4, payment_intent_id),
            updated_at = CURRENT_TIMESTAMP
      WHERE id = $1 AND status::text = ANY($2::text[])`,
    [id, [...from], next, paymentIntentId ?? null],
  );
  return rowCount > 0;
}

export async function setPaymentIntent(id: string, paymentIntentId: string): Promise<void> {
  await db.query('UPDATE orders SET payment_intent_id = $2, updated_at = CURRENT_TIMESTAMP WHERE id = $1', [
    id,
    paymentIntentId,
  ]);
}
