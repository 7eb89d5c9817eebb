import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/security/nosql-injection.js';
import { findingsOf, projectContext, runRule, where } from '../../helpers/gates.js';

const PKG = JSON.stringify({ name: 'svc', dependencies: { express: '^4.19.0', mongoose: '^8.0.0' } });
const MODELS = `import mongoose from 'mongoose';
export const User = mongoose.model('User', new mongoose.Schema({ email: String, password: String }));
export const Order = mongoose.model('Order', new mongoose.Schema({ status: String }));
`;

const express = (route: string, body: string, extraImports = '') => `import express from 'express';
import { User, Order } from './models.js';
${extraImports}
const app = express();
app.${route}, async (req, res) => {
${body}
});
export default app;
`;

const run = (files: Record<string, string>) => findingsOf(rule, { 'package.json': PKG, 'src/models.ts': MODELS, ...files });

describe('sec/nosql-injection (Express + mongoose)', () => {
  it('flags request values used as filter fields (operator injection)', async () => {
    const body = ['  const user = await User.findOne({', '    email: req.body.email,', '    password: req.body.password,', '  });', '  res.json({ ok: !!user });'].join('\n');
    const findings = await run({ 'src/app.ts': express("post('/v1/login'", body) });
    expect(where(findings)).toEqual(['src/app.ts:7', 'src/app.ts:8']);
    expect(findings[0]?.message).toContain('field "email"');
    expect(findings[0]?.severity).toBe('error');
  });

  it('flags a whole request object used as the filter, and a filter filled from the query', async () => {
    const body = [
      '  const all = await Order.find(req.query);',
      '  const filter: Record<string, unknown> = {};',
      '  if (req.query.status) filter.status = req.query.status;',
      '  const some = await Order.find(filter).sort({ createdAt: -1 });',
      '  res.json({ all, some });',
    ].join('\n');
    expect(where(await run({ 'src/app.ts': express("get('/v1/orders'", body) }))).toEqual(['src/app.ts:6', 'src/app.ts:9']);
  });

  it('flags $where built from request data, even from a path parameter', async () => {
    const body = "  res.json(await Order.find({ $where: 'this.userId == ' + req.params.id }));";
    const findings = await run({ 'src/app.ts': express("get('/v1/orders/:id'", body) });
    expect(where(findings)).toEqual(['src/app.ts:6']);
    expect(findings[0]?.message).toContain('$where');
  });

  it('passes strings, numbers, $eq, schema-checked bodies, path parameters and findById', async () => {
    const body = [
      "  const { email } = z.object({ email: z.string().email() }).parse(req.body);",
      '  const a = await User.findOne({ email });',
      '  const b = await User.findOne({ email: String(req.body.email) });',
      '  const c = await User.findOne({ email: { $eq: req.body.email } });',
      '  const d = await Order.find({ userId: req.params.id, status: `${req.query.status}` });',
      '  const e = await Order.findById(req.body.id);',
      "  const password = req.body.password;",
      "  if (typeof password !== 'string') return res.status(400).end();",
      '  const f = await User.findOne({ password });',
      '  const g = await prisma.user.update({ where: { id: req.params.id }, data: req.body });',
      '  res.json({ a, b, c, d, e, f, g });',
    ].join('\n');
    const imports = "import { z } from 'zod';\nimport { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();";
    expect(await run({ 'src/app.ts': express("post('/v1/check'", body, imports) })).toEqual([]);
  });

  it('passes a body read after a schema checked it in the handler', async () => {
    const body = [
      '  const { error } = loginSchema.validate(req.body);',
      '  if (error) return res.status(400).json({ error: error.message });',
      '  const user = await User.findOne({ email: req.body.email });',
      '  res.json({ ok: !!user });',
    ].join('\n');
    const imports = "import Joi from 'joi';\nconst loginSchema = Joi.object({ email: Joi.string().email().required() });";
    expect(await run({ 'src/app.ts': express("post('/v1/login'", body, imports) })).toEqual([]);
  });

  it('follows request data from a route into a service in another file', async () => {
    const route = `import { Router } from 'express';
import { findByEmail } from './users-service.js';
export const router = Router();
router.post('/v1/users/lookup', async (req, res) => {
  res.json(await findByEmail(req.body.email));
});
`;
    const service = `import { User } from './models.js';
export function findByEmail(email: unknown) {
  return User.findOne({ email });
}
`;
    const findings = await run({ 'src/routes.ts': route, 'src/users-service.ts': service });
    expect(where(findings)).toEqual(['src/users-service.ts:3']);
    expect(findings[0]?.related?.map((r) => `${r.file}:${r.line}`)).toEqual(['src/routes.ts:5', 'src/routes.ts:5']);
  });

  it('keeps only $where findings when every request is sanitised (express-mongo-sanitize)', async () => {
    const app = `import express from 'express';
import mongoSanitize from 'express-mongo-sanitize';
import { User, Order } from './models.js';
const app = express();
app.use(mongoSanitize());
app.post('/v1/login', async (req, res) => {
  const user = await User.findOne({ email: req.body.email });
  const orders = await Order.find({ $where: \`this.note == '\${req.body.note}'\` });
  res.json({ user, orders });
});
export default app;
`;
    expect(where(await run({ 'src/app.ts': app }))).toEqual(['src/app.ts:8']);
  });
});

describe('sec/nosql-injection (Fastify, NestJS)', () => {
  it('flags a Fastify handler passing the body to a MongoDB collection', async () => {
    const app = `import Fastify from 'fastify';
import { MongoClient } from 'mongodb';
const db = new MongoClient('mongodb://localhost').db('shop');
const fastify = Fastify();
fastify.post('/v1/users/search', async (request) => {
  const users = db.collection('users');
  return users.find(request.body as object).toArray();
});
fastify.get('/v1/users/by-name', async (request) => {
  // Fastify parses query strings flat: a query value is a string, never an operator object.
  return db.collection('users').findOne({ name: (request.query as { name: string }).name });
});
export default fastify;
`;
    expect(where(await findingsOf(rule, { 'src/app.ts': app }))).toEqual(['src/app.ts:7']);
  });

  it('flags an untyped Nest @Body() used as a filter, passes a validated DTO', async () => {
    const controller = `import { Body, Controller, Post } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { IsString } from 'class-validator';
import type { Model } from 'mongoose';

export class LoginDto {
  @IsString() email!: string;
}

@Controller('v1/users')
export class UsersController {
  constructor(@InjectModel('User') private readonly users: Model<unknown>) {}

  @Post('search')
  search(@Body() body: any) {
    return this.users.find(body);
  }

  @Post('login')
  login(@Body() dto: LoginDto) {
    return this.users.findOne({ email: dto.email });
  }
}
`;
    expect(where(await findingsOf(rule, { 'src/users.controller.ts': controller }))).toEqual(['src/users.controller.ts:16']);
  });

  it('is not applicable to a project without MongoDB', async () => {
    const context = await projectContext({ 'src/app.ts': "import express from 'express';\nexport const app = express();\n" });
    const run = runRule(rule, context);
    expect(run.items.find((i) => i.title === 'SQL injection prevented')?.rules.find((r) => r.id === rule.id)?.status).toBe('not-applicable');
  });
});
