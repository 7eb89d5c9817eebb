import bcrypt from 'bcryptjs';
import { config } from '../config.js';
import { signAccessToken } from '../middleware/auth.js';
import { conflict, unauthorized } from '../lib/http-error.js';
import * as users from '../repositories/user-repository.js';
import { recordAudit } from './audit-service.js';

export interface AuthResult {
  user: users.User;
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

function issueToken(user: users.User): AuthResult {
  return {
    user,
    accessToken: signAccessToken({ id: user.id, email: user.email, role: user.role }),
    tokenType: 'Bearer',
    expiresIn: config.jwt.expiresInSeconds,
  };
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, config.bcryptRounds);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the e-mail is unknown, so both failure paths cost the same.
let dummyHash: Promise<string> | undefined;

export async function register(input: { email: string; password: string; name: string }): Promise<AuthResult> {
  const existing = await users.findCredentialsByEmail(input.email);
  if (existing) throw conflict('An account with this e-mail address already exists');

  const user = await users.create({
    email: input.email,
    name: input.name,
    passwordHash: await hashPassword(input.password),
  });
  await recordAudit({ actorId: user.id, action: 'user.register', entityType: 'user', entityId: user.id });
  return issueToken(user);
}

export async function login(input: { email: string; password: string }): Promise<AuthResult> {
  const credentials = await users.findCredentialsByEmail(input.email);
  if (!credentials) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verifyPassword(input.password, await dummyHash);
    throw unauthorized('Invalid e-mail or password');
  }
  const valid = await verifyPassword(input.password, credentials.passwordHash);
  if (!valid) throw unauthorized('Invalid e-mail or password');
  return issueToken(credentials.user);
}
