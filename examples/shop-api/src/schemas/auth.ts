import { z } from 'zod';

const email = z
  .email()
  .max(254)
  .transform((value) => value.toLowerCase());

export const registerBody = z.object({
  email,
  password: z.string().min(8, 'Password must be at least 8 characters').max(72),
  name: z.string().trim().min(1).max(100),
});
export type RegisterBody = z.infer<typeof registerBody>;

export const loginBody = z.object({
  email,
  password: z.string().min(1).max(72),
});
export type LoginBody = z.infer<typeof loginBody>;

export const updateProfileBody = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    currentPassword: z.string().min(1).max(72).optional(),
    newPassword: z.string().min(8).max(72).optional(),
  })
  .strict()
  .refine((body) => body.name !== undefined || body.newPassword !== undefined, {
    message: 'Provide name and/or newPassword',
  })
  .refine((body) => body.newPassword === undefined || body.currentPassword !== undefined, {
    message: 'currentPassword is required to set a new password',
    path: ['currentPassword'],
  });
export type UpdateProfileBody = z.infer<typeof updateProfileBody>;
