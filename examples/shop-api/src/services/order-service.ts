import { db, transaction } from '../db/index.js';
import { conflict, HttpError, notFound } from '../lib/http-error.js';
import { toPage, type Page, type Pagination } from '../lib/pagination.js';
import type { AuthUser } from '../middleware/auth.js';
import * as orders from '../repositories/order-repository.js';
import * as products from '../repositories/product-repository.js';
import { recordAudit } from './audit-service.js';
import { paymentProvider, type PaymentIntentResult } from './payment-service.js';

export type { Order, OrderStatus } from '../repositories/order-repository.js';

export interface NewOrder {
  items: { productId: string; quantity: number }[];
  shippingAddress: orders.ShippingAddress;
}

const toCents = (amount: string | number): number => Math.round(Number(amount) * 100);
const fromCents = (cents: number): string => (cents / 100).toFixed(2);

/** Merges repeated products and sorts by id so concurrent orders lock rows in the same order. */
function normaliseLines(items: NewOrder['items']): NewOrder['items'] {
  const quantities = new Map<string, number>();
  for (const item of items) quantities.set(item.productId, (quantities.get(item.productId) ?? 0) + item.quantity);
  return [...quantities.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([productId, quantity]) => ({ productId, quantity }));
}

export async function createOrder(actor: AuthUser, input: NewOrder): Promise<orders.Order> {
  const lines = normaliseLines(input.items);

  const orderId = await transaction(async (tx) => {
    let totalCents = 0;
    let currency: string | undefined;
    const priced: { productId: string; quantity: number; unitPrice: string }[] = [];

    for (const line of lines) {
      const reserved = await products.reserveStock(tx, line.productId, line.quantity);
      if (!reserved) {
        const product = await products.findById(line.productId, tx);
        if (!product || !product.isActive) throw notFound(`Product ${line.productId}`);
        throw conflict(`Not enough stock for product ${line.productId} (available: ${product.stock})`);
      }
      if (currency && reserved.currency !== currency) {
        throw new HttpError(422, 'Unprocessable Content', 'All products of an order must use the same currency');
      }
      currency = reserved.currency;
      totalCents += toCents(reserved.price) * line.quantity;
      priced.push({ ...line, unitPrice: reserved.price });
    }

    const id = await orders.insertOrder(tx, {
      userId: actor.id,
      total: fromCents(totalCents),
      currency: currency ?? 'EUR',
      shippingAddress: input.shippingAddress,
    });
    for (const line of priced) await orders.insertItem(tx, { orderId: id, ...line });
    await recordAudit(
      {
        actorId: actor.id,
        action: 'order.create',
        entityType: 'order',
        entityId: id,
        metadata: { total: fromCents(totalCents), lines: priced.length },
      },
      tx,
    );
    return id;
  });

  return (await orders.findById(orderId))!;
}

export async function listOrders(
  actor: AuthUser,
  filter: Pagination & { status?: orders.OrderStatus | undefined; userId?: string | undefined },
): Promise<Page<orders.Order>> {
  // Customers only ever see their own orders; admins may look at anyone's.
  const userId = actor.role === 'admin' ? filter.userId : actor.id;
  const { items, total } = await orders.list({ ...filter, userId });
  return toPage(items, total, filter);
}

export async function getOrder(actor: AuthUser, id: string): Promise<orders.Order> {
  const order = await orders.findById(id);
  // Someone else's order is reported as missing rather than forbidden, to not leak ids.
  if (!order || (order.userId !== actor.id && actor.role !== 'admin')) throw notFound('Order');
  return order;
}

export async function payOrder(
  actor: AuthUser,
  id: string,
): Promise<{ order: orders.Order; payment: PaymentIntentResult }> {
  const order = await getOrder(actor, id);
  if (order.userId !== actor.id) throw notFound('Order');
  if (order.status !== 'pending') throw conflict(`Order is ${order.status} and cannot be paid`);

  const payment = await paymentProvider().createPaymentIntent({
    orderId: order.id,
    amountCents: toCents(order.total),
    currency: order.currency,
    customerEmail: actor.email,
  });

  if (payment.status === 'succeeded') {
    const updated = await orders.transitionStatus(db, id, ['pending'], 'paid', payment.intentId);
    if (!updated) throw conflict('Order changed while the payment was processed');
  } else {
    await orders.setPaymentIntent(id, payment.intentId);
  }
  await recordAudit({
    actorId: actor.id,
    action: 'order.pay',
    entityType: 'order',
    entityId: id,
    metadata: { provider: payment.provider, intentId: payment.intentId, status: payment.status },
  });
  return { order: (await orders.findById(id))!, payment };
}

export async function cancelOrder(actor: AuthUser, id: string): Promise<orders.Order> {
  const order = await getOrder(actor, id);
  await transaction(async (tx) => {
    const cancelled = await orders.transitionStatus(tx, id, ['pending'], 'cancelled');
    if (!cancelled) throw conflict(`Order is ${order.status} and can no longer be cancelled`);
    for (const item of order.items) await products.adjustStock(item.productId, item.quantity, tx);
    await recordAudit({ actorId: actor.id, action: 'order.cancel', entityType: 'order', entityId: id }, tx);
  });
  return (await orders.findById(id))!;
}

const FULFILMENT_TRANSITIONS: Record<'shipped' | 'delivered', readonly orders.OrderStatus[]> = {
  shipped: ['paid'],
  delivered: ['shipped'],
};

export async function updateFulfilmentStatus(
  actor: AuthUser,
  id: string,
  status: 'shipped' | 'delivered',
): Promise<orders.Order> {
  const order = await orders.findById(id);
  if (!order) throw notFound('Order');
  const moved = await orders.transitionStatus(db, id, FULFILMENT_TRANSITIONS[status], status);
  if (!moved) throw conflict(`Cannot change an order from ${order.status} to ${status}`);
  await recordAudit({
    actorId: actor.id,
    action: 'order.status',
    entityType: 'order',
    entityId: id,
    metadata: { from: order.status, to: status },
  });
  return (await orders.findById(id))!;
}
