import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/security/password-hashing.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';

describe('sec/password-hashing', () => {
  it('errors on a password put through a fast digest', async () => {
    const findings = await findingsOf(rule, {
      'src/auth.ts': `import crypto from 'node:crypto';
export function register(req, res) {
  const passwordHash = crypto.createHash('sha256').update(req.body.password).digest('hex');
  return db.user.create({ data: { email: req.body.email, passwordHash } });
}
export const check = (password, salt) => md5(password + salt);
export const tokenDigest = (token) => crypto.createHash('sha256').update(token).digest('hex');
`,
    });
    expect(where(findings)).toEqual(['src/auth.ts:3', 'src/auth.ts:6']);
    expect(findings[0]?.message).toContain('sha256');
    expect(findings.every((f) => f.severity === 'error')).toBe(true);
  });

  it('errors on a request password stored as sent when nothing hashes passwords (Express + Prisma, raw SQL)', async () => {
    const findings = await findingsOf(rule, {
      'src/routes.ts': `import express from 'express';
const app = express();
app.post('/users', async (req, res) => {
  const user = await prisma.user.create({ data: { email: req.body.email, password: req.body.password } });
  res.json({ id: user.id });
});
app.post('/accounts', async (req, res) => {
  const { email, password } = req.body;
  await pool.query('INSERT INTO accounts (email, password) VALUES ($1, $2)', [email, password]);
  res.end();
});
`,
    });
    expect(where(findings)).toEqual(['src/routes.ts:4', 'src/routes.ts:9']);
    expect(findings.map((f) => f.severity)).toEqual(['error', 'error']);
  });

  it('makes such a store a warning when the project hashes with bcrypt elsewhere, and passes it when a model hook hashes', async () => {
    const store = `export async function createUser(dto) {
  return User.create({ email: dto.email, password: dto.password });
}
`;
    const elsewhere = await findingsOf(rule, { 'src/users.ts': store, 'src/auth.ts': "import bcrypt from 'bcryptjs';\nexport const hash = (p) => bcrypt.hash(p, 12);\n" });
    expect(where(elsewhere)).toEqual(['src/users.ts:2']);
    expect(elsewhere[0]?.severity).toBe('warning');
    const hook = `import bcrypt from 'bcrypt';
userSchema.pre('save', async function () { this.password = await bcrypt.hash(this.password, 12); });
`;
    expect(await findingsOf(rule, { 'src/users.ts': store, 'src/user.model.ts': hook })).toEqual([]);
  });

  it('errors on a stored password compared as plain text', async () => {
    const findings = await findingsOf(rule, {
      'src/login.ts': `export async function login(req, res) {
  const user = await User.findOne({ email: req.body.email });
  if (!user || user.password !== req.body.password) return res.status(401).end();
  res.json({ ok: true });
}
`,
    });
    expect(where(findings)).toEqual(['src/login.ts:3']);
  });

  it('passes bcrypt, argon2 and scrypt, hashes stored under hash names, and NestJS services that hash first', async () => {
    const findings = await findingsOf(rule, {
      'src/auth.ts': `import bcrypt from 'bcrypt';
import argon2 from 'argon2';
import { scryptSync, randomBytes } from 'node:crypto';
export async function register(req) {
  const passwordHash = await bcrypt.hash(req.body.password, 12);
  return prisma.user.create({ data: { email: req.body.email, passwordHash } });
}
export async function setPassword(user, password) {
  const hashed = await argon2.hash(password);
  await db.user.update({ where: { id: user.id }, data: { password: hashed } });
}
export const derive = (password) => scryptSync(password, randomBytes(16), 64);
export const valid = (given, user) => bcrypt.compare(given, user.passwordHash);
`,
      'src/users.service.ts': `import { Injectable } from '@nestjs/common';
import * as bcrypt from 'bcrypt';
@Injectable()
export class UsersService {
  async create(dto: CreateUserDto) {
    const password = await bcrypt.hash(dto.password, 10);
    return this.repo.save({ ...dto, password });
  }
}
`,
    });
    expect(findings).toEqual([]);
  });

  it('warns on a password column in a project that hashes nothing', async () => {
    const findings = await findingsOf(rule, {
      'prisma/schema.prisma': 'model User {\n  id Int @id\n  email String\n  password String\n}\n',
      'src/app.ts': 'export const x = 1;\n',
    });
    expect(where(findings)).toEqual(['prisma/schema.prisma:1']);
    expect(findings[0]?.severity).toBe('warning');
  });

  it('is not applicable when no password is handled', async () => {
    const run = runRule(rule, await projectContext({ 'src/app.ts': 'export const add = (a, b) => a + b;\n' }));
    expect(run.items.flatMap((i) => i.rules).find((r) => r.id === rule.id)?.status).toBe('not-applicable');
  });
});
