import { describe, expect, it } from 'vitest';
import rule from '../../../src/gates/security/authz-checked.js';
import { findingsOf, where } from '../../helpers/gates.js';

const AUTH = `export const authenticate = (req, res, next) => next();
export const requireRole = (role) => (req, res, next) => next();
`;
const routes = (handler: string, guards = 'authenticate') => `import { Router } from 'express';
import express from 'express';
import { authenticate, requireRole } from './auth';
import * as posts from './post-service';
export const app = express();
app.delete('/v1/posts/:id', ${guards}, ${handler});
`;
const service = (body: string) => `import { db } from './db';
export async function removePost(user, id) {
${body}
}
`;

describe('sec/authz-checked', () => {
  it('warns on an authenticated item write with no ownership check in the handler or the service (Express)', async () => {
    const findings = await findingsOf(rule, {
      'src/auth.ts': AUTH,
      'src/app.ts': routes('async (req, res) => { await posts.removePost(req.user, req.params.id); res.status(204).end(); }'),
      'src/post-service.ts': service('  await db.post.delete({ where: { id } });'),
    });
    expect(where(findings)).toEqual(['src/app.ts:6']);
    expect(findings[0]?.message).toContain('DELETE /v1/posts/{id}');
    expect(findings[0]?.message).toContain('only authenticated (authenticate)');
  });

  it('passes an ownership comparison in a service the handler calls', async () => {
    const findings = await findingsOf(rule, {
      'src/auth.ts': AUTH,
      'src/app.ts': routes('async (req, res) => { await posts.removePost(req.user, req.params.id); res.status(204).end(); }'),
      'src/post-service.ts': service("  const post = await db.post.findUnique({ where: { id } });\n  if (post.authorId !== user.id) throw new Error('forbidden');\n  await db.post.delete({ where: { id } });"),
    });
    expect(findings).toEqual([]);
  });

  it('passes a write scoped to the caller, in the handler', async () => {
    const handler = 'async (req, res) => { await db.post.deleteMany({ where: { id: req.params.id, authorId: req.user.id } }); res.status(204).end(); }';
    expect(await findingsOf(rule, { 'src/auth.ts': AUTH, 'src/app.ts': routes(handler), 'src/post-service.ts': service('') })).toEqual([]);
  });

  it('passes raw SQL filtered by the owner column', async () => {
    const handler = "async (req, res) => { await pool.query('DELETE FROM posts WHERE id = $1 AND user_id = $2', [req.params.id, req.user.id]); res.end(); }";
    expect(await findingsOf(rule, { 'src/auth.ts': AUTH, 'src/app.ts': routes(handler), 'src/post-service.ts': service('') })).toEqual([]);
  });

  it('passes a role guard on the route', async () => {
    const handler = 'async (req, res) => { await db.post.delete({ where: { id: req.params.id } }); res.end(); }';
    expect(await findingsOf(rule, { 'src/auth.ts': AUTH, 'src/app.ts': routes(handler, "authenticate, requireRole('admin')"), 'src/post-service.ts': service('') })).toEqual([]);
  });

  it('leaves unauthenticated endpoints and the caller\'s own resource alone', async () => {
    const handler = 'async (req, res) => { await db.post.delete({ where: { id: req.params.id } }); res.end(); }';
    const open = routes(handler).replace("app.delete('/v1/posts/:id', authenticate, ", "app.delete('/v1/posts/:id', ");
    expect(await findingsOf(rule, { 'src/auth.ts': AUTH, 'src/app.ts': open, 'src/post-service.ts': service('') })).toEqual([]);
    const me = routes('async (req, res) => { await db.user.update({ where: { id: req.user.id }, data: req.body }); res.end(); }').replace('/v1/posts/:id', '/v1/users/me');
    expect(await findingsOf(rule, { 'src/auth.ts': AUTH, 'src/app.ts': me, 'src/post-service.ts': service('') })).toEqual([]);
  });

  it('follows a Nest controller into its injected service: @Roles passes, an ownership check passes, neither warns', async () => {
    const controller = (decorators: string) => `import { Controller, Delete, Param, UseGuards, Req } from '@nestjs/common';
import { JwtAuthGuard } from './jwt.guard';
import { Roles } from './roles.decorator';
import { PostsService } from './posts.service';
@Controller('posts')
@UseGuards(JwtAuthGuard)
export class PostsController {
  constructor(private readonly postsService: PostsService) {}
  ${decorators}
  @Delete(':id')
  remove(@Param('id') id: string, @Req() req) {
    return this.postsService.remove(id, req.user);
  }
}
`;
    const postsService = (check: string) => `import { Injectable, ForbiddenException } from '@nestjs/common';
@Injectable()
export class PostsService {
  constructor(private readonly repo: PostRepository) {}
  async remove(id: string, user) {
    const post = await this.repo.findOneBy({ id });
    ${check}
    await this.repo.delete(id);
  }
}
`;
    const common = { 'src/jwt.guard.ts': 'export class JwtAuthGuard {}', 'src/roles.decorator.ts': "export const Roles = (...r) => SetMetadata('roles', r);" };
    const open = await findingsOf(rule, { ...common, 'src/posts.controller.ts': controller(''), 'src/posts.service.ts': postsService('') });
    expect(where(open)).toEqual(['src/posts.controller.ts:10']);
    expect(await findingsOf(rule, { ...common, 'src/posts.controller.ts': controller("@Roles('admin')"), 'src/posts.service.ts': postsService('') })).toEqual([]);
    const owned = postsService("if (post.authorId !== user.id) throw new ForbiddenException();");
    expect(await findingsOf(rule, { ...common, 'src/posts.controller.ts': controller(''), 'src/posts.service.ts': owned })).toEqual([]);
  });

  it('reads Fastify handlers with an auth hook', async () => {
    const server = (body: string) => `import Fastify from 'fastify';
const app = Fastify();
app.put('/v1/notes/:id', { preHandler: [app.authenticate] }, async (request, reply) => {
  ${body}
  return { ok: true };
});
`;
    expect(where(await findingsOf(rule, { 'src/server.ts': server('await db.note.update({ where: { id: request.params.id }, data: request.body });') }))).toEqual(['src/server.ts:3']);
    expect(await findingsOf(rule, { 'src/server.ts': server('await db.note.updateMany({ where: { id: request.params.id, ownerId: request.user.id }, data: request.body });') })).toEqual([]);
  });
});
