import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/security/sensitive-exposure.js';
import { findingsOf, where } from '../../helpers/gates.js';

const PRISMA = 'model User {\n  id String @id\n  email String\n  passwordHash String\n}\n';
const app = (routes: string) => `import express from 'express';
const app = express();
${routes}
export default app;
`;

describe('sec/sensitive-exposure', () => {
  it('errors on a password key written into a response (Express)', async () => {
    const findings = await findingsOf(rule, {
      'src/app.ts': app("app.get('/v1/me', async (req, res) => {\n  const user = await loadUser(req);\n  res.json({ id: user.id, email: user.email, password: user.password });\n});"),
    });
    expect(where(findings)).toEqual(['src/app.ts:5']);
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.message).toContain('`password`');
  });

  it('follows the handler into the function that builds the payload', async () => {
    const findings = await findingsOf(rule, {
      'src/present.ts': 'export function present(user) {\n  return { id: user.id, passwordHash: user.passwordHash };\n}\n',
      'src/app.ts': app("import { present } from './present';\napp.get('/v1/users/:id', async (req, res) => res.json(present(await find(req.params.id))));"),
    });
    expect(where(findings)).toEqual(['src/present.ts:2']);
  });

  it('warns when a whole row of a model with a password field is sent (Prisma, SQL)', async () => {
    const findings = await findingsOf(rule, {
      'prisma/schema.prisma': PRISMA,
      'src/app.ts': app(
        [
          "app.get('/v1/users/:id', async (req, res) => {",
          '  const user = await prisma.user.findUnique({ where: { id: req.params.id } });',
          '  res.json(user);',
          '});',
          "app.get('/v1/accounts/:id', async (req, res) => {",
          "  const { rows } = await pool.query('SELECT * FROM \"User\" WHERE id = $1', [req.params.id]);",
          '  res.json(rows[0]);',
          '});',
        ].join('\n'),
      ),
    });
    expect(where(findings)).toEqual(['src/app.ts:4', 'src/app.ts:8']);
    expect(findings.map((f) => f.severity)).toEqual(['warning', 'warning']);
  });

  it('passes projections, mappings, stripped fields and nulled keys', async () => {
    const findings = await findingsOf(rule, {
      'prisma/schema.prisma': PRISMA,
      'src/app.ts': app(
        [
          "app.get('/v1/a/:id', async (req, res) => res.json(await prisma.user.findUnique({ where: { id: req.params.id }, select: { id: true, email: true } })));",
          "app.get('/v1/b/:id', async (req, res) => { const user = await prisma.user.findUnique({ where: { id: req.params.id } }); res.json({ id: user.id, email: user.email }); });",
          "app.get('/v1/c/:id', async (req, res) => { const user = await prisma.user.findUnique({ where: { id: req.params.id } }); delete user.passwordHash; res.json(user); });",
          "app.get('/v1/d/:id', async (req, res) => { const user = await prisma.user.findUnique({ where: { id: req.params.id } }); res.json({ ...user, passwordHash: undefined }); });",
          "app.post('/v1/login', async (req, res) => res.json({ accessToken: 'x', tokenType: 'Bearer' }));",
        ].join('\n'),
      ),
    });
    expect(findings).toEqual([]);
  });

  it('follows a Nest controller into a TypeORM repository read of an entity with a password column', async () => {
    const files = (select: string) => ({
      'src/user.entity.ts': `import { Entity, PrimaryGeneratedColumn, Column } from 'typeorm';
@Entity()
export class User {
  @PrimaryGeneratedColumn() id: number;
  @Column() email: string;
  @Column(${select}) password: string;
}
`,
      'src/users.service.ts': `import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { User } from './user.entity';
@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly usersRepository: Repository<User>) {}
  findOne(id: number) {
    return this.usersRepository.findOne({ where: { id } });
  }
}
`,
      'src/users.controller.ts': `import { Controller, Get, Param } from '@nestjs/common';
import { UsersService } from './users.service';
@Controller('users')
export class UsersController {
  constructor(private readonly usersService: UsersService) {}
  @Get(':id')
  findOne(@Param('id') id: string) {
    return this.usersService.findOne(+id);
  }
}
`,
    });
    expect(where(await findingsOf(rule, files('')))).toEqual(['src/users.service.ts:9']);
    expect(await findingsOf(rule, files('{ select: false }'))).toEqual([]);
  });

  it('knows Mongoose models with a password path, unless it is select: false', async () => {
    const model = (options: string) => `const mongoose = require('mongoose');
const userSchema = new mongoose.Schema({ email: String, password: ${options} });
module.exports = mongoose.model('User', userSchema);
`;
    const routes = `const express = require('express');
const User = require('./user');
const app = express();
app.get('/users/:id', async (req, res) => res.json(await User.findById(req.params.id)));
app.get('/users/:id/name', async (req, res) => res.json(await User.findById(req.params.id, 'email')));
module.exports = app;
`;
    expect(where(await findingsOf(rule, { 'src/user.js': model('String'), 'src/app.js': routes }))).toEqual(['src/app.js:4']);
    expect(await findingsOf(rule, { 'src/user.js': model('{ type: String, select: false }'), 'src/app.js': routes })).toEqual([]);
  });

  it('reads what a Fastify handler returns', async () => {
    const server = (query: string) => `import Fastify from 'fastify';
const app = Fastify();
app.get('/v1/users/:id', async (request) => ${query});
`;
    const files = (query: string) => ({ 'prisma/schema.prisma': PRISMA, 'src/server.ts': server(query) });
    expect(where(await findingsOf(rule, files('prisma.user.findUnique({ where: { id: request.params.id } })')))).toEqual(['src/server.ts:3']);
    expect(await findingsOf(rule, files('prisma.user.findUnique({ where: { id: request.params.id }, omit: { passwordHash: true } })'))).toEqual([]);
  });
});
