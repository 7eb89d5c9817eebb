import { z } from 'zod';

export const idParams = z.object({ id: z.uuid() });
export type IdParams = z.infer<typeof idParams>;

export const productIdParams = z.object({ productId: z.uuid() });
export type ProductIdParams = z.infer<typeof productIdParams>;

/** Money amounts with at most two decimals, as JSON numbers. */
export const money = z.number().nonnegative().max(1_000_000).multipleOf(0.01, 'At most two decimal places');

export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'ISO 4217 currency code, e.g. EUR');

/** Boolean query flags (`?includeInactive=true`). */
export const queryFlag = z
  .enum(['true', 'false'])
  .optional()
  .transform((value) => value === 'true');
