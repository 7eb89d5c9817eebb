import { z } from 'zod';
import { paginationQuery } from '../lib/pagination.js';
import { ORDER_STATUSES } from '../repositories/order-repository.js';

export const shippingAddress = z.object({
  name: z.string().trim().min(1).max(100),
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().min(1).max(100),
  postalCode: z.string().trim().min(2).max(16),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code'),
});

export const createOrderBody = z.object({
  items: z
    .array(z.object({ productId: z.uuid(), quantity: z.number().int().min(1).max(100) }))
    .min(1)
    .max(50),
  shippingAddress,
});
export type CreateOrderBody = z.infer<typeof createOrderBody>;

export const listOrdersQuery = paginationQuery.extend({
  status: z.enum(ORDER_STATUSES).optional(),
  userId: z.uuid().optional(),
});
export type ListOrdersQuery = z.infer<typeof listOrdersQuery>;

export const updateOrderStatusBody = z.object({
  status: z.enum(['shipped', 'delivered']),
});
export type UpdateOrderStatusBody = z.infer<typeof updateOrderStatusBody>;
