import { badRequest, notFound } from '../lib/http-error.js';
import type { Pagination } from '../lib/pagination.js';
import type { AuthUser } from '../middleware/auth.js';
import * as users from '../repositories/user-repository.js';
import { recordAudit } from './audit-service.js';
import { hashPassword, verifyPassword } from './auth-service.js';

export async function getProfile(actor: AuthUser): Promise<users.User> {
  const user = await users.findById(actor.id);
  if (!user) throw notFound('User');
  return user;
}

export function listUsers(page: Pagination) {
  return users.list(page);
}

export async function updateProfile(
  actor: AuthUser,
  changes: { name?: string | undefined; currentPassword?: string | undefined; newPassword?: string | undefined },
): Promise<users.User> {
  let passwordHash: string | undefined;
  if (changes.newPassword) {
    const currentHash = await users.findPasswordHash(actor.id);
    if (!currentHash) throw notFound('User');
    if (!changes.currentPassword || !(await verifyPassword(changes.currentPassword, currentHash))) {
      throw badRequest('currentPassword does not match', [
        { path: 'body.currentPassword', message: 'Current password is incorrect' },
      ]);
    }
    passwordHash = await hashPassword(changes.newPassword);
  }

  const user = await users.update(actor.id, { name: changes.name, passwordHash });
  if (!user) throw notFound('User');
  await recordAudit({
    actorId: actor.id,
    action: 'user.update',
    entityType: 'user',
    entityId: user.id,
    metadata: { fields: Object.keys(changes).filter((key) => key !== 'currentPassword') },
  });
  return user;
}

/** Creates the bootstrap administrator, or promotes an existing account. */
export async function ensureAdmin(input: { email: string; password: string; name: string }): Promise<users.User> {
  const promoted = await users.setRole(input.email, 'admin');
  if (promoted) return promoted;
  const admin = await users.create({
    email: input.email,
    name: input.name,
    passwordHash: await hashPassword(input.password),
    role: 'admin',
  });
  await recordAudit({ actorId: null, action: 'user.bootstrap-admin', entityType: 'user', entityId: admin.id });
  return admin;
}
